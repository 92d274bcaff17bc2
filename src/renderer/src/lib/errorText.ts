import { errorCodeKey, ErrorParamsSchema, isErrorCode, type ErrorParams } from '@shared/errorCodes'
import english from '@shared/i18n/messages/en/errors'
import { currentLocale, t } from '../i18n'

/**
 * Engine errors and events' reasons in the user's language. The engine sends a code
 * (src/shared/errorCodes.ts) and the values its message quotes (`params`); the words are
 * the `errors.codes.*` messages. A code this list does not know, or one sent without the
 * values its message needs, shows the engine's own English message instead; so does
 * English itself, where the engine's sentence is the original (as the CLI prints it), and
 * the `en` messages serve only when the engine sent none. Call these at render time (in a
 * computed, or a function a template calls) so a language switch re-words.
 */

const NAMED = /\{(\w+)\}/g
const codeMessages = english.codes as Record<string, string>

/** The params a code's message needs (read from the English source). */
function needed(key: string): string[] {
  return [...(codeMessages[key] ?? '').matchAll(NAMED)].map((m) => m[1]!)
}

/** Numbers as the locale writes them (a count, a step); text as it came. */
function localized(params: ErrorParams): Record<string, string> {
  const format = new Intl.NumberFormat(currentLocale(), { maximumFractionDigits: 6 })
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, typeof v === 'number' ? format.format(v) : v])
  )
}

/** The message for `code` with `params`, or undefined when it cannot be said in words of ours. */
function coded(code: unknown, params: unknown): string | undefined {
  if (!isErrorCode(code)) return undefined
  const key = errorCodeKey(code)
  if (!(key in codeMessages)) return undefined
  const parsed = ErrorParamsSchema.safeParse(params ?? {})
  if (!parsed.success) return undefined
  if (needed(key).some((name) => !(name in parsed.data))) return undefined
  return t(`errors.codes.${key}`, localized(parsed.data))
}

function englishMessage(value: unknown): string | undefined {
  if (typeof value === 'string') return value || undefined
  const message = (value as { message?: unknown } | null | undefined)?.message
  return typeof message === 'string' && message ? message : undefined
}

/**
 * An engine error (a StudioError from any transport, a DatasetError, anything thrown) as one
 * sentence in the current language.
 */
export function errorText(err: unknown): string {
  const { code, params } = (err ?? {}) as { code?: unknown; params?: unknown }
  return inWords(code, params, englishMessage(err)) ?? t('errors.unknown')
}

/** In English the engine's own sentence; else ours for the code; else the engine's. */
function inWords(code: unknown, params: unknown, english: string | undefined): string | undefined {
  if (english && currentLocale() === 'en') return english
  return coded(code, params) ?? english
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
  return inWords(event.code, event.params, englishMessage(event.message))
}
