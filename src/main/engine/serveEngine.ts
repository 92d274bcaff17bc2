import type { StudioEvent } from '../../shared/events'
import type { StudioHandlers } from '../../shared/api'
import { serveRpc, type RpcTransport } from '../../shared/rpc'

/** What a shell needs of an engine to serve it: its half of the contract and its events. */
export interface EngineEndpoint {
  readonly handlers: Partial<StudioHandlers>
  onEvent(listener: (event: StudioEvent) => void): () => void
}

/**
 * Serves an engine's half of the contract on one transport (the utility-process port,
 * or one WebSocket), plus any shell-specific handlers, and forwards its events there.
 * Arguments are validated here, once, as they enter the engine; results and events by the
 * client at the other end (main's, or the page's over the WebSocket).
 */
export function serveEngine(
  engine: EngineEndpoint,
  transport: RpcTransport,
  shellHandlers: Partial<StudioHandlers> = {}
): { dispose(): void } {
  const server = serveRpc(transport, { ...engine.handlers, ...shellHandlers })
  const off = engine.onEvent((event) => server.emit(event))
  return {
    dispose() {
      off()
      server.dispose()
    }
  }
}
