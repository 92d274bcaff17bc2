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

/** Every English message, by area (one file each, so people can work on them side by side). */
const messages = {
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
export type MessageSchema = typeof messages
export default messages
