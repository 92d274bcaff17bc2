import { mkdtempSync, realpathSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Engine, type EngineOptions } from '../../../../src/main/engine/engine'
import { serveEngine } from '../../../../src/main/engine/serveEngine'
import { createMemoryTransportPair } from '../../../helpers/memoryTransport'
import type { RpcError, RpcMessage } from '../../../../src/shared/rpc'
import type { StudioEvent } from '../../../../src/shared/events'

export type RawAnswer = { ok: true; value: unknown } | { ok: false; error: RpcError }

/**
 * A real Engine served on a transport exactly as the bridge and the utility process serve
 * it, and a raw caller that sends any arguments at all (no client-side checks), as an
 * attacker's script would.
 */
export async function startServedEngine(options: Partial<EngineOptions> = {}): Promise<{
  engine: Engine
  dataDir: string
  events: StudioEvent[]
  call(method: string, args: unknown[], timeoutMs?: number): Promise<RawAnswer>
  stop(): Promise<void>
}> {
  const dataDir = realpathSync(mkdtempSync(join(tmpdir(), 'gan-studio-served-')))
  const engine = await Engine.start({ dataDir, shell: 'browser', env: {}, ...options })
  const [server, client] = createMemoryTransportPair()
  const served = serveEngine(engine, server)
  const events: StudioEvent[] = []
  const pending = new Map<number, (answer: RawAnswer) => void>()
  client.onMessage((raw) => {
    const m = raw as RpcMessage
    if (m.kind === 'event') events.push(m.event as StudioEvent)
    if (m.kind !== 'result') return
    const done = pending.get(m.id)
    pending.delete(m.id)
    done?.(m.ok ? { ok: true, value: m.value } : { ok: false, error: m.error })
  })
  let nextId = 1
  return {
    engine,
    dataDir,
    events,
    call(method, args, timeoutMs = 60_000) {
      const id = nextId++
      return new Promise<RawAnswer>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id)
          reject(new Error(`${method} did not answer within ${timeoutMs} ms`))
        }, timeoutMs)
        pending.set(id, (answer) => {
          clearTimeout(timer)
          resolve(answer)
        })
        client.send({ kind: 'call', id, method, args })
      })
    },
    async stop() {
      served.dispose()
      await engine.dispose()
      await rm(dataDir, { recursive: true, force: true })
    }
  }
}
