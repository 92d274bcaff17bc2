import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { nextTick } from 'vue'
import { setStudio } from '../helpers/studio'
import { TrainConfigSchema } from '@shared/train'
import { useDatasetStore } from '@renderer/stores/dataset'
import { useNavigationStore } from '@renderer/stores/navigation'
import { setLocale } from '@renderer/i18n'
import { PREFIX } from '@renderer/lib/persist'
import { presetValues } from '@renderer/stores/techniquePresets'
import {
  autoSampleEvery,
  defaultForm,
  MAX_GRIDS,
  totalStepsOf,
  useTrainingStore
} from '@renderer/stores/training'
import type { StudioApi } from '@shared/api'
import type { StudioEvent } from '@shared/events'
import type { TrainingStatus } from '@shared/train'

function fakeStudio(status: TrainingStatus = { state: 'idle' }) {
  let listener: ((e: StudioEvent) => void) | undefined
  const api = {
    onEvent: (l: (e: StudioEvent) => void) => {
      listener = l
      return () => undefined
    },
    startTraining: vi.fn(async () => ({ state: 'running' as const, runId: 'r1' })),
    getTrainingStatus: vi.fn(async () => status),
    pauseTraining: vi.fn(async () => ({ state: 'running' as const, runId: 'r1' })),
    // The engine answers from its mirror: still "paused" when the command is sent.
    resumeTraining: vi.fn(async () => ({ state: 'paused' as const, runId: 'r1' })),
    stopTraining: vi.fn(async () => ({ state: 'stopped' as const, runId: 'r1' })),
    getRunHistory: vi.fn(async (runId: string) => ({
      runId,
      loss: 'hinge',
      labels: ['a', 'b'],
      totalSteps: 100,
      records: 3,
      metrics: [1, 2, 3].map((step) => ({
        step,
        dLoss: 1,
        gLoss: 2,
        dReal: 0.5,
        dFake: 0.5,
        elapsedSeconds: step
      })),
      sampleSteps: [2]
    })),
    getRunSample: vi.fn(async () => ({ png: new Uint8Array([1]) }))
  }
  return { api, studio: api as unknown as StudioApi, emit: (e: StudioEvent) => listener?.(e) }
}

