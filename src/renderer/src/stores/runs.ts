import { defineStore } from 'pinia'
import { onScopeDispose, ref, shallowRef, watch } from 'vue'
import type { CheckpointRef, MetricPoint, RunSummary } from '@shared/runs'
import { bestSoFar, type ScoreHeadline } from '@shared/scores'
import { studio } from '../api/studio'
import { t } from '../i18n'
import { loadSaved, save } from '../lib/persist'
import { errorSlot, guardedCalls } from './engineCalls'
import { useNavigationStore } from './navigation'
import { ObjectUrlSet } from './objectUrls'
import { useTrainingStore } from './training'

export type RunRow = Omit<RunSummary, 'thumbnail'> & { thumbnail?: string }

export interface CheckpointRow {
  runId: string
  step: number
  state: 'whole' | 'damaged'
  /** null: not known (a damaged checkpoint) or not finite; nullReasons says which. */
  epoch: number | null
  time: string
  dLoss: number | null
  gLoss: number | null
  nullReasons?: Record<string, string>
  labels: string[]
  problem?: string
  path: string
  thumbnail?: string
  /** Its scores (`gan-studio score`, `--score-every`); absent when not scored. */
  scores?: ScoreHeadline
  /** Lowest Fréchet distance yet, in step order, among checkpoints scored by the same judge. */
  bestSoFar: boolean
}

/** Marks each row that was best so far by Fréchet distance (rows in any order). */
export function markBestSoFar<T extends { step: number; scores?: ScoreHeadline }>(
  rows: readonly T[]
): (T & { bestSoFar: boolean })[] {
  const ascending = [...rows].sort((a, b) => a.step - b.step)
  // bestSoFar reads only the Fréchet distance and the judge's id, which a headline carries.
  const marks = bestSoFar(
    ascending.map((c) =>
      c.scores ? { frechet: c.scores.frechet, judge: { id: c.scores.judgeId } } : undefined
    )
  )
  const best = new Set(ascending.filter((_, i) => marks[i]))
  return rows.map((c) => ({ ...c, bestSoFar: best.has(c) }))
}

/** What the last action did, as a message key under `runs.notice` and its values: the view
 * words it, so it follows a language switch. */
export interface RunsNotice {
  key: 'deletedCheckpoint' | 'deletedRun' | 'exported'
  values: Record<string, string | number>
}

/** One run's curves and sample grids from disk. */
export interface RunHistoryView {
  runId: string
  loss: string
  labels: string[]
  totalSteps: number
  metrics: MetricPoint[]
  sampleSteps: number[]
}

const isString = (v: unknown): v is string => typeof v === 'string'
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString)

/** A run's name as shown: the one the user gave, else its id. */
export const runTitle = (r: { id: string; name?: string }): string => r.name || r.id

