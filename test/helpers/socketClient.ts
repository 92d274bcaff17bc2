import type WebSocket from 'ws'
import { createRpcClient, type RpcTransport } from '../../src/shared/rpc'
import { decodeWire, encodeWire } from '../../src/shared/wire'

/** A StudioApi client over an open WebSocket to the bridge. */
export function clientOver(ws: WebSocket) {
  const transport: RpcTransport = {
    send: (m) => ws.send(encodeWire(m)),
    onMessage(receive) {
      const l = (d: Buffer): void => receive(decodeWire(d.toString()))
      ws.on('message', l)
      return () => ws.off('message', l)
    }
  }
  return createRpcClient(transport)
}
