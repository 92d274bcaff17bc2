import { afterEach, describe, expect, it } from 'vitest'
import type { StudioEvent } from '../../../src/shared/events'
import type { EngineInfo } from '../../../src/shared/info'
import {
  describeExit,
  ENGINE_SERVICE_NAME,
  EngineProcess
} from '../../../src/main/desktop/engineProcess'
import { OutputRing } from '../../../src/main/desktop/outputRing'
import { fakeFork, until, type FakeUtilityProcess } from './fakeUtilityProcess'

const info: EngineInfo = {
  version: '0.1.0',
  backend: 'cpu',
  backendReason: 'test',
  attempts: [],
  platform: 'linux',
  nodeVersion: 'v20',
  dataDir: '/data',
  shell: 'desktop'
}

function setup(opts: { autoServe?: boolean } = {}) {
  const events: StudioEvent[] = []
  const lines: string[] = []
  const forks = fakeFork((child) => {
    if (opts.autoServe !== false) {
      setImmediate(() => child.serve({ getInfo: async () => info }))
    }
  })
  const engine = new EngineProcess({
    fork: forks.fork,
    modulePath: '/app/out/main/engineHost.js',
    dataDir: '/data',
    env: { PATH: '/usr/bin' },
    onEvent: (e) => events.push(e),
    onOutput: (line) => lines.push(line),
    ringLines: 50,
    reportLines: 5,
    drainMs: 20
  })
  engines.push(engine)
  const child = (i = 0): FakeUtilityProcess => {
    const c = forks.children[i]
    if (!c) throw new Error(`no child ${i}`)
    return c
  }
  return { engine, events, lines, forks, child }
}

const engines: EngineProcess[] = []
afterEach(() => {
  for (const engine of engines.splice(0)) engine.dispose()
})

const crashes = (events: StudioEvent[]) =>
  events.filter((e) => e.type === 'engine-state' && e.state === 'crashed')

/** An engine host forked by `forks`, its events kept in `events`, started; disposed after the test. */
function startEngine(
  forks: ReturnType<typeof fakeFork>,
  events: StudioEvent[],
  options: Partial<ConstructorParameters<typeof EngineProcess>[0]>
): EngineProcess {
  const engine = new EngineProcess({
    fork: forks.fork,
    modulePath: 'engineHost.js',
    dataDir: '/data',
    onEvent: (e) => events.push(e),
    ...options
  })
  engines.push(engine)
  engine.start()
  return engine
}

