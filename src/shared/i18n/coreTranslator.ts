import {
  compile,
  createCoreContext,
  fallbackWithLocaleChain,
  registerLocaleFallbacker,
  registerMessageCompiler,
  registerMessageResolver,
  resolveValue,
  translate
} from '@intlify/core-base'
import type { Locale } from './locales'
import { messages } from './messages/index'
import type { Translate } from './translate'

// vue-i18n's own engine, without Vue: the CLI and Electron's menus read the same message
// files, in the same syntax, as the renderer. Its compiler builds messages without eval.
registerMessageCompiler(compile)
registerMessageResolver(resolveValue)
registerLocaleFallbacker(fallbackWithLocaleChain)

/** A translator for one language; a key missing there falls back to English. */
export function createTranslator(locale: Locale): Translate {
  const context = createCoreContext({
    locale,
    fallbackLocale: 'en',
    messages: messages as Record<string, never>,
    missingWarn: false,
    fallbackWarn: false,
    // Not HTML: a terminal or a native menu. `<n>` in a CLI message is an argument, not a tag.
    warnHtmlMessage: false
  })
  return (key, named = {}, plural) =>
    plural === undefined
      ? (translate(context, key, named) as string)
      : (translate(context, key, named, plural) as string)
}
