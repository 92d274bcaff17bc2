import { ref } from 'vue'
import { createI18n } from 'vue-i18n'
import { matchLocale, type Locale } from '@shared/i18n/locales'
import { messages, type MessageSchema } from '@shared/i18n/messages/index'
import type { Translate } from '@shared/i18n/translate'
import { LocaleChoiceSchema, type LocaleChoice } from '@shared/info'
import { loadSaved, save } from '../lib/persist'

/**
 * The renderer's languages. The user's choice (the switch in the status bar) wins; with
 * `system`, the system's preferences: the desktop preload passes Electron's, a browser has
 * navigator.languages. The engine keeps the choice in its settings (the engine store syncs
 * it); localStorage mirrors it so the first paint is already in the right language.
 * Changing it re-renders in place: no reload.
 */
const SAVED_KEY = 'locale'

const isLocaleChoice = (v: unknown): v is LocaleChoice => LocaleChoiceSchema.safeParse(v).success

/** The system's preferred languages, best first. */
export function systemLanguages(): readonly string[] {
  const desktop = (globalThis as { studio?: { systemLanguages?: readonly string[] } }).studio
    ?.systemLanguages
  if (desktop?.length) return desktop
  const nav = globalThis.navigator
  return nav?.languages?.length ? nav.languages : nav?.language ? [nav.language] : []
}

export function systemLocale(): Locale {
  return matchLocale(systemLanguages())
}

/** The language a choice shows. */
export function resolveLocale(choice: LocaleChoice): Locale {
  return choice === 'system' ? systemLocale() : choice
}

const choice = ref<LocaleChoice>(loadSaved(SAVED_KEY, isLocaleChoice) ?? 'system')

export function initialLocale(): Locale {
  return resolveLocale(choice.value)
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'en',
  messages: messages as Record<Locale, MessageSchema>,
  // A missing key shows in English rather than as its key; the parity test keeps it rare.
  missingWarn: false,
  fallbackWarn: false
})

/** The language now shown. */
export function currentLocale(): Locale {
  return i18n.global.locale.value
}

/** What the user chose: a language, or `system`. Reactive (the switch shows it). */
export function localeChoice(): LocaleChoice {
  return choice.value
}

/**
 * Switches the whole studio at once and mirrors the choice in localStorage. The engine store's
 * `chooseLocale` also saves it in the engine's settings; this alone is the local half.
 */
export function applyLocaleChoice(next: LocaleChoice): void {
  choice.value = next
  save(SAVED_KEY, next)
  const locale = resolveLocale(next)
  i18n.global.locale.value = locale
  if (globalThis.document) document.documentElement.lang = locale
}

/** Shows one language (a choice of it, not `system`), at once. */
export function setLocale(locale: Locale): void {
  applyLocaleChoice(locale)
}

/** vue-i18n's `t` for code outside components (stores, shared text builders). */
export const t: Translate = (key, named = {}, plural) =>
  plural === undefined ? i18n.global.t(key, named) : i18n.global.t(key, named, plural)

if (globalThis.document) document.documentElement.lang = currentLocale()
