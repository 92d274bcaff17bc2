import { errorCodeKey, ErrorParamsSchema, isErrorCode } from '../errorCodes'
import type { Locale } from './locales'
import { messages } from './messages/index'
import type { Translate } from './translate'

/**
 * Engine errors and events' reasons in the user's language, for the studio and the command
 * line alike. The engine sends a code (src/shared/errorCodes.ts), the values its message
 * quotes (`params`) and an English sentence; the words are the `errors.codes.*` messages.
 */

/** Who is speaking: the language, its translator, and how it writes a number it quotes. */
export interface ErrorSpeaker {
  locale: Locale
  t: Translate
  /** A number among the params, as this speaker writes it; as it came without one. */
  number?: (value: number) => string
}

/** An error or a reason as it arrives: any of these may be missing or malformed. */
export interface EngineReason {
  code?: unknown
  params?: unknown
  /** The engine's own sentence, in English. */
  message?: string
}

const NAMED = /\{(\w+)\}/g
const englishCodes = (messages.en.errors as { codes: Record<string, string> }).codes

/** The params a code's message needs (read from the English source). */
function needed(key: string): string[] {
  return [...englishCodes[key]!.matchAll(NAMED)].map((m) => m[1]!)
}

/** The message for `code` with `params`, or undefined when it cannot be said in words of ours. */
function coded({ t, number }: ErrorSpeaker, code: unknown, params: unknown): string | undefined {
  if (!isErrorCode(code)) return undefined
  const key = errorCodeKey(code)
  if (!Object.hasOwn(englishCodes, key)) return undefined
  const parsed = ErrorParamsSchema.safeParse(params ?? {})
  if (!parsed.success) return undefined
  if (needed(key).some((name) => !(name in parsed.data))) return undefined
  const values = Object.entries(parsed.data).map(([name, v]) => [
    name,
    number && typeof v === 'number' ? number(v) : v
  ])
  return t(`errors.codes.${key}`, Object.fromEntries(values))
}

/**
 * The words for an engine error or reason. In English, the engine's own sentence (the
 * original, as the command line always printed it); else ours for its code, filled in with
 * its params. A code this list does not know, or one sent without the values its message
 * needs (an older engine), gives the engine's English; with no sentence either, undefined.
 * The `en` messages serve only when the engine sent no sentence.
 */
export function errorWords(speaker: ErrorSpeaker, reason: EngineReason): string | undefined {
  const english = reason.message || undefined
  if (english && speaker.locale === 'en') return english
  return coded(speaker, reason.code, reason.params) ?? english
}
