import { defineStore } from 'pinia'
import { computed, onScopeDispose, reactive, ref, shallowRef, watch } from 'vue'
import type { z } from 'zod'
import type { StudioEvent } from '@shared/events'
import type { Translate } from '@shared/i18n/translate'
import {
  STUDIO_TRAIN_LIMITS,
  StudioTrainConfigSchema,
  TrainConfigSchema,
  type Progress,
  type TrainConfigInput,
  type TrainingState,
  type TrainingStatus
} from '@shared/train'
import { studio } from '../api/studio'
import { currentLocale, t } from '../i18n'
import { thin } from '../lib/chartData'
import { isObject, loadSaved, save } from '../lib/persist'
import { appendDecimated, type SeriesPoint } from './decimate'
import { engineEvents, errorSlot, guardedCalls } from './engineCalls'
import { ObjectUrlSet } from './objectUrls'
import { useDatasetStore } from './dataset'
import {
  adoptDefaults,
  presetOf,
  presetValues,
  TECHNIQUE_DEFAULTS_VERSION,
  type TechniquePreset
} from './techniquePresets'

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
  /** Absent for a grid on disk not fetched yet (a run picked up after a reload). */
  url?: string
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

/** A sample grid every twentieth of the run, at most every 100 steps, so short runs show grids. */
export function autoSampleEvery(totalSteps: number): number {
  return Math.min(100, Math.max(1, Math.round(totalSteps / 20)))
}

/** Generator steps a run of this config trains on a set of `count` images (the trainer's rule). */
export function totalStepsOf(
  form: Pick<TrainForm, 'maxSteps' | 'epochs' | 'batchSize' | 'dSteps'>,
  count: number | undefined
): number | undefined {
  const max = Number(form.maxSteps)
  if (form.maxSteps !== undefined && (form.maxSteps as unknown) !== '' && max >= 1) return max
  const { epochs = 5, batchSize = 64, dSteps = 1 } = form
  if (!count || !(batchSize >= 1) || !(epochs >= 1) || !(dSteps >= 1)) return undefined
  return Math.max(1, Math.floor((epochs * Math.ceil(count / batchSize)) / dSteps))
}

/**
 * Field names as the form shows them, for messages in plain words: message keys, turned
 * into words when shown (fieldLabel), so a language switch renames them.
 */
export const FIELD_LABELS: Record<string, string> = {
  loss: 'train.fields.loss',
  conditional: 'train.fieldNames.conditional',
  noiseDim: 'train.fields.noiseDim',
  dSteps: 'train.fieldNames.dSteps',
  batchSize: 'train.fields.batchSize',
  epochs: 'train.fields.epochs',
  maxSteps: 'train.fields.maxSteps',
  lrG: 'train.fields.lrG',
  lrD: 'train.fields.lrD',
  labelSmoothing: 'train.fields.labelSmoothing',
  'instanceNoise.std': 'train.fields.instanceNoise',
  seed: 'train.fields.seed',
  sampleEvery: 'train.fields.sampleEvery',
  checkpointEvery: 'train.fields.checkpointEvery',
  mismatchedLabels: 'train.fields.mismatchedLabels',
  modelWidth: 'train.fields.modelWidth',
  // The techniques beyond DCGAN (issue #22) are named as their controls are.
  model: 'techniques.model.label',
  conditioning: 'techniques.conditioning.label',
  spectralNorm: 'techniques.spectralNorm.label',
  ema: 'techniques.ema.label',
  emaDecay: 'techniques.emaDecay.label',
  augment: 'techniques.augment.label',
  augmentOps: 'techniques.augmentOps.label',
  augmentStrength: 'techniques.augmentStrength.label',
  augmentTarget: 'techniques.augmentTarget.label',
  r1Gamma: 'techniques.r1Gamma.label'
}

/** A field's name in the shown language (its config path when the form has no label). */
export function fieldLabel(field: string, translate: Translate = t): string {
  const key = FIELD_LABELS[field]
  return key ? translate(key) : field
}

/** What is wrong with a setting, as a message key and its values (numbers unformatted). */
export interface FieldIssue {
  key: string
  params: Record<string, string | number>
}

