import { beforeEach, describe, expect, it, vi } from 'vitest'
import { STUDIO_METHOD_NAMES } from '../../src/shared/api'
import { systemLanguagesArgument } from '../../src/shared/ipcChannels'

// The preload's real wiring, with Electron's renderer modules replaced.
const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: {
    invoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => ({ ok: true, value: null })),
    on: vi.fn(),
    removeListener: vi.fn(),
    send: vi.fn(),
    sendSync: vi.fn()
  },
  webUtils: { getPathForFile: vi.fn(() => '/home/ada/cats') }
}))
vi.mock('electron', () => electron)

describe('src/preload/index.ts', () => {
  beforeEach(async () => {
    vi.resetModules()
    electron.contextBridge.exposeInMainWorld.mockClear()
    await import('../../src/preload/index')
  })

  function exposed(): Record<string, unknown> {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce()
    const [name, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as unknown as [
      string,
      Record<string, unknown>
    ]
    expect(name).toBe('studio')
    return api
  }

  it('exposes window.studio and nothing else', () => {
    const api = exposed()
    expect(Object.keys(api).sort()).toEqual(
      [...STUDIO_METHOD_NAMES, 'onEvent', 'droppedPath', 'systemLanguages'].sort()
    )
  })

  it("passes on the system's languages main put on the page's command line", async () => {
    const argv = process.argv
    process.argv = [...argv, systemLanguagesArgument(['zh-Hant-HK', 'en'])]
    try {
      vi.resetModules()
      electron.contextBridge.exposeInMainWorld.mockClear()
      await import('../../src/preload/index')
      expect(exposed().systemLanguages).toEqual(['zh-Hant-HK', 'en'])
    } finally {
      process.argv = argv
    }
  })

  it('does not leak ipcRenderer or any of its functions', () => {
    const api = exposed()
    const leaked = new Set<unknown>([
      electron.ipcRenderer,
      ...Object.values(electron.ipcRenderer),
      electron.webUtils
    ])
    for (const value of Object.values(api)) expect(leaked.has(value)).toBe(false)
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/ipc|send|require|process/i)
  })

  it('calls go through ipcRenderer.invoke on studio:<method>', async () => {
    const api = exposed() as { getTrainingStatus(): Promise<unknown> }
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: { state: 'idle' } })
    await expect(api.getTrainingStatus()).resolves.toEqual({ state: 'idle' })
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith('studio:getTrainingStatus')
  })

  it('events come from ipcRenderer.on(studio:event) and unsubscribe with removeListener', () => {
    const api = exposed() as { onEvent(l: (e: unknown) => void): () => void }
    const off = api.onEvent(() => undefined)
    expect(electron.ipcRenderer.on).toHaveBeenCalledWith('studio:event', expect.any(Function))
    off()
    const relay = electron.ipcRenderer.on.mock.calls.at(-1)?.[1]
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith('studio:event', relay)
  })

  it('droppedPath uses webUtils.getPathForFile and the grant channel', async () => {
    const api = exposed() as { droppedPath(f: object): Promise<string | null> }
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: '/home/ada/cats' })
    await expect(api.droppedPath({})).resolves.toBe('/home/ada/cats')
    expect(electron.webUtils.getPathForFile).toHaveBeenCalled()
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(
      'studio:grant-dropped-path',
      '/home/ada/cats'
    )
  })
})
