import { createTranslator } from '../../shared/i18n/coreTranslator'
import { matchLocale, type Locale } from '../../shared/i18n/locales'
import type { Translate } from '../../shared/i18n/translate'
import type { LocaleChoice } from '../../shared/info'

/** What main uses of Electron's `app` to learn the system's languages (a fake in tests). */
export interface SystemLocaleSource {
  getLocale(): string
  getPreferredSystemLanguages?(): string[]
}

/**
 * The system's preferred languages, best first: the OS's own list (macOS and Windows keep
 * one; on Linux it comes from LANGUAGE and LC_*), then Chromium's UI locale.
 */
export function systemLanguages(app: SystemLocaleSource): string[] {
  let preferred: string[] = []
  try {
    preferred = app.getPreferredSystemLanguages?.() ?? []
  } catch {
    // Older platforms without the list: the UI locale alone still says enough.
  }
  return [...new Set([...preferred, app.getLocale()].filter((l) => !!l))]
}

/**
 * The language main speaks (menus, dialogs): the user's choice kept in the engine's settings,
 * or with `system` the system's. `onChange` hears when the language shown changes, so the
 * menu is built again in it.
 */
export class DesktopLocale {
  private shown: Locale
  private t: Translate

  constructor(
    private readonly system: readonly string[],
    private readonly onChange: (t: Translate, locale: Locale) => void = () => undefined
  ) {
    this.shown = matchLocale(system)
    this.t = createTranslator(this.shown)
  }

  get locale(): Locale {
    return this.shown
  }

  /** A translator for the language now shown (a new one after each change). */
  get translate(): Translate {
    return this.t
  }

  /** Follows the saved choice; true when that changed the language. */
  follow(choice: LocaleChoice): boolean {
    const next = choice === 'system' ? matchLocale(this.system) : choice
    if (next === this.shown) return false
    this.shown = next
    this.t = createTranslator(next)
    this.onChange(this.t, next)
    return true
  }
}
