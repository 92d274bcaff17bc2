import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { CheckpointRef } from '@shared/runs'
import { studio } from '../api/studio'
import { messageOf } from './errors'
import { ObjectUrlSet } from './objectUrls'

export interface RunRow {
  id: string
  datasetName: string
  createdAt: string
  loss: string
  labels: string[]
  lastStep: number
  checkpoints: number
  resolution: number
  thumbnail?: string
}

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
}

/** Runs on disk and their checkpoints: browse, resume, export, delete. */
export const useRunsStore = defineStore('runs', () => {
  const runs = shallowRef<RunRow[]>([])
  const selectedRun = ref<string>()
  const checkpoints = shallowRef<CheckpointRow[]>([])
  const loading = ref(false)
  const error = ref<string>()
  const notice = ref<string>()
  const runUrls = new ObjectUrlSet()
  const checkpointUrls = new ObjectUrlSet()

  async function guarded(fn: () => Promise<void>): Promise<void> {
    error.value = undefined
    loading.value = true
    try {
      await fn()
    } catch (err) {
      error.value = messageOf(err)
    } finally {
      loading.value = false
    }
  }

  const refresh = () =>
    guarded(async () => {
      const list = await studio().listRuns()
      runUrls.clear()
      runs.value = list.map((r) => ({
        ...r,
        thumbnail: r.thumbnail ? runUrls.add(r.thumbnail) : undefined
      }))
      if (selectedRun.value && !list.some((r) => r.id === selectedRun.value)) {
        selectedRun.value = undefined
        checkpoints.value = []
      }
      if (!selectedRun.value && list[0]) await loadCheckpoints(list[0].id)
      else if (selectedRun.value) await loadCheckpoints(selectedRun.value)
    })

  async function loadCheckpoints(runId: string): Promise<void> {
    selectedRun.value = runId
    const list = await studio().listCheckpoints(runId)
    checkpointUrls.clear()
    checkpoints.value = list
      .map((c) => ({ ...c, thumbnail: c.thumbnail ? checkpointUrls.add(c.thumbnail) : undefined }))
      .sort((a, b) => b.step - a.step)
  }

  const select = (runId: string) => guarded(() => loadCheckpoints(runId))

  const deleteCheckpoint = (c: CheckpointRow) =>
    guarded(async () => {
      await studio().deleteCheckpoint(c.runId, c.step)
      notice.value = `Deleted the checkpoint at step ${c.step}.`
      await loadCheckpoints(c.runId)
    })

  const deleteRun = (runId: string) =>
    guarded(async () => {
      await studio().deleteRun(runId)
      notice.value = `Deleted run ${runId}.`
      selectedRun.value = undefined
      await refresh()
    })

  const resume = (ref: CheckpointRef) =>
    guarded(async () => {
      await studio().resumeRun(ref)
      notice.value = `Resuming ${ref.runId} from step ${ref.step ?? 'latest'}: see Train.`
    })

  const exportGenerator = (ref: CheckpointRef, dir: string) =>
    guarded(async () => {
      const { path } = await studio().exportGenerator(ref, dir)
      notice.value = `Exported the generator to ${path}.`
    })

  return {
    runs,
    selectedRun,
    checkpoints,
    loading,
    error,
    notice,
    refresh,
    select,
    deleteCheckpoint,
    deleteRun,
    resume,
    exportGenerator
  }
})
