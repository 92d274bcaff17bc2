import { vi, type Mock } from 'vitest'
import { STUDIO_METHOD_NAMES, type StudioApi, type StudioHandlers } from '../../../src/shared/api'
import type { StudioEvent } from '../../../src/shared/events'
import type { EngineInfo } from '../../../src/shared/info'
import {
  createRpcClient,
  serveRpc,
  type RpcMessage,
  type RpcTransport
} from '../../../src/shared/rpc'
import { decodeWire, encodeWire } from '../../../src/shared/wire'

/** What a browser shell's engine on wasm answers to getInfo. */
export const BROWSER_INFO: EngineInfo = {
  version: '0.1.0',
  backend: 'wasm',
  backendReason: 'wasm with SIMD (tfjs-node not installed)',
  attempts: [{ backend: 'wasm', ok: true, outcome: 'chosen', reason: 'wasm with SIMD' }],
  platform: 'linux-x64',
  nodeVersion: '20.20.2',
  dataDir: '/tmp/gan-studio',
  shell: 'browser'
}

export interface FakeStudio {
  /**
   * The StudioApi the renderer sees, each method a spy holding the arguments exactly as the
   * renderer passed them; every call still crosses the contract (arguments and results checked
   * against the schemas in src/shared/api.ts) on its way to the handlers.
   */
  api: { [K in keyof StudioApi]: StudioApi[K] & Mock<StudioApi[K]> }
  /** Sends an engine event to the renderer (checked against the event schema). */
  emit(event: StudioEvent): void
  /** Replaces one handler (e.g. to fail a call) while the fake is installed. */
  handle<K extends keyof StudioHandlers>(method: K, handler: StudioHandlers[K]): void
}

/**
 * A fake engine behind the real contract: the handlers given (plus an idle engine's
 * getInfo, getTrainingStatus and listRuns) served over an in-memory copy of the browser's wire,
 * as `gan-studio serve` serves them. A method without a handler fails as the engine does for a
 * method this shell lacks ("not available"), so a test sees any call it did not expect.
 */
export function createFakeStudio(handlers: Partial<StudioHandlers> = {}): FakeStudio {
  const served: Partial<StudioHandlers> = {
    getInfo: async () => BROWSER_INFO,
    getTrainingStatus: async () => ({ state: 'idle' }),
    listRuns: async () => [],
    ...handlers
  }
  const [serverEnd, clientEnd] = wirePair()
  // The server looks handlers up on each call, so `handle` can swap one later.
  const server = serveRpc(serverEnd, served)
  const client = createRpcClient(clientEnd)
  const api = {} as Record<string, Mock>
  for (const name of STUDIO_METHOD_NAMES) {
    const call = client[name] as (...args: unknown[]) => Promise<unknown>
    // Structured clone first, as Electron's bridge does: a reactive proxy in the arguments
    // fails here as it would in the desktop app.
    api[name] = vi.fn((...args: unknown[]) => call(...structuredClone(args)))
  }
  api.onEvent = vi.fn((listener: (e: StudioEvent) => void) => client.onEvent(listener))
  api.droppedPath = vi.fn(async () => null)
  return {
    api: api as unknown as FakeStudio['api'],
    emit: (event) => server.emit(event),
    handle(method, handler) {
      ;(served as Record<string, unknown>)[method] = handler
    }
  }
}

/**
 * Two connected ends that carry each message as the browser's WebSocket does (encodeWire's
 * JSON, delivered asynchronously), so what a view sends is what would reach the engine.
 */
function wirePair(): [RpcTransport, RpcTransport] {
  const receivers = [new Set<(m: unknown) => void>(), new Set<(m: unknown) => void>()]
  const end = (mine: 0 | 1): RpcTransport => ({
    send(message: RpcMessage) {
      const text = encodeWire(message)
      queueMicrotask(() => {
        for (const r of receivers[1 - mine]!) r(decodeWire(text))
      })
    },
    onMessage(receive) {
      receivers[mine]!.add(receive)
      return () => receivers[mine]!.delete(receive)
    }
  })
  return [end(0), end(1)]
}
