import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { StudioEvent } from '@shared/events'
import {
  LAB_PRESETS,
  LabConfigSchema,
  labConfigProblem,
  type LabConfig,
  type LabFrame,
  type LabPresetName
} from '@shared/lab'
import { studio } from '../api/studio'
import { appendDecimated, type SeriesPoint } from './decimate'
import { engineEvents, errorSlot, guardedCalls } from './engineCalls'

export interface LabHistoryPoint extends SeriesPoint {
  js: number
  value: number
  gGradNorm: number
  compareGradNorm: number
  dStarGap: number
  modesCovered: number
  /** The variants side by side: `v0Js`, `v0GradNorm`, `v0DStarGap`, then v1…, as many as the config has. */
  [variantKey: `v${number}${string}`]: number
}

const MAX_HISTORY = 1000

/** The Lab: one 1-D experiment, its latest frame, and the history of its figures. */
export const useLabStore = defineStore('lab', () => {
  const presetName = ref<LabPresetName>('equilibrium')
  const config = ref<LabConfig>(structuredClone(LAB_PRESETS.equilibrium.config))
  const frame = shallowRef<LabFrame>()
  const history = shallowRef<LabHistoryPoint[]>([])
  const state = ref<'idle' | 'running' | 'paused'>('idle')
  const error = errorSlot()
  const stepsPerRun = ref(LAB_PRESETS.equilibrium.steps)

  const preset = computed(() => LAB_PRESETS[presetName.value])
  /** What is wrong with the config, as a message key and its values (the editor words it). */
  const configError = computed(() => {
    const parsed = LabConfigSchema.safeParse(config.value)
    return parsed.success ? undefined : labConfigProblem(parsed.error.issues[0]!)
  })

  function record(f: LabFrame): void {
    frame.value = f
    history.value = appendDecimated(
      history.value.filter((p) => p.step < f.step),
      {
        step: f.step,
        js: f.js,
        value: f.value,
        gGradNorm: f.gGradNorm,
        compareGradNorm: f.compare?.gGradNorm ?? NaN,
        dStarGap: f.dStarGap,
        modesCovered: f.modesCovered,
        ...Object.fromEntries(
          (f.variants ?? []).flatMap((v, i) => [
            [`v${i}Js`, v.js],
            [`v${i}GradNorm`, v.gGradNorm],
            [`v${i}DStarGap`, v.dStarGap]
          ])
        )
      },
      MAX_HISTORY
    )
  }

  const events = engineEvents((event: StudioEvent) => {
    if (event.type === 'lab-frame') record(event.frame)
    else if (event.type === 'lab-state') {
      state.value = event.state
      if (event.message) error.value = event
    }
  })
  const guard = guardedCalls(error)

  // Calls to the engine run one after another, in the order the user asked: a preset
  // picked while the view's first reset is still on its way must not land after Run.
  let queue: Promise<void> = Promise.resolve()

  function guarded(fn: () => Promise<void>): Promise<void> {
    events.listen()
    const next = queue.then(() => guard(fn))
    queue = next
    return next
  }

  async function freshSession(): Promise<void> {
    history.value = []
    record(await studio().labReset(config.value))
    state.value = 'paused'
  }

  /** Starts the experiment afresh with the current config. */
  const reset = () => guarded(freshSession)

  /** Loads a preset's config and starts it afresh. */
  async function choose(name: LabPresetName): Promise<void> {
    presetName.value = name
    config.value = structuredClone(LAB_PRESETS[name].config)
    stepsPerRun.value = LAB_PRESETS[name].steps
    await reset()
  }

  const run = () =>
    guarded(async () => {
      if (!frame.value) await freshSession()
      const steps = stepsPerRun.value
      state.value = 'running'
      await studio().labRun({ steps, frameEvery: Math.max(1, Math.round(steps / 150)) })
    })

  const step = (count: number) =>
    guarded(async () => {
      if (!frame.value) await freshSession()
      record(await studio().labStep(count))
    })

  const pause = () =>
    guarded(async () => {
      state.value = (await studio().labStop()).state
    })

  return {
    presetName,
    preset,
    config,
    configError,
    frame,
    history,
    state,
    error,
    stepsPerRun,
    choose,
    reset,
    run,
    step,
    pause
  }
})
