import type { WebSocket } from 'ws'
import type { StudioEventType } from '../../../shared/events'
import type { RpcMessage, RpcTransport } from '../../../shared/rpc'
import { decodeWire, encodeWire } from '../../../shared/wire'

/**
 * How much a client may leave unread (ws's `bufferedAmount`: bytes queued in ws and in
 * the socket, not yet taken by the kernel). Above `dropEventsAbove`, progress-type events
 * for that client are skipped (the next one supersedes them); replies and state changes
 * are still queued. Above `disconnectAbove` the client is cut off, so one stuck reader
 * holds at most that much (plus one message) of the server's memory.
 */
export interface SendLimits {
  dropEventsAbove: number
  disconnectAbove: number
}

export const DEFAULT_SEND_LIMITS: SendLimits = {
  dropEventsAbove: 1024 * 1024,
  disconnectAbove: 64 * 1024 * 1024
}

/** Events a newer one of the same kind supersedes: safe to skip for a slow client. */
const SUPERSEDED_EVENTS: ReadonlySet<StudioEventType> = new Set<StudioEventType>([
  'progress',
  'samples',
  'dataset-progress',
  'generate-progress',
  'lab-frame'
])

export interface ConnectionStats {
  /** Messages queued for the client (replies and events). */
  sent: number
  /** Progress-type events skipped because the client was not reading. */
  dropped: number
  /** The largest `bufferedAmount` seen right after a send. */
  peakBuffered: number
  /** True once the client was cut off for leaving too much unread. */
  cutOff: boolean
}

function isSuperseded(message: RpcMessage): boolean {
  if (message.kind !== 'event') return false
  const type = (message.event as { type?: unknown } | null)?.type
  return typeof type === 'string' && SUPERSEDED_EVENTS.has(type as StudioEventType)
}

/** One WebSocket as an RpcTransport, with a bounded send queue. */
export function socketTransport(
  ws: WebSocket,
  limits: SendLimits,
  stats: ConnectionStats
): RpcTransport {
  return {
    send(message) {
      if (ws.readyState !== ws.OPEN) return
      const queued = ws.bufferedAmount
      if (isSuperseded(message) && queued >= limits.dropEventsAbove) {
        stats.dropped++
        return
      }
      if (queued >= limits.disconnectAbove) {
        stats.cutOff = true
        ws.terminate()
        return
      }
      ws.send(encodeWire(message))
      stats.sent++
      stats.peakBuffered = Math.max(stats.peakBuffered, ws.bufferedAmount)
    },
    onMessage(receive) {
      const listener = (data: Buffer, isBinary: boolean): void => {
        let message: unknown
        try {
          // The contract is JSON text; binary frames are answered as malformed.
          message = isBinary ? undefined : decodeWire(data.toString('utf8'))
        } catch {
          message = undefined // not JSON (or absurdly nested): answered as malformed
        }
        receive(message)
      }
      ws.on('message', listener)
      return () => ws.off('message', listener)
    }
  }
}
