import { tmpdir } from 'node:os'
import { describe, expect, it, vi } from 'vitest'
import { STUDIO_METHOD_NAMES } from '../../src/shared/api'
import type { StudioEvent } from '../../src/shared/events'
import { StudioError } from '../../src/shared/rpc'
import {
  createStudioBridge,
  type BridgeDeps,
  type IpcListener
} from '../../src/preload/createStudioBridge'
import { GRANT_DROPPED_PATH_CHANNEL, STUDIO_EVENT_CHANNEL } from '../../src/shared/ipcChannels'
import { registerStudioIpc, type IpcInvokeEventLike } from '../../src/main/desktop/ipcHandlers'
import { FolderGrants } from '../../src/main/desktop/pathPolicy'

function fakeIpc(
  reply: (channel: string, args: unknown[]) => unknown = () => ({ ok: true, value: null })
) {
  const listeners = new Map<string, Set<IpcListener>>()
  const deps: BridgeDeps & { invoke: ReturnType<typeof vi.fn> } = {
    invoke: vi.fn(async (channel: string, ...args: unknown[]) => reply(channel, args)),
    on: (channel, listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set())
      listeners.get(channel)?.add(listener)
    },
    off: (channel, listener) => void listeners.get(channel)?.delete(listener),
    getPathForFile: (file) => (file as { path?: string }).path ?? ''
  }
  const ipcEvent = { sender: { send: () => undefined }, senderId: 0, ports: [] }
  const emit = (payload: unknown): void => {
    for (const l of listeners.get(STUDIO_EVENT_CHANNEL) ?? []) l(ipcEvent, payload)
  }
  return { deps, emit, listeners, ipcEvent }
}

