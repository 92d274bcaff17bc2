import type { RpcMessage, RpcTransport } from '@shared/rpc'
import { decodeWire, encodeWire } from '@shared/wire'

/**
 * The browser's way to the engine (`gan-studio serve`): the page's own token opens a
 * WebSocket to the same host. Calls made before the socket opens are queued.
 */
export function connectWebSocket(
  location: { host: string; protocol: string; search: string },
  onClose: (reason: string) => void
): RpcTransport {
  const token = new URLSearchParams(location.search).get('token') ?? ''
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  const ws = new WebSocket(`${scheme}://${location.host}/studio?token=${encodeURIComponent(token)}`)
  const queue: string[] = []
  const receivers = new Set<(m: unknown) => void>()

  ws.addEventListener('open', () => {
    for (const text of queue.splice(0)) ws.send(text)
  })
  ws.addEventListener('message', (e: MessageEvent<string>) => {
    const message = decodeWire(e.data)
    for (const r of receivers) r(message)
  })
  ws.addEventListener('close', (e) =>
    onClose(
      e.code === 1006 && !token
        ? 'This page has no token: open the address that `gan-studio serve` printed.'
        : 'The connection to the engine closed. Is `gan-studio serve` still running? Reload to reconnect.'
    )
  )

  return {
    send(message: RpcMessage) {
      const text = encodeWire(message)
      if (ws.readyState === WebSocket.OPEN) ws.send(text)
      else queue.push(text)
    },
    onMessage(receive) {
      receivers.add(receive)
      return () => receivers.delete(receive)
    }
  }
}
