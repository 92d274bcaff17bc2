import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { STUDIO_METHOD_NAMES, type StudioMethodName } from '../../../src/shared/api'
import type { DatasetSummary } from '../../../src/shared/dataset'
import type { Settings } from '../../../src/shared/info'
import { EngineProcess } from '../../../src/main/desktop/engineProcess'
import {
  registerStudioIpc,
  type IpcInvokeEventLike,
  type IpcMainLike
} from '../../../src/main/desktop/ipcHandlers'
import { GRANT_DROPPED_PATH_CHANNEL, type IpcReply } from '../../../src/shared/ipcChannels'
import { CHOOSE_FOLDER_HINT, FolderGrants } from '../../../src/main/desktop/pathPolicy'
import { methodsTakingPaths } from '../../../src/main/engine/confine/confine'
import { fakeFork } from './fakeUtilityProcess'

let root: string
let dataDir: string
let pictures: string
let elsewhere: string
beforeAll(() => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), 'gan-studio-ipc-')))
  dataDir = path.join(root, 'data')
  pictures = path.join(root, 'pictures')
  elsewhere = path.join(root, 'elsewhere')
  for (const dir of [dataDir, path.join(pictures, 'cats'), elsewhere])
    mkdirSync(dir, { recursive: true })
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: IpcInvokeEventLike, ...args: unknown[]) => unknown>()
  handle(
    channel: string,
    listener: (event: IpcInvokeEventLike, ...args: unknown[]) => unknown
  ): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`)
    this.handlers.set(channel, listener)
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  }
  /** What `ipcRenderer.invoke` from the app's page would get. */
  async invoke(channel: string, ...args: unknown[]): Promise<IpcReply> {
    return this.invokeFrom('file:///app/out/renderer/index.html', channel, ...args)
  }
  async invokeFrom(url: string | null, channel: string, ...args: unknown[]): Promise<IpcReply> {
    const handler = this.handlers.get(channel)
    if (!handler) throw new Error(`No handler registered for '${channel}'`)
    // Electron structured-clones both ways.
    const event = { senderFrame: url === null ? null : { url } }
    return structuredClone((await handler(event, ...structuredClone(args))) as IpcReply)
  }
}

const settings: Settings = { backend: 'auto', theme: 'dark', locale: 'system' }

function summary(folder: string): DatasetSummary {
  return {
    source: { kind: 'folder', path: folder },
    name: 'pictures',
    classes: [{ name: 'cats', count: 1, thumbnails: [new Uint8Array([137, 80, 78, 71])] }],
    count: 1,
    resolution: 32,
    channels: 3,
    labeled: true,
    skipped: [],
    warnings: [],
    fromCache: false,
    decodedFiles: 1
  }
}

function setup() {
  const ipc = new FakeIpcMain()
  const engineCalls: { method: StudioMethodName; args: readonly unknown[] }[] = []
  const engine = {
    call: vi.fn(async (method: StudioMethodName, args: readonly unknown[]) => {
      engineCalls.push({ method, args })
      if (method === 'getSettings' || method === 'setSettings') return settings
      if (method === 'openDataset') return summary((args[0] as { path: string }).path)
      return { state: 'idle' }
    })
  }
  const grants = new FolderGrants([dataDir])
  const desktop = {
    chooseFolder: vi.fn(async (purpose: string) => {
      if (purpose !== 'dataset') return null
      grants.grant(pictures)
      return pictures
    }),
    revealPath: vi.fn(async () => ({ ok: true as const }))
  }
  const results: [StudioMethodName, unknown][] = []
  const registration = registerStudioIpc({
    ipc,
    engine,
    desktop,
    grants,
    isTrustedSender: (event) =>
      event.senderFrame?.url.startsWith('file:///app/out/renderer/') ?? false,
    onResult: (method, value) => results.push([method, value])
  })
  return { ipc, engine, engineCalls, grants, desktop, results, registration }
}

describe('main’s IPC handlers', () => {
  it('registers one handler per contract method, plus the drop channel', () => {
    const { ipc, registration } = setup()
    expect([...ipc.handlers.keys()].sort()).toEqual(
      [...STUDIO_METHOD_NAMES.map((name) => `studio:${name}`), GRANT_DROPPED_PATH_CHANNEL].sort()
    )
    registration.dispose()
    expect(ipc.handlers.size).toBe(0)
  })

  it('relays a good engine call and returns its result', async () => {
    const { ipc, engineCalls, results } = setup()
    const reply = await ipc.invoke('studio:setSettings', { theme: 'dark' })
    expect(reply).toEqual({ ok: true, value: settings })
    expect(engineCalls).toEqual([{ method: 'setSettings', args: [{ theme: 'dark' }] }])
    expect(results).toEqual([['setSettings', settings]])
  })

  it('rejects a malformed argument naming the field, without bothering the engine', async () => {
    const { ipc, engine } = setup()
    const reply = await ipc.invoke('studio:setSettings', { theme: 'purple' })
    expect(reply).toMatchObject({
      ok: false,
      error: {
        code: 'invalid-argument',
        field: 'setSettings.args.0.theme',
        message: expect.stringContaining('setSettings.args.0.theme')
      }
    })
    const training = await ipc.invoke('studio:startTraining', {
      dataset: { kind: 'builtin', name: 'shapes' },
      batchSize: 1
    })
    expect(training).toMatchObject({
      ok: false,
      error: { field: 'startTraining.args.0.batchSize' }
    })
    const extra = await ipc.invoke('studio:getInfo', 'surplus')
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
    expect(engine.call).not.toHaveBeenCalled()
  })

  it('runs desktop methods in main, never in the engine', async () => {
    const { ipc, engine, desktop } = setup()
    expect(await ipc.invoke('studio:chooseFolder', 'dataset')).toEqual({
      ok: true,
      value: pictures
    })
    expect(desktop.chooseFolder).toHaveBeenCalledWith('dataset')
    expect(await ipc.invoke('studio:chooseFolder', 'run')).toEqual({ ok: true, value: null })
    expect(await ipc.invoke('studio:chooseFolder', 'somewhere')).toMatchObject({
      ok: false,
      error: { field: 'chooseFolder.args.0' }
    })
    expect(await ipc.invoke('studio:revealPath', path.join(dataDir, 'runs'))).toEqual({
      ok: true,
      value: { ok: true }
    })
    expect(engine.call).not.toHaveBeenCalled()
  })

  it('refuses a path outside the chosen folders, saying how to choose one', async () => {
    const { ipc, engine, desktop } = setup()
    const refused = await ipc.invoke('studio:openDataset', { kind: 'folder', path: elsewhere })
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'path-not-chosen', field: 'openDataset.args.0.path' }
    })
    expect(!refused.ok && refused.error.message).toContain(CHOOSE_FOLDER_HINT)
    expect(await ipc.invoke('studio:revealPath', '/etc/passwd')).toMatchObject({
      ok: false,
      error: {
        code: 'path-not-chosen',
        params: { where: 'revealPath.args.0', path: '/etc/passwd' }
      }
    })
    // ".." and relative paths never reach the policy: the contract refuses them.
    expect(
      await ipc.invoke('studio:openDataset', { kind: 'folder', path: `${dataDir}/../elsewhere` })
    ).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: /"\.\."/ } })
    expect(engine.call).not.toHaveBeenCalled()
    expect(desktop.revealPath).not.toHaveBeenCalled()
  })

  it('allows a folder once the user chose it in the dialog, and its sub-folders', async () => {
    const { ipc, engineCalls } = setup()
    await ipc.invoke('studio:chooseFolder', 'dataset')
    const cats = path.join(pictures, 'cats')
    const reply = await ipc.invoke('studio:openDataset', { kind: 'folder', path: cats })
    expect(reply).toMatchObject({ ok: true, value: { source: { path: cats } } })
    expect(engineCalls[0]?.method).toBe('openDataset')
  })

  it('grants a dropped folder over the drop channel', async () => {
    const { ipc } = setup()
    expect(
      await ipc.invoke('studio:openDataset', { kind: 'folder', path: elsewhere })
    ).toMatchObject({
      ok: false
    })
    expect(await ipc.invoke(GRANT_DROPPED_PATH_CHANNEL, elsewhere)).toEqual({
      ok: true,
      value: elsewhere
    })
    expect(
      await ipc.invoke('studio:openDataset', { kind: 'folder', path: elsewhere })
    ).toMatchObject({
      ok: true
    })
    expect(await ipc.invoke(GRANT_DROPPED_PATH_CHANNEL, path.join(root, 'gone'))).toMatchObject({
      ok: false,
      error: { code: 'not-found' }
    })
    expect(await ipc.invoke(GRANT_DROPPED_PATH_CHANNEL, 42)).toMatchObject({ ok: false })
  })

  it('refuses calls from any page but the app’s own', async () => {
    const { ipc, engine, grants } = setup()
    for (const url of ['https://evil.example/', null]) {
      expect(await ipc.invokeFrom(url, 'studio:getSettings')).toMatchObject({
        ok: false,
        error: { code: 'untrusted-sender' }
      })
      expect(await ipc.invokeFrom(url, GRANT_DROPPED_PATH_CHANNEL, elsewhere)).toMatchObject({
        ok: false
      })
    }
    expect(engine.call).not.toHaveBeenCalled()
    expect(grants.check(elsewhere).ok).toBe(false)
  })

  it('passes on the engine’s errors as messages a person can read', async () => {
    const { ipc, engine } = setup()
    engine.call.mockRejectedValueOnce(
      Object.assign(new Error('The engine stopped unexpectedly (exit code 9).'), {
        code: 'engine-crashed'
      })
    )
    expect(await ipc.invoke('studio:getTrainingStatus')).toEqual({
      ok: false,
      error: { message: 'The engine stopped unexpectedly (exit code 9).', code: 'engine-crashed' }
    })
  })

  it('says so when a desktop method has no handler in this shell', async () => {
    const ipc = new FakeIpcMain()
    registerStudioIpc({
      ipc,
      engine: { call: vi.fn() },
      desktop: {},
      grants: new FolderGrants([dataDir]),
      isTrustedSender: () => true
    })
    expect(await ipc.invoke('studio:chooseFolder', 'dataset')).toMatchObject({
      ok: false,
      error: { code: 'unavailable' }
    })
  })
})

describe('main’s IPC handlers over a real EngineProcess', () => {
  const engines: EngineProcess[] = []
  afterEach(() => {
    for (const e of engines.splice(0)) e.dispose()
  })

  it('relays to the engine process and brings back its result, PNG bytes included', async () => {
    const forks = fakeFork((child) =>
      setImmediate(() =>
        child.serve({
          getSettings: async () => settings,
          openDataset: async (source) => summary((source as { path: string }).path)
        })
      )
    )
    const engine = new EngineProcess({
      fork: forks.fork,
      modulePath: 'engineHost.js',
      dataDir,
      onEvent: () => undefined
    })
    engines.push(engine)
    engine.start()
    const ipc = new FakeIpcMain()
    const grants = new FolderGrants([dataDir])
    grants.grant(pictures)
    registerStudioIpc({ ipc, engine, desktop: {}, grants, isTrustedSender: () => true })

    expect(await ipc.invoke('studio:getSettings')).toEqual({ ok: true, value: settings })
    const reply = await ipc.invoke('studio:openDataset', { kind: 'folder', path: pictures })
    expect(reply.ok).toBe(true)
    const value = reply.ok ? (reply.value as DatasetSummary) : undefined
    expect(value?.classes[0]?.thumbnails[0]).toBeInstanceOf(Uint8Array)
    expect(forks.children[0]?.sent).toHaveLength(2)
  }, 10_000)
})

describe('the path policy over every contract method that takes a path', () => {
  // Each method's call with `p` where its path goes; the first test keeps this list whole.
  const calls: Record<string, (p: string) => unknown[]> = {
    openDataset: (p) => [{ kind: 'folder', path: p }],
    startTraining: (p) => [{ dataset: { kind: 'idx', path: p }, batchSize: 8 }],
    exportGenerator: (p) => [{ runId: 'r' }, p],
    exportTorch: (p) => [{ runId: 'r' }, p],
    saveImages: (p) => [{ generation: 'g', dir: p }],
    revealPath: (p) => [p]
  }
  let linkOut: string
  beforeAll(() => {
    linkOut = path.join(pictures, 'link-out')
    symlinkSync(elsewhere, linkOut)
  })

  it('knows every method whose arguments hold a path, from the contract', () => {
    expect(Object.keys(calls).sort()).toEqual(methodsTakingPaths().sort())
  })

  for (const [name, call] of Object.entries(calls)) {
    it(`${name}: relays a path in a chosen folder, refuses one outside, relative, ".." or through a link out`, async () => {
      const { ipc, engineCalls, desktop, grants } = setup()
      grants.grant(pictures)
      const channel = `studio:${name}`
      const runsInMain = name === 'revealPath'
      const inside = path.join(pictures, 'cats')

      const allowed = await ipc.invoke(channel, ...call(inside))
      expect(allowed.ok).toBe(true)
      const relayed = runsInMain ? desktop.revealPath.mock.calls[0] : engineCalls[0]?.args
      expect(JSON.stringify(relayed)).toContain(JSON.stringify(inside))

      for (const outside of [elsewhere, '/etc', path.join(linkOut, 'x')]) {
        const reply = await ipc.invoke(channel, ...call(outside))
        expect(reply).toMatchObject({ ok: false, error: { code: 'path-not-chosen' } })
        expect(!reply.ok && reply.error.message).toContain(CHOOSE_FOLDER_HINT)
      }
      for (const malformed of ['../../x', 'cats', `${pictures}/../elsewhere`]) {
        const reply = await ipc.invoke(channel, ...call(malformed))
        expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
        expect(!reply.ok && reply.error.message).toMatch(/relative path|"\.\."/)
      }
      expect(engineCalls.length + desktop.revealPath.mock.calls.length).toBe(1)
    })
  }

  it('refuses the positional export path exportGenerator(ref, "../../x") before the engine', async () => {
    const { ipc, engine } = setup()
    const reply = await ipc.invoke('studio:exportGenerator', { runId: 'r' }, '../../x')
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', field: 'exportGenerator.args.1' }
    })
    expect(!reply.ok && reply.error.message).toMatch(/"\.\.\/\.\.\/x" is a relative path/)
    expect(engine.call).not.toHaveBeenCalled()
  })
})
