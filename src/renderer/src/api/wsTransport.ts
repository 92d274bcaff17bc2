import type { RpcMessage, RpcTransport } from '@shared/rpc'
import { decodeWire, encodeWire } from '@shared/wire'

/** Close codes the bridge (ws) uses, and what the person should do about each. */
function closeReason(code: number): string {
  switch (code) {
    case 1006:
      // The handshake was refused (or the server went away): a browser is not told which.
      return 'No connection to the engine. If `gan-studio serve` is still running, this browser is not signed in: open the address it printed (the one-time ?code= address, or ?token= for another browser).'
    case 1009:
      return 'The engine closed the connection: a message was larger than it accepts. Reload to reconnect.'
    case 1002:
    case 1007:
      return 'The engine closed the connection after a malformed message. Reload to reconnect.'
    default:
      return 'The connection to the engine closed. Is `gan-studio serve` still running? Reload to reconnect.'
  }
}

/**
 * The browser's way to the engine (`gan-studio serve`): a WebSocket to the page's own
 * host. The browser sends the session cookie (HttpOnly: this code never sees a secret)
 * and the page's Origin, which is all the bridge accepts. Calls made before the socket
 * opens are queued.
 */
export function connectWebSocket(
  location: { host: string; protocol: string },
  onClose: (reason: string) => void
): RpcTransport {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  const ws = new WebSocket(`${scheme}://${location.host}/studio`)
  const queue: string[] = []
  const receivers = new Set<(m: unknown) => void>()

  ws.addEventListener('open', () => {
    for (const text of queue.splice(0)) ws.send(text)
  })
  ws.addEventListener('message', (e: MessageEvent<string>) => {
    let message: unknown
    try {
      message = decodeWire(e.data)
    } catch {
      return // not JSON: nothing the client could act on
    }
    for (const r of receivers) r(message)
  })
  ws.addEventListener('close', (e) => onClose(closeReason(e.code)))

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
