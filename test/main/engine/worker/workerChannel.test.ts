import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { datasetKey } from '../../../../src/main/engine/trainingSession'
import type { FromWorker } from '../../../../src/main/engine/worker/protocol'
import {
  defaultWorkerMode,
  WorkerChannel,
  type WorkerMode
} from '../../../../src/main/engine/worker/workerChannel'
import { createWorkerHost } from '../../../../src/main/engine/worker/workerHost'
import { DatasetSourceSchema } from '../../../../src/shared/dataset'
import { StudioError } from '../../../../src/shared/rpc'

const setup = { role: 'training' as const, backend: 'wasm' as const, runsDir: '/r', cacheDir: '/c' }

/** A worker thread from source text: how the channel meets a worker that misbehaves. */
function scriptedWorker(body: string): WorkerMode {
  const code = `import { parentPort, workerData } from 'node:worker_threads'\n${body}`
  return { kind: 'thread', url: new URL(`data:text/javascript,${encodeURIComponent(code)}`) }
}

function channel(mode: WorkerMode) {
  const crashes: string[] = []
  const c = new WorkerChannel({ setup, mode, onEvent: () => {}, onCrash: (m) => crashes.push(m) })
  return { c, crashes }
}

describe('the serving thread’s end of a worker', () => {
  it('turns a worker that throws into a clear error, and starts a fresh one for the next call', async () => {
    const { c, crashes } = channel(
      scriptedWorker(`
        parentPort.postMessage({ kind: 'ready', backend: workerData.backend, reason: 'scripted', threads: 1 })
        parentPort.on('message', (m) => { throw new Error('boom in ' + m.method) })`)
    )
    const err = {
      code: 'worker-crashed',
      message: expect.stringMatching(/crashed \(boom in stopTraining\)/)
    }
    await expect(c.call('stopTraining')).rejects.toMatchObject(err)
    expect(c.started).toBe(false)
    await expect(c.call('stopTraining')).rejects.toMatchObject(err)
    expect(crashes).toHaveLength(2)
  })

  it('carries an error’s code and params from the worker intact', async () => {
    const { c } = channel(
      scriptedWorker(`
        parentPort.postMessage({ kind: 'ready', backend: workerData.backend, reason: 'scripted', threads: 1 })
        parentPort.on('message', (m) => parentPort.postMessage({ kind: 'result', id: m.id, ok: false,
          error: { message: 'None of the 3 image file(s) in "/pics" could be read.',
            code: 'no-readable-images', params: { path: '/pics', count: 3 } } }))`)
    )
    const err = await c.call('stopTraining').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(StudioError)
    expect(err).toMatchObject({
      code: 'no-readable-images',
      params: { path: '/pics', count: 3 },
      message: 'None of the 3 image file(s) in "/pics" could be read.'
    })
    await c.close()
  })

  it('refuses calls when the worker cannot load the engine’s backend, naming it and why', async () => {
    const { c, crashes } = channel(
      scriptedWorker(
        `parentPort.postMessage({ kind: 'start-failed', message: 'the wasm backend did not initialise' })`
      )
    )
    await expect(c.call('stopTraining')).rejects.toThrow(
      'The training worker could not start its wasm backend: the wasm backend did not initialise'
    )
    expect(crashes).toEqual([expect.stringContaining('could not start its wasm backend')])
  })

  it('starts again on one thread, and says so, when a worker asking for the pool fails to start', async () => {
    const events: unknown[] = []
    const crashes: string[] = []
    // Fails as a pool that cannot start would, unless asked for one thread.
    const c = new WorkerChannel({
      setup,
      mode: scriptedWorker(`
        if (workerData.wasmThreads !== 1) {
          parentPort.postMessage({ kind: 'start-failed', message: 'no pthreads here' })
        } else {
          parentPort.postMessage({ kind: 'ready', backend: workerData.backend, reason: 'scripted', threads: 1 })
          parentPort.on('message', (m) => parentPort.postMessage({
            kind: 'result', id: m.id, ok: false,
            error: { message: 'answered on ' + workerData.wasmThreads + ' thread' }
          }))
        }`),
      onEvent: (e) => events.push(e),
      onCrash: (m) => crashes.push(m)
    })
    await expect(c.call('stopTraining')).rejects.toThrow('answered on 1 thread')
    expect(crashes).toEqual([])
    expect(events).toEqual([
      {
        type: 'log',
        level: 'warn',
        message: expect.stringMatching(
          /could not start XNNPACK's thread pool \(.*no pthreads here\); it trains on one thread/
        )
      }
    ])
    await c.close()
  })

  it('counts a worker that never says it is ready as failed to start', async () => {
    const crashes: string[] = []
    const c = new WorkerChannel({
      setup: { ...setup, wasmThreads: 1 },
      mode: scriptedWorker(`setInterval(() => {}, 1000)`),
      onEvent: () => {},
      onCrash: (m) => crashes.push(m),
      startTimeoutMs: 300
    })
    await expect(c.call('stopTraining')).rejects.toThrow(
      'The training worker did not start within 0 s.'
    )
    expect(crashes).toHaveLength(1)
  })

  it('refuses a worker that came up on another backend than the engine’s', async () => {
    const { c } = channel(
      scriptedWorker(
        `parentPort.postMessage({ kind: 'ready', backend: 'cpu', reason: 'scripted', threads: 1 })`
      )
    )
    await expect(c.call('stopTraining')).rejects.toThrow(
      "The training worker started on cpu, not on the engine's wasm."
    )
  })

  it('fails a call whose answer does not match the protocol, rather than wait for ever', async () => {
    const { c } = channel(
      scriptedWorker(`
        parentPort.postMessage({ kind: 'ready', backend: workerData.backend, reason: 'scripted', threads: 1 })
        parentPort.on('message', (m) => parentPort.postMessage({ kind: 'result', id: m.id, ok: true, value: { state: 'dancing' } }))`)
    )
    await expect(c.call('stopTraining')).rejects.toMatchObject({
      field: 'stopTraining.result.state'
    })
    await c.close()
  })
})

