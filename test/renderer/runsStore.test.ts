import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { setStudio } from '../helpers/studio'
import { useNavigationStore } from '@renderer/stores/navigation'
import { useRunsStore } from '@renderer/stores/runs'
import type { StudioApi } from '@shared/api'
import type { RunSummary } from '@shared/runs'

const run = (id: string, extra: Partial<RunSummary> = {}): RunSummary => ({
  id,
  path: `/runs/${id}`,
  createdAt: '2026-01-01T00:00:00Z',
  datasetName: 'shapes',
  labels: ['a'],
  loss: 'hinge',
  resolution: 28,
  channels: 1,
  conditional: true,
  lastStep: 10,
  checkpoints: 1,
  name: '',
  settings: {},
  totalSteps: 10,
  durationSeconds: 2,
  status: 'complete',
  ...extra
})

function fake() {
  const api = {
    onEvent: () => () => undefined,
    listRuns: vi.fn(async () => [run('r2'), run('r1', { name: 'baseline' })]),
    listCheckpoints: vi.fn(async () => []),
    getRunHistory: vi.fn(async (runId: string) => ({
      runId,
      loss: 'hinge',
      labels: ['a'],
      totalSteps: 10,
      records: 2,
      metrics: [
        { step: 1, dLoss: 1, gLoss: 1, dReal: 0, dFake: 0, elapsedSeconds: 1 },
        { step: 2, dLoss: 1, gLoss: 1, dReal: 0, dFake: 0, elapsedSeconds: 2 }
      ],
      sampleSteps: [5, 10]
    })),
    getRunSample: vi.fn(async () => ({ png: new Uint8Array([1]) })),
    renameRun: vi.fn(async () => ({ ok: true as const })),
    resumeRun: vi.fn(async () => ({ state: 'running' as const, runId: 'r1' })),
    getTrainingStatus: vi.fn(async () => ({ state: 'running' as const, runId: 'r1' }))
  }
  setStudio(api as unknown as StudioApi)
  return api
}

describe('the runs store', () => {
  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
    globalThis.URL.createObjectURL = vi.fn(() => `blob:${Math.random()}`)
    globalThis.URL.revokeObjectURL = vi.fn()
  })

  it('opens a run: its curves and sample steps, its grids fetched once; remembered across a reload', async () => {
    const api = fake()
    const runs = useRunsStore()
    await runs.refresh()
    expect(runs.selectedRun).toBe('r2')
    await runs.select('r1')
    expect(runs.history?.metrics.map((p) => p.step)).toEqual([1, 2])
    expect(runs.history?.sampleSteps).toEqual([5, 10])
    await runs.sample(10)
    await runs.sample(10)
    expect(api.getRunSample).toHaveBeenCalledTimes(1)
    expect(runs.sampleUrls.get(10)).toMatch(/^blob:/)
    await new Promise((r) => setTimeout(r, 0))
    setActivePinia(createPinia())
    expect(useRunsStore().selectedRun).toBe('r1')
  })

  it('names a run, compares two, and resumes into the Train view', async () => {
    const api = fake()
    const runs = useRunsStore()
    await runs.refresh()
    await runs.rename('r2', '  wider G ')
    expect(api.renameRun).toHaveBeenCalledWith('r2', '  wider G ')
    expect(runs.runs.find((r) => r.id === 'r2')?.name).toBe('wider G')
    await runs.toggleCompare('r1')
    await runs.toggleCompare('r2')
    expect(runs.comparedHistories.map((h) => h.runId)).toEqual(['r1', 'r2'])
    await runs.toggleCompare('r1')
    expect(runs.compared).toEqual(['r2'])
    await runs.resume({ runId: 'r1', step: 10 })
    expect(runs.error).toBeUndefined()
    expect(runs.notice).toBeUndefined()
    expect(useNavigationStore().current).toBe('train')
  })
})