/** A schema issue as a message: "Batch size must be at least 2." once translated. */
export function fieldIssue(issue: z.core.$ZodIssue): FieldIssue {
  const i = issue as z.core.$ZodIssue & {
    minimum?: number | bigint
    maximum?: number | bigint
    expected?: string
    inclusive?: boolean
    origin?: string
    values?: unknown[]
  }
  const field = issue.path.map(String).join('.')
  switch (i.code) {
    case 'too_small':
      if (i.origin === 'array')
        return { key: 'train.validation.pickAtLeast', params: { min: Number(i.minimum) } }
      return {
        key: i.inclusive === false ? 'train.validation.moreThan' : 'train.validation.atLeast',
        params: { min: Number(i.minimum) }
      }
    case 'too_big':
      return {
        key: i.inclusive === false ? 'train.validation.lessThan' : 'train.validation.atMost',
        params: { max: Number(i.maximum) }
      }
    case 'invalid_type':
      return {
        key: i.expected === 'int' ? 'train.validation.wholeNumber' : 'train.validation.number',
        params: {}
      }
    case 'invalid_value':
      return {
        key: 'train.validation.oneOf',
        params: { options: (i.values ?? []).map(String).join(', ') }
      }
    case 'custom':
      // The two refinements of the train schemas (src/shared/train.ts), by the field they name.
      if (field in STUDIO_TRAIN_LIMITS) {
        return {
          key: 'train.validation.studioMax',
          params: { max: STUDIO_TRAIN_LIMITS[field as keyof typeof STUDIO_TRAIN_LIMITS] }
        }
      }
      if (field === 'mismatchedLabels')
        return { key: 'train.validation.needsConditional', params: {} }
      return { key: 'train.validation.other', params: { message: issue.message } }
    default:
      return { key: 'train.validation.other', params: { message: issue.message } }
  }
}

/** A field's issue as the sentence shown beside it, numbers written for the locale. */
export function fieldMessage(field: string, issue: FieldIssue, translate: Translate = t): string {
  const format = new Intl.NumberFormat(currentLocale(), { maximumFractionDigits: 10 })
  const params = Object.fromEntries(
    Object.entries(issue.params).map(([k, v]) => [k, typeof v === 'number' ? format.format(v) : v])
  )
  return translate(issue.key, { field: fieldLabel(field, translate), ...params })
}

const isConfigLike = (v: unknown): v is Record<string, unknown> => isObject(v)

