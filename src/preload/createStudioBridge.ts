import { STUDIO_METHOD_NAMES, studioMethods, type ShellStudioApi } from '../shared/api'
import { StudioEventSchema, type StudioEvent } from '../shared/events'
import { RpcErrorSchema, StudioError } from '../shared/rpc'
import { parseOrThrow } from '../shared/validation'
import {
  GRANT_DROPPED_PATH_CHANNEL,
  isIpcReply,
  methodChannel,
  STUDIO_EVENT_CHANNEL
} from '../shared/ipcChannels'

/**
 * `window.studio` for the desktop shell: exactly the contract's methods, `onEvent` and
 * `droppedPath` — no `ipcRenderer`, no Node. Built over four small functions so it is
 * tested without Electron; `index.ts` wires them to `ipcRenderer` and `webUtils`.
 *
 * Validation on this crossing (main → renderer): results and events are checked here, as
 * they arrive; arguments are checked by main, which receives them (its error names the field).
 */

export type IpcListener = (event: unknown, ...args: unknown[]) => void

export interface BridgeDeps {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  on(channel: string, listener: IpcListener): void
  off(channel: string, listener: IpcListener): void
  /** `webUtils.getPathForFile`: the path on disk of a dropped `File`, '' when it has none. */
  getPathForFile(file: object): string
  /** The system's preferred languages, passed by main on the page's command line. */
  systemLanguages?: readonly string[]
}

/** Turns main's reply back into a value, or throws the error a person should read. */
function unwrap(reply: unknown): unknown {
  const malformed = () =>
    new StudioError('GAN Studio sent a malformed reply; please report this.', 'malformed-reply')
  if (!isIpcReply(reply)) throw malformed()
  if (reply.ok) return reply.value
  // Code, field and params cross too (validated here), so the page can word it itself.
  const error = RpcErrorSchema.safeParse(reply.error)
  if (!error.success) throw malformed()
  throw StudioError.from(error.data)
}

export function createStudioBridge(deps: BridgeDeps): ShellStudioApi {
  const api: Record<string, unknown> = {}

  for (const name of STUDIO_METHOD_NAMES) {
    api[name] = async (...args: unknown[]) => {
      const value = unwrap(await deps.invoke(methodChannel(name), ...args))
      return parseOrThrow(studioMethods[name].result, value, `${name}.result`)
    }
  }

  // One IPC listener for all of the page's: each event is parsed once, then handed out.
  const listeners = new Set<(event: StudioEvent) => void>()
  const relay: IpcListener = (_ipcEvent, payload) => {
    const event = StudioEventSchema.safeParse(payload)
    if (!event.success) return
    for (const listener of [...listeners]) {
      try {
        listener(event.data)
      } catch (err) {
        // One failing listener must not keep the event from the others; report it apart.
        queueMicrotask(() => {
          throw err
        })
      }
    }
  }

  api.onEvent = (listener: (event: StudioEvent) => void): (() => void) => {
    if (typeof listener !== 'function') throw new TypeError('onEvent needs a listener function.')
    // The page gets the event alone, never Electron's IpcRendererEvent (it reaches `sender`).
    const own = (event: StudioEvent): void => listener(event)
    if (listeners.size === 0) deps.on(STUDIO_EVENT_CHANNEL, relay)
    listeners.add(own)
    return () => {
      if (!listeners.delete(own)) return
      if (listeners.size === 0) deps.off(STUDIO_EVENT_CHANNEL, relay)
    }
  }

  api.droppedPath = async (file: object): Promise<string | null> => {
    let path: string
    try {
      path = deps.getPathForFile(file)
    } catch {
      return null // not a File
    }
    if (!path) return null // a File with no place on disk (made in the page, or from the web)
    const granted = unwrap(await deps.invoke(GRANT_DROPPED_PATH_CHANNEL, path))
    return typeof granted === 'string' ? granted : null
  }

  // Plain data (a frozen copy): the page learns the system's languages without a round trip,
  // so its first paint is already in the right language.
  api.systemLanguages = Object.freeze([...(deps.systemLanguages ?? [])])

  return Object.freeze(api) as unknown as ShellStudioApi
}
