import { appendFile, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { createRunsHandlers } from '../../../../src/main/engine/runs/handlers'
import { HISTORY_MAX_POINTS, RunHistorySchema, RunSummarySchema } from '../../../../src/shared/runs'
import { trainedTinyRuns, trainTinyRun } from '../../../helpers/tinyTraining'

const { runsDir } = trainedTinyRuns('gan-history-', { 'run-a': { maxSteps: 6, sampleEvery: 2 } })

describe("a run's history, name and samples", () => {
  it('answers the whole curves from metrics.jsonl and the sample steps on disk', async () => {
    const runs = createRunsHandlers(runsDir)
    const history = RunHistorySchema.parse(await runs.getRunHistory('run-a'))
    expect(history.metrics.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6])
    expect(history.totalSteps).toBe(6)
    expect(history.sampleSteps).toEqual([2, 4, 6])
    expect(history.loss).toBe('hinge')
    expect(history.labels).toEqual(['circle', 'square', 'triangle', 'cross'])
    expect((history.config as { batchSize: number }).batchSize).toBe(8)
    const { png } = await runs.getRunSample('run-a', 4)
    expect((await sharp(png).metadata()).format).toBe('png')
    await expect(runs.getRunSample('run-a', 3)).rejects.toThrow(/no sample grid at step 3.*2 to 6/)
    await expect(runs.getRunHistory('../x')).rejects.toThrow(/not a run id/)
  })

  it('averages a long run down to at most HISTORY_MAX_POINTS points, from its first step', async () => {
    const dir = join(runsDir, 'long')
    await trainTinyRun(runsDir, 'long', { maxSteps: 2, sampleEvery: 2 })
    const base = JSON.parse((await readFile(join(dir, 'metrics.jsonl'), 'utf8')).split('\n')[0]!)
    const lines: string[] = []
    for (let step = 3; step <= 5000; step++) lines.push(JSON.stringify({ ...base, step, dLoss: 1 }))
    await appendFile(join(dir, 'metrics.jsonl'), lines.join('\n') + '\n{"step": 50')
    const history = await createRunsHandlers(runsDir).getRunHistory('long')
    expect(history.records).toBe(5000)
    expect(history.metrics.length).toBeLessThanOrEqual(HISTORY_MAX_POINTS)
    expect(history.metrics[0]!.step).toBe(1)
    expect(history.metrics.at(-1)!.dLoss).toBeCloseTo(1)
  })

  it('keeps a name in meta.json, lists it with status, settings and duration', async () => {
    const runs = createRunsHandlers(runsDir, { isTraining: (id) => id === 'long' })
    await runs.renameRun('run-a', '  baseline, lr 2e-4  ')
    expect(JSON.parse(await readFile(join(runsDir, 'run-a', 'meta.json'), 'utf8'))).toEqual({
      name: 'baseline, lr 2e-4'
    })
    const list = await runs.listRuns()
    for (const r of list) RunSummarySchema.parse(r)
    const a = list.find((r) => r.id === 'run-a')!
    expect(a).toMatchObject({
      name: 'baseline, lr 2e-4',
      status: 'complete',
      totalSteps: 6,
      lastStep: 6,
      settings: { batchSize: 8, noiseDim: 8, modelWidth: 4, maxSteps: 6 }
    })
    expect(a.durationSeconds).toBeGreaterThan(0)
    expect(a.bestScore).toBeUndefined()
    expect(list.find((r) => r.id === 'long')!.status).toBe('training')
    await expect(runs.renameRun('nope', 'x')).rejects.toThrow(/no run "nope"/)
  })

  it('shows the best score where checkpoints have scores.json', async () => {
    const ck = join(runsDir, 'run-a', 'checkpoints')
    await writeFile(
      join(ck, 'step-2', 'scores.json'),
      JSON.stringify({ frechet: 9, reliable: true })
    )
    await writeFile(
      join(ck, 'step-4', 'scores.json'),
      JSON.stringify({ frechet: 3, reliable: false })
    )
    const a = (await createRunsHandlers(runsDir).listRuns()).find((r) => r.id === 'run-a')!
    expect(a.bestScore).toEqual({ step: 4, frechet: 3, reliable: false })
  })
})
