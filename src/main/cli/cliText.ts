import { InvalidArgumentError } from 'commander'
import type { ErrorParams } from '../../shared/errorCodes'
import { createTranslator } from '../../shared/i18n/coreTranslator'
import { errorWords } from '../../shared/i18n/errorWords'
import { localeFromEnv, type Locale } from '../../shared/i18n/locales'
import type { Translate } from '../../shared/i18n/translate'

/** The command line's language (LANG and friends, as gettext reads them) and its numbers. */
export interface CliText {
  locale: Locale
  t: Translate
  /** A number as the locale writes it (Intl.NumberFormat). */
  n(value: number, options?: Intl.NumberFormatOptions): string
  /**
   * An engine message in this language, worded as the studio words it (errorWords): in
   * English the engine's own text, as always printed. Numbers stay as the engine wrote them.
   */
  explain(message: string, reason?: { code?: string; params?: ErrorParams }): string
}

/**
 * Read when a command runs (or an error is reported), not at import: the environment decides,
 * and tests set it per run.
 */
export function cliText(env: Record<string, string | undefined> = process.env): CliText {
  const locale = localeFromEnv(env)
  const t = createTranslator(locale)
  return {
    locale,
    t,
    n: (value, options) => new Intl.NumberFormat(locale, options).format(value),
    explain: (message, reason) => errorWords({ locale, t }, { ...reason, message }) ?? message
  }
}

/**
 * A commander parser for a whole-number option in [min, max] (max Infinity: no upper bound);
 * it refuses in the user's language, when commander reads the arguments.
 */
export function wholeNumberOption(option: string, min: number, max: number) {
  return (raw: string): number => {
    const n = Number(raw)
    if (!/^\s*\d+\s*$/.test(raw) || n < min || n > max) {
      const { t } = cliText()
      throw new InvalidArgumentError(
        Number.isFinite(max)
          ? t('cli.options.wholeNumberRange', { option, min, max })
          : t('cli.options.wholeNumberAtLeast', { option, min })
      )
    }
    return n
  }
}
