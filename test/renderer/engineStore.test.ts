import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { setStudio } from '../helpers/studio'
import { useEngineStore } from '@renderer/stores/engine'
import type { StudioApi } from '@shared/api'
import type { StudioEvent } from '@shared/events'
import type { EngineInfo } from '@shared/info'

const info: EngineInfo = {
  version: '0.1.0',
  backend: 'wasm',
  backendReason: 'WebAssembly with SIMD and XNNPACK',
  attempts: [],
  platform: 'linux-x64',
  nodeVersion: '20',
  dataDir: '/data',
  shell: 'browser'
}

function fakeStudio(getInfo: () => Promise<EngineInfo>) {
  let listener: ((e: StudioEvent) => void) | undefined
  const api = {
    getInfo: vi.fn(getInfo),
    onEvent: (l: (e: StudioEvent) => void) => {
      listener = l
      return () => (listener = undefined)
    }
  } as unknown as StudioApi
  return { api, emit: (e: StudioEvent) => listener?.(e) }
}

describe('the engine store', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('shows the backend the engine reports once it answers', async () => {
    const { api } = fakeStudio(async () => info)
    setStudio(api)
    const store = useEngineStore()
    expect(store.backendLabel).toBe('…')
    store.start()
    await vi.waitFor(() => expect(store.connection).toBe('ready'))
    expect(store.backendLabel).toBe('wasm')
  })

  it('says the engine crashed, with its last words, and recovers when it is back', async () => {
    const { api, emit } = fakeStudio(async () => info)
    setStudio(api)
    const store = useEngineStore()
    store.start()
    await vi.waitFor(() => expect(store.connection).toBe('ready'))
    emit({ type: 'engine-state', state: 'crashed', message: 'exit code 134', lastOutput: 'abort' })
    expect(store.connection).toBe('crashed')
    expect(store.problem).toBe('exit code 134')
    expect(store.lastOutput).toBe('abort')
    emit({ type: 'engine-state', state: 'ready' })
    await vi.waitFor(() => expect(api.getInfo).toHaveBeenCalledTimes(2))
    expect(store.connection).toBe('ready')
  })

  it('reports a failed first contact instead of waiting forever', async () => {
    const { api } = fakeStudio(async () => {
      throw new Error('The connection to the engine closed.')
    })
    setStudio(api)
    const store = useEngineStore()
    store.start()
    await vi.waitFor(() => expect(store.connection).toBe('disconnected'))
    expect(store.problem).toMatch(/connection to the engine closed/)
  })
})