describe('the worker’s side of the protocol', () => {
  const answers: FromWorker[] = []
  const host = createWorkerHost(setup, (m) => answers.push(m))
  const answer = async (id: number) => {
    await expect.poll(() => answers.find((a) => a.kind === 'result' && a.id === id)).toBeTruthy()
    return answers.find((a) => a.kind === 'result' && a.id === id)
  }

  it('checks each call’s arguments against the contract, naming the field', async () => {
    host.receive({ kind: 'call', id: 1, method: 'labStep', args: [0] })
    expect(await answer(1)).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', field: 'labStep.args.0' }
    })
  })

  it('answers a malformed call with an error, and ignores nothing silently', async () => {
    host.receive({ kind: 'call', id: 2, method: 'deleteEverything', args: [] })
    expect(await answer(2)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('method') }
    })
    host.receive('hello')
    await expect
      .poll(() => answers.find((a) => a.kind === 'event' && a.event.type === 'log'))
      .toMatchObject({ event: { level: 'warn' } })
  })

  it('answers the Lab’s calls in order, and says when there is no experiment', async () => {
    host.receive({ kind: 'call', id: 3, method: 'labStop', args: [] })
    host.receive({ kind: 'call', id: 4, method: 'labStep', args: [1] })
    expect(await answer(4)).toMatchObject({ ok: false, error: { code: 'no-session' } })
    const ids = answers.flatMap((a) => (a.kind === 'result' && a.id >= 3 ? [a.id] : []))
    expect(ids).toEqual([3, 4])
  })
})

describe('where the worker is found', () => {
  const root = mkdtempSync(join(tmpdir(), 'gan-studio-out-'))
  afterAll(() => rmSync(root, { recursive: true, force: true }))
  const out = join(root, 'out', 'main')
  mkdirSync(join(out, 'chunks'), { recursive: true })

  it('beside the bundle, from an entry or from a shared chunk', () => {
    writeFileSync(join(out, 'engineWorker.js'), '')
    const expected = { kind: 'thread', url: pathToFileURL(join(out, 'engineWorker.js')) }
    expect(defaultWorkerMode(pathToFileURL(join(out, 'cli.js')).href)).toEqual(expected)
    expect(defaultWorkerMode(pathToFileURL(join(out, 'chunks', 'engine-x.js')).href)).toEqual(
      expected
    )
  })

  it('in this thread when running from the TypeScript sources', () => {
    expect(defaultWorkerMode(pathToFileURL(join(root, 'src', 'engine.ts')).href)).toEqual({
      kind: 'inline'
    })
  })

  it('missing from a build: says to rebuild', () => {
    const bare = join(root, 'bare')
    mkdirSync(bare)
    expect(() => defaultWorkerMode(pathToFileURL(join(bare, 'cli.js')).href)).toThrow(
      /engineWorker\.js\) is missing .*npm run build/
    )
  })
})

describe('the key the opened dataset is kept under', () => {
  const shapes = DatasetSourceSchema.parse({ kind: 'builtin', name: 'shapes' })
  it('fills in defaults, so equal requests share one set', () => {
    expect(datasetKey(shapes, {})).toBe(datasetKey(shapes, { resolution: 32, channels: 'auto' }))
  })
  it('tells other options and other sources apart', () => {
    expect(datasetKey(shapes, { resolution: 28 })).not.toBe(datasetKey(shapes, {}))
    const fm = DatasetSourceSchema.parse({ kind: 'builtin', name: 'fashion-mnist' })
    expect(datasetKey(fm, {})).not.toBe(datasetKey(shapes, {}))
  })
})
