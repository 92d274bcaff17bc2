import type { StudioHandlers } from '../../shared/api'
import { serveRpc, type RpcTransport } from '../../shared/rpc'
import type { Engine } from './engine'

/**
 * Serves an engine's half of the contract on one transport (the utility-process port,
 * or one WebSocket), plus any shell-specific handlers, and forwards its events there.
 */
export function serveEngine(
  engine: Engine,
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