describe('the preload bridge', () => {
  it('exposes exactly the contract: its methods, onEvent, droppedPath and the system languages', () => {
    const api = createStudioBridge(fakeIpc().deps)
    expect(Object.keys(api).sort()).toEqual(
      [...STUDIO_METHOD_NAMES, 'onEvent', 'droppedPath', 'systemLanguages'].sort()
    )
    const { systemLanguages, ...rest } = api
    for (const value of Object.values(rest)) expect(typeof value).toBe('function')
    expect(systemLanguages).toEqual([])
    expect(Object.isFrozen(api)).toBe(true)
    expect('ipcRenderer' in api).toBe(false)
  })

  it("hands the page the system's languages as frozen plain data", () => {
    const languages = ['zh-Hant-TW', 'en-US']
    const api = createStudioBridge({ ...fakeIpc().deps, systemLanguages: languages })
    expect(api.systemLanguages).toEqual(['zh-Hant-TW', 'en-US'])
    expect(api.systemLanguages).not.toBe(languages)
    expect(Object.isFrozen(api.systemLanguages)).toBe(true)
  })

  it('invokes studio:<method> with the arguments, and returns the result', async () => {
    const { deps } = fakeIpc((channel) =>
      channel === 'studio:getSettings'
        ? { ok: true, value: { backend: 'auto', theme: 'dark', locale: 'zh-TW' } }
        : undefined
    )
    const api = createStudioBridge(deps)
    await expect(api.getSettings()).resolves.toEqual({
      backend: 'auto',
      theme: 'dark',
      locale: 'zh-TW'
    })
    expect(deps.invoke).toHaveBeenCalledWith('studio:getSettings')
    deps.invoke.mockResolvedValueOnce({ ok: true, value: '/home/ada/cats' })
    await expect(api.chooseFolder('dataset')).resolves.toBe('/home/ada/cats')
    expect(deps.invoke).toHaveBeenLastCalledWith('studio:chooseFolder', 'dataset')
  })

  it('leaves argument checks to main: a malformed call is refused there, naming the field', async () => {
    // The bridge over main's real handlers, as Electron connects them.
    const handlers = new Map<string, (event: IpcInvokeEventLike, ...args: unknown[]) => unknown>()
    const engine = { call: vi.fn(async () => ({})) }
    registerStudioIpc({
      ipc: { handle: (channel, h) => void handlers.set(channel, h), removeHandler: () => {} },
      engine,
      desktop: {},
      grants: new FolderGrants([tmpdir()]),
      isTrustedSender: () => true
    })
    const api = createStudioBridge({
      ...fakeIpc().deps,
      invoke: async (channel, ...args) =>
        structuredClone(
          await handlers.get(channel)!({ senderFrame: null }, ...structuredClone(args))
        )
    })
    // @ts-expect-error -- a caller that gets the contract wrong
    const error = await api.setSettings({ theme: 'purple' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StudioError)
    expect(error).toMatchObject({ code: 'invalid-argument', field: 'setSettings.args.0.theme' })
    expect((error as Error).message).toMatch(/setSettings\.args\.0\.theme/)
    expect(engine.call).not.toHaveBeenCalled()
  })

  it('throws main’s error with its message, code and field', async () => {
    const { deps } = fakeIpc(() => ({
      ok: false,
      error: {
        message: 'Refused openDataset.args.0.path: …',
        code: 'path-refused',
        field: 'openDataset.args.0.path'
      }
    }))
    const api = createStudioBridge(deps)
    const error = await api.openDataset({ kind: 'folder', path: '/etc' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StudioError)
    expect(error).toMatchObject({
      message: 'Refused openDataset.args.0.path: …',
      code: 'path-refused',
      field: 'openDataset.args.0.path'
    })
  })

  it('refuses a reply that does not match the contract', async () => {
    const { deps } = fakeIpc(() => ({ ok: true, value: { theme: 'neon' } }))
    await expect(createStudioBridge(deps).getSettings()).rejects.toThrow(/getSettings\.result/)
    deps.invoke.mockResolvedValueOnce('garbage')
    await expect(createStudioBridge(deps).getSettings()).rejects.toThrow(/malformed reply/)
  })

  it('hands the page the event alone, never the IpcRendererEvent, and unsubscribes', () => {
    const { deps, emit, listeners } = fakeIpc()
    const api = createStudioBridge(deps)
    const received: unknown[][] = []
    const off = api.onEvent((...args: unknown[]) => received.push(args))
    const event: StudioEvent = {
      type: 'engine-state',
      state: 'crashed',
      message: 'x',
      lastOutput: 'y'
    }
    emit(event)
    emit({ type: 'not-an-event' }) // dropped: not in the contract
    expect(received).toEqual([[event]])
    off()
    off() // twice is harmless
    emit(event)
    expect(received).toHaveLength(1)
    expect(listeners.get(STUDIO_EVENT_CHANNEL)?.size).toBe(0)
  })

  it('parses each event once, with one IPC listener for all of the page’s', () => {
    const { deps, emit, listeners } = fakeIpc()
    const api = createStudioBridge(deps)
    const seen: StudioEvent[][] = [[], [], []]
    const offs = seen.map((list) => api.onEvent((e) => list.push(e)))
    expect(listeners.get(STUDIO_EVENT_CHANNEL)?.size).toBe(1)
    emit({ type: 'log', level: 'info', message: 'hello' })
    // The very same parsed object reaches every listener.
    expect(seen.map((list) => list.length)).toEqual([1, 1, 1])
    expect(seen[1]![0]).toBe(seen[0]![0])
    expect(seen[2]![0]).toBe(seen[0]![0])
    offs[0]!()
    offs[1]!()
    expect(listeners.get(STUDIO_EVENT_CHANNEL)?.size).toBe(1)
    offs[2]!()
    expect(listeners.get(STUDIO_EVENT_CHANNEL)?.size).toBe(0)
  })

  it('keeps handing events to the others when one listener throws', async () => {
    const { deps, emit } = fakeIpc()
    const api = createStudioBridge(deps)
    const thrown: unknown[] = []
    const onError = (err: unknown) => thrown.push(err)
    process.on('uncaughtException', onError)
    try {
      const seen: string[] = []
      api.onEvent(() => {
        throw new Error('a broken listener')
      })
      api.onEvent((e) => seen.push(e.type))
      emit({ type: 'log', level: 'info', message: 'x' })
      expect(seen).toEqual(['log'])
      await new Promise((resolve) => setTimeout(resolve, 0))
      expect(thrown).toEqual([expect.objectContaining({ message: 'a broken listener' })])
    } finally {
      process.off('uncaughtException', onError)
    }
  })

  it('passes PNG bytes of sample grids through as Uint8Array', () => {
    const { deps, emit } = fakeIpc()
    const seen: StudioEvent[] = []
    createStudioBridge(deps).onEvent((e) => seen.push(e))
    emit({ type: 'samples', runId: 'r', step: 1, png: new Uint8Array([1, 2]), rowLabels: [] })
    const first = seen[0]
    expect(first?.type === 'samples' && first.png).toEqual(new Uint8Array([1, 2]))
  })

  it('droppedPath resolves the file’s path and asks main to grant it', async () => {
    const { deps } = fakeIpc((channel, args) =>
      channel === GRANT_DROPPED_PATH_CHANNEL ? { ok: true, value: args[0] } : undefined
    )
    const api = createStudioBridge(deps)
    await expect(api.droppedPath({ path: '/home/ada/cats' })).resolves.toBe('/home/ada/cats')
    expect(deps.invoke).toHaveBeenCalledWith(GRANT_DROPPED_PATH_CHANNEL, '/home/ada/cats')
  })

  it('droppedPath is null for a file with no place on disk, or not a file at all', async () => {
    const { deps } = fakeIpc()
    deps.getPathForFile = (file) => {
      if (!('name' in file)) throw new TypeError('not a File')
      return ''
    }
    const api = createStudioBridge(deps)
    await expect(api.droppedPath({ name: 'made-in-page.png' })).resolves.toBeNull()
    await expect(api.droppedPath({})).resolves.toBeNull()
    expect(deps.invoke).not.toHaveBeenCalled()
  })
})
