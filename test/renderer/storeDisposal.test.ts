import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { createApp, ref } from 'vue'
import { setStudio } from '../helpers/studio'
import { useDatasetStore } from '@renderer/stores/dataset'
import { useEngineStore } from '@renderer/stores/engine'
import { errorSlot, guardedCalls } from '@renderer/stores/engineCalls'
import { useGenerateStore } from '@renderer/stores/generate'
import { installStores } from '@renderer/stores/install'
import { useLabStore } from '@renderer/stores/lab'
import { useTrainingStore } from '@renderer/stores/training'
import { LAB_PRESETS } from '@shared/lab'
import type { StudioApi } from '@shared/api'
import type { StudioEvent } from '@shared/events'
import type { EngineInfo } from '@shared/info'

/** An engine whose answers are enough for each store to subscribe; it counts live listeners. */
function countingStudio() {
  const listeners = new Set<(e: StudioEvent) => void>()
  const api = {
    onEvent: (l: (e: StudioEvent) => void) => {
      listeners.add(l)
      return () => listeners.delete(l)
    },
    getInfo: async () => ({ backend: 'wasm', shell: 'browser' }) as EngineInfo,
    openDataset: async () => ({ classes: [] }),
    generate: async () => {
      throw new Error('no checkpoint here')
    },
    labReset: async () => structuredClone(LAB_FRAME),
    getTrainingStatus: async () => ({ state: 'idle' })
  }
  setStudio(api as unknown as StudioApi)
  return { listeners }
}

const LAB_FRAME = { step: 0, js: 0, value: 0, gGradNorm: 0, dStarGap: 0, modesCovered: 0 }

/** Makes each store that follows engine events subscribe, as using it in the app does. */
async function subscribeAll(): Promise<void> {
  await useDatasetStore().open({ kind: 'builtin', name: 'shapes' })
  useEngineStore().start()
  const gen = useGenerateStore()
  gen.use({ runId: 'r', step: 1 }, ['a'])
  await gen.generate()
  const lab = useLabStore()
  lab.config = structuredClone(LAB_PRESETS.equilibrium.config)
  await lab.reset()
  await useTrainingStore().sync()
}

describe('stores and their engine subscriptions', () => {
  beforeEach(() => {
    localStorage.clear()
    vi.stubGlobal('URL', { ...URL, createObjectURL: () => 'blob:x', revokeObjectURL: () => {} })
  })
  afterEach(() => {
    setStudio(undefined)
    vi.unstubAllGlobals()
  })

  it('subscribe once each, however often they are used', async () => {
    const { listeners } = countingStudio()
    setActivePinia(createPinia())
    await subscribeAll()
    expect(listeners.size).toBe(5)
    await subscribeAll()
    expect(listeners.size).toBe(5)
  })

  it('leave no listener behind once disposed', async () => {
    const { listeners } = countingStudio()
    setActivePinia(createPinia())
    await subscribeAll()
    const stores = [
      useDatasetStore(),
      useEngineStore(),
      useGenerateStore(),
      useLabStore(),
      useTrainingStore()
    ]
    for (const [i, store] of stores.entries()) {
      store.$dispose()
      expect(listeners.size).toBe(stores.length - i - 1)
    }
  })

  it('leave no listener behind when the app unmounts', async () => {
    const { listeners } = countingStudio()
    const app = createApp({ render: () => null })
    installStores(app)
    app.mount(document.createElement('div'))
    await subscribeAll()
    expect(listeners.size).toBe(5)
    app.unmount()
    expect(listeners.size).toBe(0)
  })
})

describe('guardedCalls, the stores’ one wrapper for engine calls', () => {
  it('clears the last error, holds busy while the call runs, and reports a failure', async () => {
    const error = errorSlot()
    error.value = 'an old error'
    const busy = ref(false)
    const guarded = guardedCalls(error, busy)
    let busyDuring = false
    await guarded(async () => {
      busyDuring = busy.value
      expect(error.value).toBeUndefined()
    })
    expect(busyDuring).toBe(true)
    expect(busy.value).toBe(false)
    await guarded(async () => {
      throw new Error('The engine is busy training.')
    })
    expect(error.value).toBe('The engine is busy training.')
    expect(busy.value).toBe(false)
    await guarded(async () => {
      throw 'not an Error'
    })
    expect(error.value).toBe('not an Error')
  })
})
