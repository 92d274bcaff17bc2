import type en from '../en/common'
import type { Mirror } from '../mirror'

const messages: Mirror<typeof en> = {
  language: {
    label: '語言',
    systemNamed: '跟隨系統（{language}）'
  }
}
export default messages