const progress = (step: number, runId = 'r1') => ({
  type: 'progress' as const,
  progress: {
    runId,
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
const flush = () => new Promise((r) => setTimeout(r, 0))

describe('the training store', () => {
  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
    globalThis.URL.createObjectURL = vi.fn(() => `blob:${Math.random()}`)
    globalThis.URL.revokeObjectURL = vi.fn()
  })

  it('holds Start until a dataset is open, and explains invalid fields in plain words', () => {
    setStudio(fakeStudio().studio)
    const training = useTrainingStore()
    const dataset = useDatasetStore()
    expect(training.canStart).toBe(false)
    dataset.source = { kind: 'builtin', name: 'shapes' }
    expect(training.canStart).toBe(true)
    training.form.batchSize = 1
    training.form.lrG = -1
    training.form.epochs = 1.5
    expect(training.fieldErrors).toEqual({
      batchSize: 'Batch size must be at least 2.',
      lrG: 'Learning rate G must be more than 0.',
      epochs: 'Epochs must be a whole number.'
    })
    expect(training.canStart).toBe(false)
  })

  it('keeps what is wrong as message keys, and says it in the language shown', () => {
    setStudio(fakeStudio().studio)
    const training = useTrainingStore()
    useDatasetStore().source = { kind: 'builtin', name: 'shapes' }
    training.form.batchSize = 1
    training.form.emaDecay = 2
    training.form.modelWidth = 200
    training.form.conditional = false
    training.form.mismatchedLabels = true
    expect(training.fieldIssues).toMatchObject({
      batchSize: { key: 'train.validation.atLeast', params: { min: 2 } },
      emaDecay: { key: 'train.validation.atMost', params: { max: 0.99999 } }
    })
    try {
      setLocale('zh-CN')
      expect(training.fieldErrors).toMatchObject({
        batchSize: '“批大小”不能小于 2。',
        emaDecay: '“EMA 衰减率”不能大于 0.99999。'
      })
      setLocale('zh-TW')
      expect(training.fieldErrors.batchSize).toBe('「批次大小」不得小於 2。')
    } finally {
      setLocale('en')
    }
    // The #22 fields are named as their controls are; the studio's limits say where more is allowed.
    expect(training.fieldErrors.emaDecay).toBe('EMA decay must be at most 0.99999.')
    training.form.emaDecay = 0.999
    training.form.batchSize = 8
    expect(training.fieldErrors).toEqual({
      modelWidth:
        'Model width can be at most 128 in the studio (the command line, gan-studio train, allows more).',
      mismatchedLabels: 'Wrong-label fakes need a conditional model (turn labels on).'
    })
  })

  it('treats an emptied optional field as unset', () => {
    setStudio(fakeStudio().studio)
    const training = useTrainingStore()
    useDatasetStore().source = { kind: 'builtin', name: 'shapes' }
    ;(training.form as Record<string, unknown>).maxSteps = ''
    expect(training.fieldErrors).toEqual({})
  })

  it('computes the total steps and a sample interval that fits the run', async () => {
    expect(totalStepsOf({ epochs: 2, batchSize: 16, dSteps: 1 }, 300)).toBe(38)
    expect(totalStepsOf({ epochs: 2, batchSize: 16, dSteps: 2 }, 300)).toBe(19)
    expect(totalStepsOf({ maxSteps: 30, epochs: 2, batchSize: 16 }, undefined)).toBe(30)
    expect([30, 400, 5000, 5].map(autoSampleEvery)).toEqual([2, 20, 100, 1])
    setStudio(fakeStudio().studio)
    const training = useTrainingStore()
    useDatasetStore().summary = { count: 300 } as never
    training.form.maxSteps = 60
    await nextTick()
    expect(training.plannedSteps).toBe(60)
    expect(training.form.sampleEvery).toBe(3)
  })

  it('sends the form and the open dataset, then follows progress, grids and state', async () => {
    const { api, studio, emit } = fakeStudio()
    setStudio(studio)
    const training = useTrainingStore()
    useDatasetStore().source = { kind: 'builtin', name: 'shapes' }
    training.form.maxSteps = 40
    await training.start()
    expect(api.startTraining).toHaveBeenCalledWith(
      expect.objectContaining({ dataset: { kind: 'builtin', name: 'shapes' }, maxSteps: 40 })
    )
    expect(training.runId).toBe('r1')
    emit(progress(4))
    emit(progress(5))
    for (let step = 10; step < MAX_GRIDS + 15; step++) {
      emit({ type: 'samples', runId: 'r1', step, png: new Uint8Array([1]), rowLabels: ['a'] })
    }
    expect(training.grids).toHaveLength(MAX_GRIDS)
    emit({
      type: 'training-state',
      runId: 'r1',
      state: 'failed',
      message: 'NaN in G loss at step 3'
    })
    expect(training.state).toBe('failed')
    expect(training.error).toMatch(/NaN in G loss/)
  })

  it('shows running after Resume, whichever arrives first: the reply or the event', async () => {
    const { studio, emit } = fakeStudio()
    setStudio(studio)
    const training = useTrainingStore()
    useDatasetStore().source = { kind: 'builtin', name: 'shapes' }
    await training.start()
    emit({ type: 'training-state', runId: 'r1', state: 'paused' })
    expect(training.state).toBe('paused')
    // The event comes before the (stale) reply.
    const resumed = training.resume()
    emit({ type: 'training-state', runId: 'r1', state: 'running' })
    await resumed
    expect(training.state).toBe('running')
    // Pause: one click is enough, the event says paused.
    await training.pause()
    emit({ type: 'training-state', runId: 'r1', state: 'paused' })
    expect(training.state).toBe('paused')
    // Steps rising while it says paused: it runs.
    await training.resume()
    expect(training.state).toBe('paused')
    emit(progress(7))
    expect(training.state).toBe('running')
  })

  it('clears the ETA when the run stops', async () => {
    const { studio, emit } = fakeStudio()
    setStudio(studio)
    const training = useTrainingStore()
    useDatasetStore().source = { kind: 'builtin', name: 'shapes' }
    await training.start()
    emit(progress(4))
    expect(training.last?.etaSeconds).toBe(10)
    emit({ type: 'training-state', runId: 'r1', state: 'stopped' })
    expect(training.last?.etaSeconds).toBe(0)
  })

  it('starts clean charts for a new or resumed run, with its own history and settings', async () => {
    // The engine sends the run's whole config, defaults filled in.
    const config = TrainConfigSchema.parse({
      dataset: { kind: 'builtin', name: 'shapes' },
      loss: 'hinge',
      batchSize: 24,
      maxSteps: 100,
      sampleEvery: 7
    })
    const { api, studio, emit } = fakeStudio({ state: 'running', runId: 'r2', config })
    setStudio(studio)
    const training = useTrainingStore()
    useDatasetStore().source = { kind: 'builtin', name: 'shapes' }
    await training.start()
    emit(progress(30))
    emit({ type: 'samples', runId: 'r1', step: 30, png: new Uint8Array([1]), rowLabels: ['a'] })
    // Another run starts (resumed from Runs, or in another window).
    emit({ type: 'training-state', runId: 'r2', state: 'running' })
    emit(progress(4, 'r2'))
    await flush()
    expect(training.runId).toBe('r2')
    expect(api.getRunHistory).toHaveBeenCalledWith('r2')
    // Its history before the live point, then the live point; none of r1's.
    expect(training.series.map((p) => p.step)).toEqual([1, 2, 3, 4])
    expect(training.grids.map((g) => g.step)).toEqual([2])
    expect(training.runLoss).toBe('hinge')
    expect(training.form).toMatchObject({ loss: 'hinge', batchSize: 24, sampleEvery: 7 })
    await training.loadGrid(2)
    expect(training.grids[0]!.url).toMatch(/^blob:/)
  })

  it('after a reload, asks the engine and picks up its run: state, settings, curves so far', async () => {
    const { studio } = fakeStudio({
      state: 'paused',
      runId: 'r9',
      config: TrainConfigSchema.parse({
        dataset: { kind: 'builtin', name: 'shapes' },
        loss: 'minimax',
        batchSize: 32
      }),
      last: progress(3, 'r9').progress
    })
    setStudio(studio)
    const training = useTrainingStore()
    await training.sync()
    await flush()
    expect(training.state).toBe('paused')
    expect(training.runId).toBe('r9')
    expect(training.active).toBe(true)
    expect(training.form).toMatchObject({ loss: 'minimax', batchSize: 32 })
    expect(training.series.map((p) => p.step)).toEqual([1, 2, 3])
    expect(training.last?.step).toBe(3)
  })

  it('gives a form saved before the recommended default its techniques, unless they were set by hand', async () => {
    setStudio(fakeStudio().studio)
    const classic = { ...defaultForm(), ...presetValues('classic'), batchSize: 32 }
    // Saved by an earlier version: whole, with the classic DCGAN's techniques, and no version.
    localStorage.setItem(`${PREFIX}form`, JSON.stringify(classic))
    expect(useTrainingStore().form).toMatchObject({ ...presetValues('recommended'), batchSize: 32 })
    // Once adopted it stays a choice: choosing classic now survives a reload.
    useTrainingStore().applyPreset('classic')
    await nextTick()
    setActivePinia(createPinia())
    expect(useTrainingStore().techniquePreset).toBe('classic')

    // An earlier version's form whose user changed a technique keeps every setting.
    localStorage.clear()
    const chosen = { ...classic, r1Gamma: 5 }
    localStorage.setItem(`${PREFIX}form`, JSON.stringify(chosen))
    setActivePinia(createPinia())
    expect(useTrainingStore().form).toMatchObject(chosen)
    expect(useTrainingStore().techniquePreset).toBe('custom')
  })

  it('keeps the view across a reload', async () => {
    useNavigationStore().go('runs')
    await nextTick()
    setActivePinia(createPinia())
    expect(useNavigationStore().current).toBe('runs')
  })
})
