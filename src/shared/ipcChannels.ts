import type { StudioMethodName } from './api'
import type { RpcError } from './rpc'

/**
 * The channels between main and the preload. Imported by both ends; holds no Node or
 * Electron code, so the sandboxed preload can bundle it.
 */

export const STUDIO_EVENT_CHANNEL = 'studio:event'
/** The preload asks main to grant a folder the user dropped onto the window. */
export const GRANT_DROPPED_PATH_CHANNEL = 'studio:grant-dropped-path'

/**
 * The system's preferred languages reach the preload as a command-line switch of the page's
 * process (webPreferences.additionalArguments): read synchronously, so the first paint is in
 * the right language. BCP 47 tags only (letters, digits, `-`, `_`), at most 16.
 */
export const SYSTEM_LANGUAGES_SWITCH = '--gan-studio-languages='
const LANGUAGE_TAG = /^[A-Za-z0-9_-]{1,35}$/

export function systemLanguagesArgument(languages: readonly string[]): string {
  return (
    SYSTEM_LANGUAGES_SWITCH +
    languages
      .filter((l) => LANGUAGE_TAG.test(l))
      .slice(0, 16)
      .join(',')
  )
}

export function systemLanguagesFromArgv(argv: readonly string[]): string[] {
  const arg = argv.find((a) => a.startsWith(SYSTEM_LANGUAGES_SWITCH))
  if (!arg) return []
  return arg
    .slice(SYSTEM_LANGUAGES_SWITCH.length)
    .split(',')
    .filter((l) => LANGUAGE_TAG.test(l))
    .slice(0, 16)
}

export function methodChannel(method: StudioMethodName): string {
  return `studio:${method}`
}

/**
 * What an invoke handler returns. Electron wraps a thrown error's message in
 * "Error invoking remote method …", so failures travel as values and the preload
 * throws them again with the message a person should read.
 */
export type IpcReply = { ok: true; value: unknown } | { ok: false; error: RpcError }

export function isIpcReply(value: unknown): value is IpcReply {
  if (!value || typeof value !== 'object') return false
  const v = value as Record<string, unknown>
  if (v.ok === true) return 'value' in v
  if (v.ok === false) {
    const error = v.error as Record<string, unknown> | undefined
    return !!error && typeof error.message === 'string'
  }
  return false
}
