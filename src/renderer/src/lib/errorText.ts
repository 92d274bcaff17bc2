import type { ErrorParams } from '@shared/errorCodes'
import { errorWords, type ErrorSpeaker } from '@shared/i18n/errorWords'
import { currentLocale, t } from '../i18n'

/**
 * Engine errors and events' reasons in the user's language, worded as the command line words
 * them (errorWords), with numbers as the locale writes them. Call these at render time (in a
 * computed, or a function a template calls) so a language switch re-words.
 */

/** The studio's voice now: the current language, numbers written its way (a count, a step). */
function speaker(): ErrorSpeaker {
  const locale = currentLocale()
  const format = new Intl.NumberFormat(locale, { maximumFractionDigits: 6 })
  return { locale, t, number: (value) => format.format(value) }
}

function englishMessage(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  const message = (value as { message?: unknown } | null | undefined)?.message
  return typeof message === 'string' ? message : undefined
}

/**
 * An engine error (a StudioError from any transport, a DatasetError, anything thrown) as one
 * sentence in the current language.
 */
export function errorText(err: unknown): string {
  const { code, params } = (err ?? {}) as { code?: unknown; params?: unknown }
  return (
    errorWords(speaker(), { code, params, message: englishMessage(err) }) ?? t('errors.unknown')
  )
}

/**
 * Why an event happened, in the current language: a run's `training-state` (stopped at a
 * step, a NaN loss, a crashed worker), `lab-state`, `engine-state` or a `log` line. Undefined
 * when the event gives no reason.
 */
export function stopReasonText(event: {
  code?: string
  params?: ErrorParams
  message?: string
}): string | undefined {
  return errorWords(speaker(), event)
}
