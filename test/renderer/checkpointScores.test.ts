import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { mount } from '@vue/test-utils'
import { setStudio } from '../helpers/studio'
import { i18n, setLocale } from '@renderer/i18n'
import { installBlankCanvas } from './views/canvasContext'
import CheckpointTable from '@renderer/components/runs/CheckpointTable.vue'
import ScoreChart from '@renderer/components/runs/ScoreChart.vue'
import { markBestSoFar, useRunsStore } from '@renderer/stores/runs'
import type { StudioApi } from '@shared/api'
import type { CheckpointSummary, RunSummary } from '@shared/runs'
import type { ScoreHeadline } from '@shared/scores'

const run: RunSummary = {
  id: 'r1',
  path: '/runs/r1',
  createdAt: '2026-01-01T00:00:00Z',
  datasetName: 'fashion',
  labels: ['shirt', 'shoe'],
  loss: 'hinge',
  resolution: 28,
  channels: 1,
  conditional: true,
  lastStep: 300,
  checkpoints: 3,
  name: '',
  settings: {},
  totalSteps: 300,
  durationSeconds: 2,
  status: 'complete'
}

const headline = (frechet: number, extra: Partial<ScoreHeadline> = {}): ScoreHeadline => ({
  frechet,
  fidelity: 0.5,
  diversityRatio: 0.8,
  lowDiversity: [],
  reliable: true,
  judgeId: 'judge-a',
  ...extra
})

const checkpoint = (step: number, scores?: ScoreHeadline): CheckpointSummary => ({
  runId: 'r1',
  step,
  state: 'whole',
  epoch: 1,
  time: '2026-01-01T00:00:00Z',
  dLoss: 1,
  gLoss: 1,
  backend: 'cpu',
  labels: ['shirt', 'shoe'],
  noiseDim: 64,
  path: `/runs/r1/checkpoints/step-${step}`,
  ...(scores ? { scores } : {})
})

function fake(checkpoints: CheckpointSummary[]) {
  const api = {
    onEvent: () => () => undefined,
    listRuns: vi.fn(async () => [run]),
    listCheckpoints: vi.fn(async () => checkpoints),
    getRunHistory: vi.fn(async (runId: string) => ({
      runId,
      loss: 'hinge',
      labels: run.labels,
      totalSteps: 300,
      records: 0,
      metrics: [],
      sampleSteps: []
    }))
  }
  setStudio(api as unknown as StudioApi)
  return api
}

/** The table's rows by step: the step cell's text and the score cells. */
function rowsOf(wrapper: ReturnType<typeof mount>) {
  return wrapper.findAll('[data-testid="checkpoint-row"]').map((row) => {
    const cells = row.findAll('td')
    return {
      step: Number(cells[1]!.text()),
      fidelity: row.get('[data-testid="score-fidelity"]').text(),
      frechet: row.get('[data-testid="score-frechet"]').text(),
      diversity: row.get('[data-testid="score-diversity"]').text(),
      best: row.find('[data-testid="score-best"]').exists(),
      unreliable: row.find('[data-testid="score-unreliable"]').exists()
    }
  })
}

describe('checkpoint scores in the Runs view', () => {
  beforeEach(() => {
    installBlankCanvas()
    localStorage.clear()
    setLocale('en')
    setActivePinia(createPinia())
    globalThis.URL.createObjectURL = vi.fn(() => `blob:${Math.random()}`)
    globalThis.URL.revokeObjectURL = vi.fn()
  })

  it('shows two scored checkpoints as columns, marks the best so far, and "—" for the unscored one', async () => {
    // Step 100 scored 40, step 200 worse (55), step 300 not scored yet.
    fake([
      checkpoint(200, headline(55.125, { fidelity: 0.612, diversityRatio: 0.91 })),
      checkpoint(
        100,
        headline(40.5, { fidelity: 0.734, diversityRatio: 0.42, lowDiversity: ['shoe'] })
      ),
      checkpoint(300)
    ])
    const pinia = createPinia()
    setActivePinia(pinia)
    const runs = useRunsStore()
    await runs.refresh()
    const table = mount(CheckpointTable, { global: { plugins: [pinia, i18n] } })
    const headers = table.findAll('th').map((th) => th.text())
    expect(headers).toEqual(
      expect.arrayContaining(['label fidelity', 'Fréchet distance', 'diversity ratio'])
    )
    const rows = rowsOf(table)
    expect(rows.map((r) => r.step)).toEqual([300, 200, 100])
    const [unscored, worse, best] = rows
    expect(unscored).toMatchObject({ fidelity: '—', frechet: '—', diversity: '—', best: false })
    expect(worse).toMatchObject({ fidelity: '61.2 %', diversity: '0.91', best: false })
    expect(worse!.frechet).toBe('55.13')
    expect(best).toMatchObject({ fidelity: '73.4 %', best: true })
    expect(best!.frechet).toContain('40.50')
    expect(best!.frechet).toContain('best so far')
    // Mode collapse on a class shows beside the ratio.
    expect(best!.diversity).toBe('0.42 low')
    expect(rows.some((r) => r.unreliable)).toBe(false)
    table.unmount()

    const chart = mount(ScoreChart, { global: { plugins: [pinia, i18n] } })
    expect(chart.get('[data-testid="score-note"]').text()).toContain('not Inception FID')
    const canvas = chart.get('[data-testid="score-chart-frechet"] canvas')
    expect(canvas.attributes('role')).toBe('img')
    expect(canvas.attributes('aria-label')).toContain('Fréchet distance')
    expect(chart.get('[data-testid="score-chart-frechet"]').attributes('data-points')).toBe('2')
    chart.unmount()
  })

  it('flags an unreliable judge, and shows no score chart when nothing is scored', async () => {
    fake([checkpoint(100, headline(12, { reliable: false, fidelity: null })), checkpoint(200)])
    const pinia = createPinia()
    setActivePinia(pinia)
    await useRunsStore().refresh()
    const table = mount(CheckpointTable, { global: { plugins: [pinia, i18n] } })
    const [unscored, scored] = rowsOf(table)
    expect(scored).toMatchObject({ unreliable: true, best: true, fidelity: '—' })
    expect(unscored).toMatchObject({ unreliable: false, best: false })
    table.unmount()

    fake([checkpoint(100), checkpoint(200)])
    const empty = createPinia()
    setActivePinia(empty)
    await useRunsStore().refresh()
    const chart = mount(ScoreChart, { global: { plugins: [empty, i18n] } })
    expect(chart.find('[data-testid="score-charts"]').exists()).toBe(false)
    chart.unmount()
  })

  it('starts a fresh "best so far" when another judge scored a checkpoint', () => {
    const marks = markBestSoFar([
      { step: 300, scores: headline(30, { judgeId: 'judge-b' }) },
      { step: 100, scores: headline(10) },
      { step: 200, scores: headline(20) },
      { step: 400 }
    ])
    expect(marks.map((m) => [m.step, m.bestSoFar])).toEqual([
      [300, true],
      [100, true],
      [200, false],
      [400, false]
    ])
  })
})
