/**
 * The studio's languages, and how a system's preferences pick one. One list for the
 * renderer (navigator.languages, Electron's app.getLocale()) and the CLI (LANG).
 */
export const LOCALES = ['en', 'zh-CN', 'zh-TW'] as const
export type Locale = (typeof LOCALES)[number]

/** Each language named in itself, as a language switch shows it. */
export const LOCALE_AUTONYMS: Record<Locale, string> = {
  en: 'English',
  'zh-CN': '简体中文',
  'zh-TW': '繁體中文'
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

/**
 * The first preference the studio speaks, else English. Chinese goes by script: Hant, or
 * a region that writes it (Taiwan, Hong Kong, Macau), is Traditional; any other Chinese
 * (Hans, mainland China, Singapore, or none given) is Simplified; a script named wins over
 * the region (`zh-Hans-HK` is Simplified). Tags are BCP 47
 * (`zh-Hant-TW`) or POSIX (`zh_TW.UTF-8`).
 */
export function matchLocale(preferences: readonly (string | undefined | null)[]): Locale {
  for (const raw of preferences) {
    if (!raw) continue
    const tag = raw.split(/[.@]/)[0]!.replace(/_/g, '-').toLowerCase()
    const [language, ...rest] = tag.split('-')
    if (language === 'en') return 'en'
    if (language === 'zh') {
      if (rest.includes('hans')) return 'zh-CN'
      if (rest.includes('hant') || rest.some((p) => ['tw', 'hk', 'mo'].includes(p))) return 'zh-TW'
      return 'zh-CN'
    }
  }
  return 'en'
}

/**
 * The CLI's language from the environment, as gettext reads it: LC_ALL, then LC_MESSAGES,
 * then LANG; LANGUAGE (a colon list) is consulted first unless the locale is C/POSIX.
 */
export function localeFromEnv(env: Record<string, string | undefined>): Locale {
  const chosen = env.LC_ALL || env.LC_MESSAGES || env.LANG || ''
  const base = chosen.split('.')[0]
  if (base === 'C' || base === 'POSIX') return 'en'
  return matchLocale([...(env.LANGUAGE?.split(':') ?? []), chosen])
}
