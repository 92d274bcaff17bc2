import type { RpcMessage, RpcTransport } from '../../src/shared/rpc'

/**
 * Two connected in-process transports. Messages are structured-cloned and delivered
 * asynchronously, as a real port would, so tests see what crosses a boundary.
 */
export function createMemoryTransportPair(): [RpcTransport, RpcTransport] {
  const receivers: [Set<(m: unknown) => void>, Set<(m: unknown) => void>] = [new Set(), new Set()]
  const end = (mine: 0 | 1): RpcTransport => ({
    send(message: RpcMessage) {
      const copy = structuredClone(message)
      queueMicrotask(() => {
        for (const r of receivers[mine === 0 ? 1 : 0]) r(copy)
      })
    },
    onMessage(receive) {
      receivers[mine].add(receive)
      return () => receivers[mine].delete(receive)
    }
  })
  return [end(0), end(1)]
}
