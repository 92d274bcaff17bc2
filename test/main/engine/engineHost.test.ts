import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Engine } from '../../../src/main/engine/engine'
import { serveEngine } from '../../../src/main/engine/serveEngine'
import { createMemoryTransportPair } from '../../helpers/memoryTransport'
import { createRpcClient } from '../../../src/shared/rpc'
import type { StudioEvent } from '../../../src/shared/events'

// The engine's protocol as every shell sees it: an Engine served on a transport,
// a client on the other end. The utility process and the bridge add only the pipe.
describe('the engine host protocol', () => {
  let engine: Engine
  const dataDir = mkdtempSync(join(tmpdir(), 'gan-studio-engine-'))
  let client: ReturnType<typeof createRpcClient>
  const events: StudioEvent[] = []

  beforeAll(async () => {
    engine = await Engine.start({ dataDir, shell: 'browser', env: {} })
    const [a, b] = createMemoryTransportPair()
    serveEngine(engine, a)
    client = createRpcClient(b)
    client.onEvent((e) => events.push(e))
  })
  afterAll(() => engine.dispose())

  it('reports its backend, why, and where its data lives', async () => {
    const info = await client.getInfo()
    expect(info.backend).toBe(engine.info.backend)
    expect(info.backendReason.length).toBeGreaterThan(10)
    expect(info.dataDir).toBe(dataDir)
    expect(info.shell).toBe('browser')
  })

  it('keeps settings across engines', async () => {
    expect((await client.getSettings()).backend).toBe('auto')
    await client.setSettings({ theme: 'dark' })
    const again = await Engine.start({ dataDir, shell: 'browser', env: {} })
    expect((await again.handlers.getSettings()).theme).toBe('dark')
  })

  it('answers a status request when nothing trains', async () => {
    await expect(client.getTrainingStatus()).resolves.toMatchObject({ state: 'idle' })
    await expect(client.pauseTraining()).rejects.toMatchObject({ code: 'not-running' })
  })

  it('names the missing folder when asked to open one that is not there', async () => {
    await expect(
      client.openDataset({ kind: 'folder', path: join(dataDir, 'no-such-folder') })
    ).rejects.toThrow(/no-such-folder/)
  })

  it('sends a dataset problem with its code and the values its message quotes', async () => {
    // A folder whose one image is corrupt, opened in the training worker: the error crosses
    // the worker channel and the transport with its code and params, for the UI to word.
    const broken = join(dataDir, 'broken-set')
    mkdirSync(join(broken, 'cats'), { recursive: true })
    writeFileSync(join(broken, 'cats', '001.png'), 'not a png')
    await expect(client.openDataset({ kind: 'folder', path: broken })).rejects.toMatchObject({
      name: 'StudioError',
      code: 'no-readable-images',
      params: { path: broken, count: 1 },
      message: expect.stringContaining('could be read')
    })
    const missing = join(dataDir, 'no-such-folder')
    await expect(client.openDataset({ kind: 'folder', path: missing })).rejects.toMatchObject({
      code: 'not-found',
      params: { path: missing }
    })
  })

  it('serves no desktop-only method itself', async () => {
    await expect(client.chooseFolder('dataset')).rejects.toMatchObject({ code: 'unavailable' })
  })
})
