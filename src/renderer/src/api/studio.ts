import { toRaw } from 'vue'
import type { StudioApi } from '@shared/api'
import { createRpcClient } from '@shared/rpc'
import { connectWebSocket } from './wsTransport'

let api: StudioApi | undefined
const closeListeners = new Set<(reason: string) => void>()

/**
 * The one way the renderer reaches the engine. In Electron the preload provides
 * `window.studio`; in a browser (`gan-studio serve`) the same contract runs over a
 * WebSocket. Only stores call this. Either way the serving end checks the arguments and
 * this end (the preload, or the RPC client here) checks results and events as they arrive.
 */
export function studio(): StudioApi {
  // Read each call: the preload's bridge never changes, and tests install their fake there.
  if (window.studio) return withPlainArguments(window.studio)
  if (!api) {
    const transport = connectWebSocket(window.location, (reason) => {
      client.dispose(reason)
      for (const l of closeListeners) l(reason)
    })
    const client = createRpcClient(transport)
    api = client
  }
  return api
}

/** Called when the browser's connection to the engine is lost. */
export function onDisconnect(listener: (reason: string) => void): () => void {
  closeListeners.add(listener)
  return () => closeListeners.delete(listener)
}

const plainBridges = new WeakMap<StudioApi, StudioApi>()

/**
 * The preload's bridge carries arguments by structured clone, which refuses Vue's reactive
 * proxies ("An object could not be cloned"): every argument is copied to plain data first.
 */
function withPlainArguments(bridge: StudioApi): StudioApi {
  let plain = plainBridges.get(bridge)
  if (!plain) {
    plain = new Proxy(bridge, {
      get(target, name, receiver) {
        const member: unknown = Reflect.get(target, name, receiver)
        if (typeof member !== 'function') return member
        return (...args: unknown[]) =>
          (member as (...a: unknown[]) => unknown).apply(target, args.map(toPlain))
      }
    })
    plainBridges.set(bridge, plain)
  }
  return plain
}

/** A deep copy without reactive proxies; functions (event listeners) and bytes pass as they are. */
export function toPlain(value: unknown): unknown {
  const raw: unknown = toRaw(value as object)
  if (Array.isArray(raw)) return raw.map(toPlain)
  if (raw !== null && typeof raw === 'object' && Object.getPrototypeOf(raw) === Object.prototype) {
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, toPlain(v)]))
  }
  return raw
}
