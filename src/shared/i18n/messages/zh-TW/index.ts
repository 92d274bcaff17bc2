import type { MessageSchema } from '../en/index'
import type { Mirror } from '../mirror'
import common from './common'
import app from './app'
import dataset from './dataset'
import train from './train'
import techniques from './techniques'
import runs from './runs'
import charts from './charts'
import generate from './generate'
import lab from './lab'
import errors from './errors'
import menu from './menu'
import cli from './cli'

const messages: Mirror<MessageSchema> = {
  common,
  app,
  dataset,
  train,
  techniques,
  runs,
  charts,
  generate,
  lab,
  errors,
  menu,
  cli
}
export default messages
