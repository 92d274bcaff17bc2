import { defineStore } from 'pinia'
import { computed, reactive, ref, shallowRef } from 'vue'
import type { StudioEvent } from '@shared/events'
import {
  StudioTrainConfigSchema,
  TrainConfigSchema,
  type Progress,
  type TrainConfigInput,
  type TrainingState
} from '@shared/train'
import { studio } from '../api/studio'
import { appendDecimated, type SeriesPoint } from './decimate'
import { messageOf } from './errors'
import { ObjectUrlSet } from './objectUrls'
import { useDatasetStore } from './dataset'

/** Points kept per chart series, and sample grids kept for the scrubber. */
export const MAX_CHART_POINTS = 1500
export const MAX_GRIDS = 200

export interface LossPoint extends SeriesPoint {
  dLoss: number
  gLoss: number
  dReal: number
  dFake: number
}

export interface SampleGrid {
  step: number
  url: string
  rowLabels: string[]
}

/** The settings form: everything of TrainConfig but the dataset, which comes from the dataset store. */
export type TrainForm = Omit<TrainConfigInput, 'dataset'>

export function defaultForm(): TrainForm {
  const {
    dataset: _dataset,
    datasetOptions: _options,
    ...rest
  } = TrainConfigSchema.parse({
    dataset: { kind: 'builtin', name: 'shapes' }
  })
  return rest
}

/** Settings, live progress and sample grids of the one training run. */
export const useTrainingStore = defineStore('training', () => {
  const form = reactive<TrainForm>(defaultForm())
  const state = ref<TrainingState>('idle')
  const runId = ref<string>()
  const message = ref<string>()
  const error = ref<string>()
  const last = ref<Progress>()
  // Large arrays are shallow: each update replaces the array, so charts redraw once.
  const series = shallowRef<LossPoint[]>([])
  const grids = shallowRef<SampleGrid[]>([])
  const urls = new ObjectUrlSet()
  let listening = false

  const dataset = useDatasetStore()

  /** The form as a config: an emptied optional number field means "not set". */
  function configFromForm() {
    const cleaned = { ...form } as Record<string, unknown>
    if (cleaned.maxSteps === '' || Number.isNaN(cleaned.maxSteps)) delete cleaned.maxSteps
    return {
      ...(cleaned as TrainForm),
      dataset: dataset.source ?? { kind: 'builtin' as const, name: 'shapes' as const },
      datasetOptions: dataset.options
    }
  }

  /** Field → message for every invalid setting, shown beside the field; Start waits for none. */
  const fieldErrors = computed<Record<string, string>>(() => {
    // The studio's limits (what startTraining accepts), so a too-big batch is flagged here.
    const parsed = StudioTrainConfigSchema.safeParse(configFromForm())
    if (parsed.success) return {}
    const errors: Record<string, string> = {}
    for (const issue of parsed.error.issues) {
      const key = issue.path.map(String).join('.')
      errors[key] ??= issue.message
    }
    return errors
  })

  const active = computed(() => ['starting', 'running', 'paused', 'stopping'].includes(state.value))
  const canStart = computed(
    () => !active.value && !!dataset.source && Object.keys(fieldErrors.value).length === 0
  )

  function reset(): void {
    series.value = []
    grids.value = []
    urls.clear()
    last.value = undefined
  }

  function onEvent(event: StudioEvent): void {
    switch (event.type) {
      case 'progress': {
        const p = event.progress
        if (runId.value && p.runId !== runId.value) return
        last.value = p
        series.value = appendDecimated(
          series.value,
          { step: p.step, dLoss: p.dLoss, gLoss: p.gLoss, dReal: p.dReal, dFake: p.dFake },
          MAX_CHART_POINTS
        )
        break
      }
      case 'samples': {
        if (runId.value && event.runId !== runId.value) return
        const next = [
          ...grids.value,
          { step: event.step, url: urls.add(event.png), rowLabels: event.rowLabels }
        ]
        while (next.length > MAX_GRIDS) urls.revoke(next.shift()!.url)
        grids.value = next
        break
      }
      case 'training-state':
        state.value = event.state
        message.value = event.message
        if (event.runId) runId.value = event.runId
        if (event.state === 'failed') error.value = event.message
        break
    }
  }

  function listen(): void {
    if (listening) return
    studio().onEvent(onEvent)
    listening = true
  }

  async function act(
    fn: () => Promise<{ state: TrainingState; runId?: string; message?: string }>
  ) {
    error.value = undefined
    try {
      const status = await fn()
      state.value = status.state
      if (status.runId) runId.value = status.runId
      message.value = status.message
    } catch (err) {
      error.value = messageOf(err)
    }
  }

  async function start(): Promise<void> {
    if (!dataset.source) {
      error.value = 'Open a dataset first (the Dataset view).'
      return
    }
    listen()
    reset()
    runId.value = undefined
    const config = configFromForm()
    await act(() => studio().startTraining(config))
  }

  const pause = () => act(() => studio().pauseTraining())
  const resume = () => act(() => studio().resumeTraining())
  const stop = () => act(() => studio().stopTraining())

  /** Picks up a run that is already going (e.g. after a reload of the page). */
  async function sync(): Promise<void> {
    listen()
    await act(() => studio().getTrainingStatus())
  }

  return {
    form,
    state,
    runId,
    message,
    error,
    last,
    series,
    grids,
    fieldErrors,
    active,
    canStart,
    start,
    pause,
    resume,
    stop,
    sync,
    resetForm: () => Object.assign(form, defaultForm())
  }
})