/** Settings, live progress and sample grids of the one training run: follows the engine's events. */
export const useTrainingStore = defineStore('training', () => {
  const saved = loadSaved('form', isConfigLike) as Partial<TrainForm> | undefined
  const form = reactive<TrainForm>({
    ...defaultForm(),
    ...(saved &&
      adoptDefaults(
        saved,
        loadSaved('formVersion', (v): v is number => typeof v === 'number'),
        defaultForm()
      ))
  })
  // The form and the version it now holds, saved together (the form may just have adopted).
  if (saved) save('form', form)
  save('formVersion', TECHNIQUE_DEFAULTS_VERSION)
  /** The techniques' starting point the form is at ('custom' once one is changed). */
  const techniquePreset = computed(() => presetOf(form))
  /** True while "samples every" follows the run's length; editing the field turns it off. */
  const sampleAuto = ref(
    loadSaved('sampleAuto', (v): v is boolean => typeof v === 'boolean') ?? true
  )
  const state = ref<TrainingState>('idle')
  const runId = ref<string>()
  const message = ref<string>()
  const error = errorSlot()
  const last = ref<Progress>()
  /** The loss the shown run trains with (its config), for loss-aware charts. */
  const runLoss = ref<string>()
  // Large arrays are shallow: each update replaces the array, so charts redraw once.
  const series = shallowRef<LossPoint[]>([])
  const grids = shallowRef<SampleGrid[]>([])
  const urls = new ObjectUrlSet()
  onScopeDispose(() => urls.clear())
  const events = engineEvents((event) => onEvent(event))
  const guard = guardedCalls(error)
  /** Counts training-state events, so a late reply never overrides a newer event. */
  let stateEvents = 0

  const dataset = useDatasetStore()

  watch(form, () => save('form', form), { deep: true })
  watch(sampleAuto, (v) => save('sampleAuto', v))

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

  /** Field → what is wrong, for every invalid setting; Start waits for none. */
  const fieldIssues = computed<Record<string, FieldIssue>>(() => {
    // The studio's limits (what startTraining accepts), so a too-big batch is flagged here.
    const parsed = StudioTrainConfigSchema.safeParse(configFromForm())
    if (parsed.success) return {}
    const issues: Record<string, FieldIssue> = {}
    for (const issue of parsed.error.issues) {
      issues[issue.path.map(String).join('.')] ??= fieldIssue(issue)
    }
    return issues
  })
  /** The same as sentences beside the fields, in the shown language (re-made on a switch). */
  const fieldErrors = computed<Record<string, string>>(() => {
    void currentLocale() // a dependency even when there is nothing to translate
    return Object.fromEntries(
      Object.entries(fieldIssues.value).map(([field, issue]) => [field, fieldMessage(field, issue)])
    )
  })

  /** The steps the form's run would train, on the open dataset. */
  const plannedSteps = computed(() => totalStepsOf(form, dataset.summary?.count))

  watch(
    [plannedSteps, sampleAuto],
    ([steps, auto]) => {
      if (auto && steps && !active.value) form.sampleEvery = autoSampleEvery(steps)
    },
    { immediate: false }
  )

  const active = computed(() => ['starting', 'running', 'paused', 'stopping'].includes(state.value))
  const canStart = computed(
    () => !active.value && !!dataset.source && Object.keys(fieldIssues.value).length === 0
  )

  function reset(): void {
    series.value = []
    grids.value = []
    urls.clear()
    last.value = undefined
  }

  /** Shows another run: clean charts and grids, then its history from disk and its settings. */
  function follow(id: string): void {
    if (runId.value === id) return
    runId.value = id
    reset()
    void loadHistory(id)
  }

  /** The run's curves and grids so far (a resumed run, or one picked up after a reload). */
  async function loadHistory(id: string): Promise<void> {
    let history
    try {
      history = await studio().getRunHistory(id)
    } catch {
      return // a run that has written nothing yet: the live events fill in
    }
    if (runId.value !== id) return
    runLoss.value = history.loss || runLoss.value
    const firstLive = series.value[0]?.step ?? Infinity
    const past = history.metrics.filter((p) => p.step < firstLive)
    series.value = thin(
      [...past.map(({ elapsedSeconds: _e, ...p }) => p), ...series.value],
      MAX_CHART_POINTS
    )
    const have = new Set(grids.value.map((g) => g.step))
    const old = history.sampleSteps
      .filter((s) => !have.has(s))
      .map((step) => ({ step, rowLabels: history.labels }))
    grids.value = [...old, ...grids.value].sort((a, b) => a.step - b.step).slice(-MAX_GRIDS)
  }

  /** Fetches a grid that is on disk but not yet shown. */
  async function loadGrid(step: number): Promise<void> {
    const id = runId.value
    if (!id) return
    try {
      const { png } = await studio().getRunSample(id, step)
      if (runId.value !== id) return
      grids.value = grids.value.map((g) =>
        g.step === step && !g.url ? { ...g, url: urls.add(png) } : g
      )
    } catch {
      // Deleted meanwhile (an older grid of a resumed run): the scrubber skips it.
    }
  }

  /** The live run's settings into the form: the form shows what is training. */
  function showConfig(config: unknown): void {
    if (!isObject(config)) return
    const { dataset: _d, datasetOptions: _o, ...rest } = config
    const defaults = defaultForm()
    // A run whose interval is not what the form would pick keeps it; ours stays automatic.
    if (rest.sampleEvery !== form.sampleEvery) sampleAuto.value = false
    for (const key of Object.keys(defaults) as (keyof TrainForm)[]) {
      if (key in rest) (form as Record<string, unknown>)[key] = structuredClone(rest[key])
    }
    if (!('maxSteps' in rest)) delete (form as Record<string, unknown>).maxSteps
    if (typeof rest.loss === 'string') runLoss.value = rest.loss
  }

  function applyStatus(status: TrainingStatus, fromEvent = false): void {
    if (!fromEvent) {
      state.value = status.state
      message.value = status.message
    }
    if (status.runId) follow(status.runId)
    if (status.config && ['starting', 'running', 'paused', 'stopping'].includes(status.state)) {
      showConfig(status.config)
    }
    if (status.last && status.runId === runId.value && !last.value) last.value = status.last
  }

  function onEvent(event: StudioEvent): void {
    switch (event.type) {
      case 'progress': {
        const p = event.progress
        // The engine trains one run at a time: another id is a new run (another window's).
        if (p.runId !== runId.value) follow(p.runId)
        last.value = p
        // A step after a pause means it runs again, whatever reply came last.
        if (state.value === 'paused' || state.value === 'starting') state.value = 'running'
        const prev = series.value.at(-1)
        const point = {
          step: p.step,
          dLoss: p.dLoss,
          gLoss: p.gLoss,
          dReal: p.dReal,
          dFake: p.dFake
        }
        series.value =
          prev && prev.step >= p.step
            ? [...series.value.filter((q) => q.step < p.step), point]
            : appendDecimated(series.value, point, MAX_CHART_POINTS)
        break
      }
      case 'samples': {
        if (event.runId !== runId.value) follow(event.runId)
        const next = [
          ...grids.value.filter((g) => g.step !== event.step),
          { step: event.step, url: urls.add(event.png), rowLabels: event.rowLabels }
        ]
        while (next.length > MAX_GRIDS) {
          const dropped = next.shift()!
          if (dropped.url) urls.revoke(dropped.url)
        }
        grids.value = next
        break
      }
      case 'training-state': {
        stateEvents++
        const wasActive = active.value
        state.value = event.state
        message.value = event.message
        if (event.runId && event.runId !== runId.value) {
          follow(event.runId)
          // Started elsewhere (another window): its settings come with the status.
          void studio()
            .getTrainingStatus()
            .then((s) => applyStatus(s, true))
            .catch(() => undefined)
        }
        // Why, in the user's words when the engine sent a code (errorText.ts), else its own.
        if (event.state === 'failed') error.value = event
        if (wasActive && !active.value && last.value) last.value = { ...last.value, etaSeconds: 0 }
        break
      }
    }
  }

  function listen(): void {
    events.listen()
  }

  /** Calls the engine; its answer sets the state only if no state event came meanwhile. */
  function act(fn: () => Promise<TrainingStatus>, setsState = true): Promise<void> {
    const before = stateEvents
    return guard(async () => {
      const status = await fn()
      applyStatus(status, !setsState || stateEvents !== before)
    })
  }

  async function start(): Promise<void> {
    if (!dataset.source) {
      // Start is disabled without a dataset; this guards a call from elsewhere.
      error.value = () => t('train.errors.noDataset')
      return
    }
    listen()
    reset()
    runId.value = undefined
    const config = configFromForm()
    await act(() => studio().startTraining(config))
  }

  /** Continues a run from a checkpoint; the Train view then shows it. */
  async function resumeRun(ref: { runId: string; step?: number }): Promise<boolean> {
    listen()
    await act(() => studio().resumeRun(ref))
    return !error.value
  }

  // Pause and resume are commands: the state follows from the engine's events.
  const pause = () => act(() => studio().pauseTraining(), false)
  const resume = () => act(() => studio().resumeTraining(), false)
  const stop = () => act(() => studio().stopTraining())

  /** Picks up the engine's run (e.g. after a reload of the page): state, settings, curves so far. */
  async function sync(): Promise<void> {
    listen()
    await act(() => studio().getTrainingStatus())
  }

  return {
    form,
    sampleAuto,
    state,
    runId,
    runLoss,
    message,
    error,
    last,
    series,
    grids,
    fieldIssues,
    fieldErrors,
    plannedSteps,
    active,
    canStart,
    start,
    resumeRun,
    pause,
    resume,
    stop,
    sync,
    loadGrid,
    techniquePreset,
    /** Sets the techniques (and the loss and rates they pair with) to `preset`'s; the rest stays. */
    applyPreset: (preset: TechniquePreset) => {
      Object.assign(form, presetValues(preset))
    },
    resetForm: () => {
      Object.assign(form, defaultForm())
      sampleAuto.value = true
    }
  }
})
