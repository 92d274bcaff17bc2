import type { StudioApi } from '@shared/api'
import { createRpcClient } from '@shared/rpc'
import { connectWebSocket } from './wsTransport'

let api: StudioApi | undefined
const closeListeners = new Set<(reason: string) => void>()

/**
 * The one way the renderer reaches the engine. In Electron the preload provides
 * `window.studio`; in a browser (`gan-studio serve`) the same contract runs over a
 * WebSocket. Only stores call this.
 */
export function studio(): StudioApi {
  // Read each call: the preload's bridge never changes, and tests install their fake there.
  if (window.studio) return window.studio
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
