import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { setStudio } from '@renderer/api/studio'
import { useDatasetStore } from '@renderer/stores/dataset'
import { MAX_GRIDS, useTrainingStore } from '@renderer/stores/training'
import type { StudioApi } from '@shared/api'
import type { StudioEvent } from '@shared/events'

function fakeStudio() {
  let listener: ((e: StudioEvent) => void) | undefined
  const api = {
    onEvent: (l: (e: StudioEvent) => void) => {
      listener = l
      return () => undefined
    },
    startTraining: vi.fn(async () => ({ state: 'running' as const, runId: 'r1' })),
    getTrainingStatus: vi.fn(async () => ({ state: 'idle' as const }))
  } as unknown as StudioApi
  return { api, emit: (e: StudioEvent) => listener?.(e) }
}

const progress = (step: number) => ({
  type: 'progress' as const,
  progress: {
    runId: 'r1',
    step,
    epoch: 1,
    totalSteps: 100,
    dLoss: 1,
    gLoss: 2,
    dReal: 0.6,
    dFake: 0.4,
    imagesPerSecond: 50,
    etaSeconds: 10,
    elapsedSeconds: 1
  }
})

describe('the training store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    globalThis.URL.createObjectURL = vi.fn(() => `blob:${Math.random()}`)
    globalThis.URL.revokeObjectURL = vi.fn()
  })

  it('holds Start until a dataset is open, and explains invalid fields beside them', () => {
    setStudio(fakeStudio().api)
    const training = useTrainingStore()
    const dataset = useDatasetStore()
    expect(training.canStart).toBe(false)
    dataset.source = { kind: 'builtin', name: 'shapes' }
    expect(training.canStart).toBe(true)
    training.form.batchSize = 1
    training.form.lrG = -1
    expect(Object.keys(training.fieldErrors).sort()).toEqual(['batchSize', 'lrG'])
    expect(training.canStart).toBe(false)
  })

  it('treats an emptied optional field as unset', () => {
    setStudio(fakeStudio().api)
    const training = useTrainingStore()
    useDatasetStore().source = { kind: 'builtin', name: 'shapes' }
    ;(training.form as Record<string, unknown>).maxSteps = ''
    expect(training.fieldErrors).toEqual({})
  })

  it('sends the form and the open dataset, then follows progress, grids and state', async () => {
    const { api, emit } = fakeStudio()
    setStudio(api)
    const training = useTrainingStore()
    useDatasetStore().source = { kind: 'builtin', name: 'shapes' }
    training.form.maxSteps = 40
    await training.start()
    expect(api.startTraining).toHaveBeenCalledWith(
      expect.objectContaining({ dataset: { kind: 'builtin', name: 'shapes' }, maxSteps: 40 })
    )
    expect(training.runId).toBe('r1')
    emit(progress(1))
    emit(progress(2))
    emit({ ...progress(3), progress: { ...progress(3).progress, runId: 'other-run' } })
    expect(training.series.map((p) => p.step)).toEqual([1, 2])
    for (let step = 0; step < MAX_GRIDS + 5; step++) {
      emit({ type: 'samples', runId: 'r1', step, png: new Uint8Array([1]), rowLabels: ['a'] })
    }
    expect(training.grids).toHaveLength(MAX_GRIDS)
    expect(URL.revokeObjectURL).toHaveBeenCalledTimes(5)
    emit({
      type: 'training-state',
      runId: 'r1',
      state: 'failed',
      message: 'NaN in G loss at step 3'
    })
    expect(training.state).toBe('failed')
    expect(training.error).toMatch(/NaN in G loss/)
  })
})