describe('EngineProcess', { timeout: 10_000 }, () => {
  it('forks the engine host in a utility process with the data folder and piped output', () => {
    const { engine, forks, child } = setup()
    engine.start()
    expect(forks.children).toHaveLength(1)
    expect(child().modulePath).toBe('/app/out/main/engineHost.js')
    expect(child().options).toEqual({
      env: { PATH: '/usr/bin', GAN_STUDIO_DATA: '/data' },
      stdio: 'pipe',
      serviceName: ENGINE_SERVICE_NAME
    })
    expect(engine.status).toBe('starting')
  })

  it('holds calls until the engine is ready, then relays them and their results', async () => {
    const { engine, events, child } = setup()
    engine.start()
    const pending = engine.call('getInfo', [])
    expect(child().sent).toEqual([]) // not before "ready"
    await expect(pending).resolves.toEqual(info)
    expect(engine.status).toBe('ready')
    expect(events).toContainEqual({ type: 'engine-state', state: 'ready' })
  })

  it('forwards the engine’s events', async () => {
    const { engine, events, child } = setup()
    engine.start()
    await until(() => engine.status === 'ready')
    child().childTransport.send({
      kind: 'event',
      event: { type: 'log', level: 'info', message: 'hello' }
    })
    await until(() => events.some((e) => e.type === 'log'))
    expect(events.at(-1)).toEqual({ type: 'log', level: 'info', message: 'hello' })
  })

  it('reports a crash: engine-state crashed, last lines, in-flight calls rejected', async () => {
    const forks = fakeFork((child) =>
      setImmediate(() =>
        child.serve({
          getInfo: () => new Promise<EngineInfo>(() => undefined) // never answers
        })
      )
    )
    const events: StudioEvent[] = []
    const engine = startEngine(forks, events, { ringLines: 50, reportLines: 3, drainMs: 1000 })
    await until(() => engine.status === 'ready')
    const child = forks.children[0]!
    const inFlight = engine.call('getInfo', [])
    await until(() => child.sent.length === 1, 'the call to reach the engine')
    child.print('step 1\nstep 2\n')
    child.print('step 3\nstep 4\nabout to die: out of memory') // last line has no newline
    await new Promise((r) => setImmediate(r))
    child.exit(134)

    await expect(inFlight).rejects.toThrow(/engine stopped unexpectedly.*exit code 134.*SIGABRT/)
    await expect(inFlight).rejects.toThrow(/restart the engine and try again/)
    await until(() => crashes(events).length === 1, 'the crash report')
    const crash = crashes(events)[0]
    expect(crash).toMatchObject({
      type: 'engine-state',
      state: 'crashed',
      message: expect.stringMatching(
        /The engine stopped unexpectedly \(exit code 134.*Restart the engine/
      )
    })
    // The last three lines, including the unfinished one.
    expect(crash && 'lastOutput' in crash && crash.lastOutput).toBe(
      'step 3\nstep 4\nabout to die: out of memory'
    )
    expect(engine.status).toBe('crashed')
    // Later calls fail at once, saying what to do.
    await expect(engine.call('getInfo', [])).rejects.toThrow(/Restart the engine to continue/)
  })

  it('says the engine failed to start when it dies before it is ready', async () => {
    const { engine, events, child } = setup({ autoServe: false })
    engine.start()
    const call = engine.call('getInfo', [])
    child().print('engine failed to start: no backend could be loaded\n', 'stderr')
    await new Promise((r) => setImmediate(r))
    child().exit(1)
    await expect(call).rejects.toThrow(/engine failed to start \(exit code 1\)/)
    await until(() => crashes(events).length === 1)
    expect(crashes(events)[0]).toMatchObject({
      message: expect.stringContaining('The engine failed to start (exit code 1)'),
      lastOutput: 'engine failed to start: no backend could be loaded'
    })
  })

  it('stops and reports an engine that never gets ready', async () => {
    const forks = fakeFork()
    const events: StudioEvent[] = []
    const engine = startEngine(forks, events, { readyTimeoutMs: 30, drainMs: 5 })
    const call = engine.call('getInfo', [])
    await expect(call).rejects.toThrow(/did not get ready within 0 s/)
    expect(forks.children[0]?.killed).toBe(true)
    await until(() => crashes(events).length === 1)
  })

  it('restarts after a crash, and the new engine answers', async () => {
    const { engine, events, forks, child } = setup()
    engine.start()
    await until(() => engine.status === 'ready')
    child().exit(11)
    await until(() => crashes(events).length === 1)

    engine.restart()
    expect(events.at(-1)).toMatchObject({ type: 'engine-state', state: 'restarting' })
    expect(forks.children).toHaveLength(2)
    await expect(engine.call('getInfo', [])).resolves.toEqual(info)
    expect(engine.status).toBe('ready')
  })

  it('restarts a running engine without calling its exit a crash', async () => {
    const { engine, events, forks, child } = setup({ autoServe: false })
    engine.start()
    child().serve({ getInfo: () => new Promise<EngineInfo>(() => undefined) })
    await until(() => engine.status === 'ready')
    const stuck = engine.call('getInfo', [])
    await until(() => child().sent.length === 1)

    engine.restart()
    await expect(stuck).rejects.toThrow(/restarted before it answered/)
    expect(child(0).killed).toBe(true)
    child(1).serve({ getInfo: async () => info })
    await expect(engine.call('getInfo', [])).resolves.toEqual(info)
    await new Promise((r) => setTimeout(r, 40)) // the old one's exit has long arrived
    expect(crashes(events)).toEqual([])
    expect(forks.children).toHaveLength(2)
  })

  it('reports a fork that throws as a crash, and can be restarted', async () => {
    let fail = true
    const forks = fakeFork()
    const events: StudioEvent[] = []
    const engine = new EngineProcess({
      fork: (m, a, o) => {
        if (fail) throw new Error('ENOENT: engineHost.js')
        const child = forks.fork(m, a, o)
        setImmediate(() => child.serve({ getInfo: async () => info }))
        return child
      },
      modulePath: 'engineHost.js',
      dataDir: '/data',
      onEvent: (e) => events.push(e)
    })
    engines.push(engine)
    engine.start()
    expect(crashes(events)[0]).toMatchObject({
      message: expect.stringContaining('could not be started (ENOENT: engineHost.js)')
    })
    await expect(engine.call('getInfo', [])).rejects.toThrow(/could not be started/)
    fail = false
    engine.restart()
    await expect(engine.call('getInfo', [])).resolves.toEqual(info)
  })

  it('survives a message it cannot handle, and says so once', async () => {
    const events: StudioEvent[] = []
    const forks = fakeFork((child) =>
      setImmediate(() => child.serve({ getInfo: async () => info }))
    )
    const engine = new EngineProcess({
      fork: forks.fork,
      modulePath: 'engineHost.js',
      dataDir: '/data',
      onEvent(event) {
        if (event.type === 'log' && event.message === 'poison')
          throw new Error('cannot handle this')
        events.push(event)
      }
    })
    engines.push(engine)
    engine.start()
    await until(() => engine.status === 'ready')
    const child = forks.children[0]!
    for (let i = 0; i < 3; i++) {
      child.childTransport.send({
        kind: 'event',
        event: { type: 'log', level: 'info', message: 'poison' }
      })
    }
    await expect(engine.call('getInfo', [])).resolves.toEqual(info)
    expect(events.filter((e) => e.type === 'log')).toEqual([
      {
        type: 'log',
        level: 'error',
        message: 'Main could not read a message from the engine (cannot handle this).'
      }
    ])
  })

  it('echoes output lines and keeps only the last ones', async () => {
    const { engine, lines, child } = setup()
    engine.start()
    for (let i = 0; i < 80; i++) child().print(`line ${i}\n`)
    await until(() => lines.length === 80)
    expect(engine.output.text().split('\n')).toHaveLength(50)
    expect(engine.output.text(2)).toBe('line 78\nline 79')
  })

  it('dispose kills the engine and fails later calls', async () => {
    const { engine, events, child } = setup()
    engine.start()
    await until(() => engine.status === 'ready')
    engine.dispose()
    expect(child().killed).toBe(true)
    await expect(engine.call('getInfo', [])).rejects.toThrow(/closing/)
    await new Promise((r) => setTimeout(r, 40))
    expect(crashes(events)).toEqual([])
  })
})

describe('describeExit', () => {
  it('names the likely signal on POSIX', () => {
    expect(describeExit(9, 'linux')).toMatch(/SIGKILL.*memory/)
    expect(describeExit(139, 'darwin')).toMatch(/SIGSEGV/)
    expect(describeExit(1, 'linux')).toBe('exit code 1')
  })
  it('knows an access violation on Windows', () => {
    expect(describeExit(0xc0000005, 'win32')).toMatch(/access violation/)
    expect(describeExit(9, 'win32')).toBe('exit code 9')
  })
})

describe('OutputRing', () => {
  it('splits chunks into lines per stream', () => {
    const ring = new OutputRing(3)
    expect(ring.write('out', 'a\nb')).toEqual(['a'])
    expect(ring.write('err', 'x\r\n')).toEqual(['x'])
    expect(ring.write('out', 'c\nd\n')).toEqual(['bc', 'd'])
    expect(ring.text()).toBe('x\nbc\nd')
    ring.write('out', 'tail')
    expect(ring.text(2)).toBe('d\ntail')
    expect(ring.flush('out')).toEqual(['tail'])
  })
})
