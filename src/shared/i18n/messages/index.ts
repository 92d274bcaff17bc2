import type { Locale } from '../locales'
import en, { type MessageSchema } from './en/index'
import zhCN from './zh-CN/index'
import zhTW from './zh-TW/index'
import type { Mirror } from './mirror'

export type { MessageSchema }

/** Every message of every language the studio speaks. */
export const messages: Record<Locale, Mirror<MessageSchema>> = {
  en,
  'zh-CN': zhCN,
  'zh-TW': zhTW
}
