import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type WebSocket from 'ws'
import { DEFAULT_SEND_LIMITS } from '../../../../src/main/engine/bridge/socketTransport'
import type { StudioEvent } from '../../../../src/shared/events'
import { openSocket, startTestBridge, type TestBridge } from './helpers/bridgeFixture'
import { clientOver } from '../../../helpers/socketClient'

// A client that stops reading (a stalled tab, a slow tunnel) must not grow the server's
// memory: its progress-type events are skipped, its replies and state changes are not,
// and past a hard bound it is cut off while everyone else is served as before.

const PNG_BYTES = 64 * 1024
/** One samples event on the wire: base64 of the PNG plus a little JSON. */
const SAMPLES_WIRE_BYTES = Math.ceil((PNG_BYTES * 4) / 3) + 512

function samples(step: number, png: Uint8Array<ArrayBuffer>): StudioEvent {
  return { type: 'samples', runId: 'r', step, png, rowLabels: ['a'] }
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

describe("a client's send queue", () => {
  let t: TestBridge | undefined
  const sockets: WebSocket[] = []
  afterEach(async () => {
    for (const ws of sockets.splice(0)) ws.terminate()
    await t?.stop()
    t = undefined
  })

  async function connect(): Promise<WebSocket> {
    const ws = await openSocket(t!.bridge.port, { authorization: `Bearer ${t!.bridge.token}` })
    ws.on('error', () => {})
    sockets.push(ws)
    return ws
  }

  it('skips progress events for a client that is not reading, never replies or state changes', async () => {
    t = await startTestBridge()
    const ws = await connect()
    const client = clientOver(ws)
    const seen: StudioEvent[] = []
    client.onEvent((e) => seen.push(e))
    ws.pause() // the client stops reading

    // Far more than the kernel's socket buffers hold, so the queue must build up.
    const png = new Uint8Array(randomBytes(PNG_BYTES))
    const flood = 400
    for (let step = 0; step < flood; step++) t.emit(samples(step, png))
    t.emit({ type: 'training-state', runId: 'r', state: 'finished', message: 'done' })
    t.emit({ type: 'checkpoint', runId: 'r', step: 399 })
    t.emit({ type: 'log', level: 'info', message: 'after the flood' })
    const stats = (): ReturnType<TestBridge['bridge']['connections']>[number] =>
      t!.bridge.connections().at(-1)!
    expect(stats().dropped).toBeGreaterThan(0)

    // A call made now is answered behind the backlog, and progress after it still skipped.
    const sentBefore = stats().sent
    const reply = client.getInfo()
    await vi.waitFor(() => expect(stats().sent).toBeGreaterThan(sentBefore))
    for (let step = flood; step < flood + 20; step++) t.emit(samples(step, png))

    ws.resume()
    const info = await reply
    expect(info.shell).toBe('browser')
    await vi.waitFor(() =>
      expect(seen.filter((e) => e.type === 'samples').length).toBe(flood + 20 - stats().dropped)
    )

    const kinds = seen.map((e) => e.type)
    expect(kinds).toContain('training-state')
    expect(kinds).toContain('checkpoint')
    expect(seen.some((e) => e.type === 'log' && e.message === 'after the flood')).toBe(true)
    // Nothing overtook anything: the flood's samples all came before the state change.
    const afterState = seen.slice(kinds.indexOf('training-state'))
    expect(afterState.every((e) => e.type !== 'samples' || e.step >= flood)).toBe(true)
    const steps = seen.flatMap((e) => (e.type === 'samples' ? [e.step] : []))
    expect(steps).toEqual([...steps].sort((a, b) => a - b))

    // What the server held for this client stayed near the limit, never the whole flood.
    expect(stats().peakBuffered).toBeLessThan(
      DEFAULT_SEND_LIMITS.dropEventsAbove + 2 * SAMPLES_WIRE_BYTES
    )
    expect(stats().cutOff).toBe(false)
    expect(ws.readyState).toBe(ws.OPEN)
  })

  it('cuts off a client that leaves too much unread, and serves the others as before', async () => {
    const limits = { dropEventsAbove: 64 * 1024, disconnectAbove: 1024 * 1024 }
    t = await startTestBridge(limits)
    const stuck = await connect()
    const stuckClosed = new Promise<void>((resolve) => stuck.once('close', () => resolve()))
    stuck.pause()
    const reader = await connect()
    let logs = 0
    clientOver(reader).onEvent((e) => {
      if (e.type === 'log') logs++
    })

    // Log events are never skipped, so only the hard bound can stop them piling up.
    const message = 'x'.repeat(64 * 1024)
    let emitted = 0
    while (!t.bridge.connections()[0]!.cutOff && emitted < 2000) {
      t.emit({ type: 'log', level: 'info', message })
      emitted++
      await tick() // the reading client reads between events
    }
    const [stuckStats, readerStats] = t.bridge.connections()
    expect(stuckStats!.cutOff).toBe(true)
    expect(stuckStats!.peakBuffered).toBeLessThan(limits.disconnectAbove + 2 * message.length)
    stuck.resume()
    await stuckClosed

    expect(readerStats!.cutOff).toBe(false)
    await vi.waitFor(() => expect(logs).toBe(emitted))
    const fresh = await connect()
    expect((await clientOver(fresh).getInfo()).shell).toBe('browser')
  })
})
