import type { StudioMethodName } from './api'
import type { RpcError } from './rpc'

/**
 * The channels between main and the preload. Imported by both ends; holds no Node or
 * Electron code, so the sandboxed preload can bundle it.
 */

export const STUDIO_EVENT_CHANNEL = 'studio:event'
/** The preload asks main to grant a folder the user dropped onto the window. */
export const GRANT_DROPPED_PATH_CHANNEL = 'studio:grant-dropped-path'

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