/** Runs on disk: list, name, open (curves, samples, checkpoints), compare, resume, export, delete. */
export const useRunsStore = defineStore('runs', () => {
  const runs = shallowRef<RunRow[]>([])
  const selectedRun = ref<string | undefined>(loadSaved('run', isString))
  const checkpoints = shallowRef<CheckpointRow[]>([])
  const history = shallowRef<RunHistoryView>()
  /** Sample grids of the open run fetched so far, by step. */
  const sampleUrls = shallowRef<Map<number, string>>(new Map())
  /** Runs ticked for the overlay chart. */
  const compared = ref<string[]>(loadSaved('compared', isStrings) ?? [])
  const comparedHistories = shallowRef<RunHistoryView[]>([])
  const loading = ref(false)
  const error = errorSlot()
  const notice = ref<RunsNotice>()
  const runUrls = new ObjectUrlSet()
  const checkpointUrls = new ObjectUrlSet()
  const sampleSet = new ObjectUrlSet()
  onScopeDispose(() => {
    for (const set of [runUrls, checkpointUrls, sampleSet]) set.clear()
  })

  watch(selectedRun, (v) => save('run', v))
  watch(compared, (v) => save('compared', v), { deep: true })

  const guarded = guardedCalls(error, loading)

  const refresh = () =>
    guarded(async () => {
      const list = await studio().listRuns()
      runUrls.clear()
      runs.value = list.map((r) => ({
        ...r,
        thumbnail: r.thumbnail ? runUrls.add(r.thumbnail) : undefined
      }))
      const ids = new Set(list.map((r) => r.id))
      compared.value = compared.value.filter((id) => ids.has(id))
      if (selectedRun.value && !ids.has(selectedRun.value)) {
        selectedRun.value = undefined
        checkpoints.value = []
        history.value = undefined
      }
      const open = selectedRun.value ?? list[0]?.id
      if (open) await loadRun(open)
      await loadCompared()
    })

  async function fetchHistory(runId: string): Promise<RunHistoryView> {
    const h = await studio().getRunHistory(runId)
    return {
      runId,
      loss: h.loss,
      labels: h.labels,
      totalSteps: h.totalSteps,
      metrics: h.metrics,
      sampleSteps: h.sampleSteps
    }
  }

  async function loadRun(runId: string): Promise<void> {
    if (selectedRun.value !== runId) {
      sampleSet.clear()
      sampleUrls.value = new Map()
    }
    selectedRun.value = runId
    const [list, h] = await Promise.all([
      studio().listCheckpoints(runId),
      fetchHistory(runId).catch(() => undefined)
    ])
    if (selectedRun.value !== runId) return
    checkpointUrls.clear()
    checkpoints.value = markBestSoFar(
      list.map((c) => ({
        ...c,
        thumbnail: c.thumbnail ? checkpointUrls.add(c.thumbnail) : undefined
      }))
    ).sort((a, b) => b.step - a.step)
    history.value = h
  }

  async function loadCompared(): Promise<void> {
    const ids = compared.value
    const out: RunHistoryView[] = []
    for (const id of ids) {
      const have = comparedHistories.value.find((h) => h.runId === id)
      const run = runs.value.find((r) => r.id === id)
      // A finished run's history never changes; a training one is fetched again.
      out.push(have && run?.status !== 'training' ? have : await fetchHistory(id))
    }
    comparedHistories.value = out
  }

  /** The sample grid of the open run at a step (fetched once). */
  async function sample(step: number): Promise<void> {
    const runId = selectedRun.value
    if (!runId || sampleUrls.value.has(step)) return
    const { png } = await studio().getRunSample(runId, step)
    if (selectedRun.value !== runId) return
    const next = new Map(sampleUrls.value)
    next.set(step, sampleSet.add(png))
    sampleUrls.value = next
  }

  const select = (runId: string) => guarded(() => loadRun(runId))

  const toggleCompare = (runId: string) =>
    guarded(async () => {
      compared.value = compared.value.includes(runId)
        ? compared.value.filter((id) => id !== runId)
        : [...compared.value, runId]
      await loadCompared()
    })

  const rename = (runId: string, name: string) =>
    guarded(async () => {
      await studio().renameRun(runId, name)
      runs.value = runs.value.map((r) => (r.id === runId ? { ...r, name: name.trim() } : r))
    })

  const deleteCheckpoint = (c: CheckpointRow) =>
    guarded(async () => {
      await studio().deleteCheckpoint(c.runId, c.step)
      notice.value = { key: 'deletedCheckpoint', values: { step: c.step } }
      await loadRun(c.runId)
    })

  const deleteRun = (runId: string) =>
    guarded(async () => {
      await studio().deleteRun(runId)
      notice.value = { key: 'deletedRun', values: { id: runId } }
      selectedRun.value = undefined
      compared.value = compared.value.filter((id) => id !== runId)
      await refresh()
    })

  /** Resumes a run from a checkpoint and shows it training (no banner left behind). */
  const resume = (ref: CheckpointRef) =>
    guarded(async () => {
      const training = useTrainingStore()
      if (await training.resumeRun(ref)) {
        notice.value = undefined
        useNavigationStore().go('train')
      } else {
        throw new Error(training.error ?? t('runs.errors.didNotResume'))
      }
    })

  const exportGenerator = (ref: CheckpointRef, dir: string) =>
    guarded(async () => {
      const { path } = await studio().exportGenerator(ref, dir)
      notice.value = { key: 'exported', values: { path } }
    })

  /** Writes a PyTorch job continuing from a checkpoint; errors go to the caller, which shows them. */
  const exportTorch = (ref: CheckpointRef, dir: string, dataReference: boolean) =>
    studio().exportTorch(ref, dir, { dataReference })

  return {
    runs,
    selectedRun,
    checkpoints,
    history,
    sampleUrls,
    compared,
    comparedHistories,
    loading,
    error,
    notice,
    refresh,
    select,
    sample,
    toggleCompare,
    rename,
    deleteCheckpoint,
    deleteRun,
    resume,
    exportGenerator,
    exportTorch
  }
})
