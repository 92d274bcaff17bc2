import type en from '../en/common'
import type { Mirror } from '../mirror'

const messages: Mirror<typeof en> = {
  language: {
    label: '语言',
    systemNamed: '跟随系统（{language}）'
  }
}
export default messages
