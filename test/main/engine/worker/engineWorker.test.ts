import * as tf from '@tensorflow/tfjs'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WorkerMode } from '../../../../src/main/engine/worker/workerChannel'
import { DatasetSourceSchema } from '../../../../src/shared/dataset'
import type { StudioEvent } from '../../../../src/shared/events'
import { solidImage } from '../data/helpers/images'
import { buildWorker } from './helpers/buildWorker'
import { engineUnderTest, tinyLab, tinyRun, type EngineUnderTest } from './helpers/engineUnderTest'

// Training and the Lab behind the engine, as every shell drives them: in a real worker
// thread (the worker entry bundled from the current sources, as `npm run build` bundles it)
// and in the in-thread mode the other unit tests use. Same calls, same events.
const worker = await buildWorker()
afterAll(() => worker.remove())

const modes: [string, WorkerMode][] = [
  ['a worker thread', { kind: 'thread', url: worker.url }],
  ['the in-thread mode', { kind: 'inline' }]
]

/** A run's last state event: finished, stopped or failed (a failure then shows its message). */
const ended = (e: { state: string }): boolean => ['finished', 'stopped', 'failed'].includes(e.state)

const datasetEvents = (events: StudioEvent[]) => events.filter((e) => e.type === 'dataset-progress')

describe.each(modes)('training and the Lab in %s', (name, mode) => {
  const threaded = mode.kind === 'thread'
  let t: EngineUnderTest
  let folder: string

  beforeAll(async () => {
    t = await engineUnderTest(mode)
    folder = mkdtempSync(join(tmpdir(), 'gan-studio-worker-set-'))
    for (const [cls, colour] of [
      ['circle', '#ff0000'],
      ['square', '#00ff00']
    ] as const) {
      for (let i = 0; i < 8; i++) await solidImage(join(folder, cls, `${i}.png`), colour)
    }
  })
  afterAll(async () => {
    await t?.close()
    rmSync(folder, { recursive: true, force: true })
  })

  it('trains a run: state, progress and sample events reach the engine listeners', async () => {
    const tensorsHere = tf.memory().numTensors
    const tensorsDuringRun: number[] = []
    const off = t.engine.onEvent((e) => {
      if (e.type === 'progress') tensorsDuringRun.push(tf.memory().numTensors)
    })
    const from = t.events.length
    const finished = t.next('training-state', ended)
    const started = await t.engine.handlers.startTraining(tinyRun())
    expect(started.state).toBe('running')
    const end = await finished
    off()
    expect(end).toMatchObject({ state: 'finished' })

    const runId = started.runId!
    expect(end.runId).toBe(runId)
    const states = t.events
      .slice(from)
      .flatMap((e) => (e.type === 'training-state' ? [e.state] : []))
    expect(states.filter((s, i) => s !== states[i - 1])).toEqual([
      'starting',
      'running',
      'finished'
    ])
    const progress = t.events.flatMap((e) => (e.type === 'progress' ? [e.progress] : []))
    expect(progress.at(-1)).toMatchObject({ runId, step: 6, totalSteps: 6 })
    const samples = t.events.filter((e) => e.type === 'samples' && e.runId === runId)
    expect(samples.map((e) => e.type === 'samples' && e.step)).toEqual([3, 6])
    const status = await t.engine.handlers.getTrainingStatus()
    expect(status).toMatchObject({ state: 'finished', runId, last: { step: 6 } })
    expect(status.config).toMatchObject({ modelWidth: 4, batchSize: 8 })
    expect((await t.engine.handlers.listRuns()).map((r) => r.id)).toContain(runId)
    if (threaded) {
      // The models lived in the worker's TensorFlow.js: this thread's never saw them.
      expect(new Set(tensorsDuringRun)).toEqual(new Set([tensorsHere]))
    }
  })

  it('reports the backend the worker trains on: the engine’s', async () => {
    expect(t.engine.training.backend?.name).toBe(t.engine.info.backend)
    const said = t.events.find((e) => e.type === 'log' && /^Training runs on /.test(e.message))
    expect(said).toMatchObject({ level: 'info' })
    expect(said?.type === 'log' && said.message).toContain(`on ${t.engine.info.backend}:`)
  })

  it('pauses, resumes and stops a run; a second start meanwhile is refused', async () => {
    const first = t.next('progress')
    const { runId } = await t.engine.handlers.startTraining(tinyRun({ maxSteps: 100_000 }))
    await first
    await expect(t.engine.handlers.startTraining(tinyRun())).rejects.toMatchObject({
      code: 'training-busy',
      params: { runId, state: 'running' }
    })

    const paused = t.next('training-state', (e) => e.state === 'paused')
    await t.engine.handlers.pauseTraining()
    await paused
    expect(await t.engine.handlers.getTrainingStatus()).toMatchObject({ state: 'paused', runId })
    expect(t.engine.training.isTraining(runId!)).toBe(true)

    const running = t.next('training-state', (e) => e.state === 'running')
    await t.engine.handlers.resumeTraining()
    await running
    await t.next('progress')

    const stopped = await t.engine.handlers.stopTraining()
    expect(stopped).toMatchObject({ state: 'stopped', runId })
    expect(t.engine.training.isTraining(runId!)).toBe(false)
    await expect(t.engine.handlers.pauseTraining()).rejects.toMatchObject({ code: 'not-running' })
  })

  it('keeps the opened dataset for the run: training on it does not open it again', async () => {
    const source = DatasetSourceSchema.parse({ kind: 'folder', path: folder })
    const before = datasetEvents(t.events).length
    const summary = await t.engine.handlers.openDataset(source, { resolution: 28 })
    expect(summary.count).toBe(16)
    const opened = datasetEvents(t.events).length
    expect(opened).toBeGreaterThan(before)

    const finished = t.next('training-state', ended)
    await t.engine.handlers.startTraining(
      tinyRun({ dataset: source, datasetOptions: { resolution: 28 }, maxSteps: 2 })
    )
    expect(await finished).toMatchObject({ state: 'finished' })
    expect(datasetEvents(t.events).length).toBe(opened)

    // Other options are another set: that one is opened.
    const again = t.next('training-state', ended)
    await t.engine.handlers.startTraining(
      tinyRun({ dataset: source, datasetOptions: { resolution: 32 }, maxSteps: 2 })
    )
    expect(await again).toMatchObject({ state: 'finished' })
    expect(datasetEvents(t.events).length).toBeGreaterThan(opened)
  })

  it('runs the Lab calls in the order they were made', async () => {
    // Not awaited one by one: each reset must land before the step that follows it.
    const [a, b, c, d] = await Promise.all([
      t.engine.handlers.labReset(tinyLab(1)),
      t.engine.handlers.labStep(5),
      t.engine.handlers.labReset(tinyLab(2)),
      t.engine.handlers.labStep(2)
    ])
    expect([a.step, b.step, c.step, d.step]).toEqual([0, 5, 0, 2])

    const paused = t.next('lab-state', (e) => e.state === 'paused')
    const frame = t.next('lab-frame')
    expect(await t.engine.handlers.labRun({ steps: 1_000_000, frameEvery: 5 })).toEqual({
      state: 'running'
    })
    expect((await frame).frame.step).toBeGreaterThan(2)
    await expect(t.engine.handlers.labStep(1)).rejects.toMatchObject({
      code: 'lab-step-while-running'
    })
    expect(await t.engine.handlers.labStop()).toEqual({ state: 'paused' })
    await paused
  })

  it(`${name}: answers status and info while a run trains`, async () => {
    const first = t.next('progress')
    await t.engine.handlers.startTraining(tinyRun({ maxSteps: 100_000 }))
    await first
    const answers = await Promise.all([
      t.engine.handlers.getInfo(),
      t.engine.handlers.getTrainingStatus(),
      t.engine.handlers.listRuns()
    ])
    expect(answers[0].backend).toBe(t.engine.info.backend)
    expect(answers[1].state).toBe('running')
    expect(answers[2].length).toBeGreaterThan(0)
    await t.engine.handlers.stopTraining()
  })
})

// A worker that throws or is killed must cost the run, never the engine.
describe('a worker that dies', () => {
  let t: EngineUnderTest
  beforeAll(async () => {
    t = await engineUnderTest({ kind: 'thread', url: worker.url })
  })
  afterAll(() => t?.close())

  it('survives a training worker that dies mid-run: the run fails, clearly, and a new one trains', async () => {
    const first = t.next('progress')
    const { runId } = await t.engine.handlers.startTraining(tinyRun({ maxSteps: 100_000 }))
    await first
    const failed = t.next('training-state', (e) => e.state === 'failed')
    const error = t.next('log', (e) => e.level === 'error')
    await t.engine.training.terminateWorker()

    expect((await error).message).toMatch(/training worker crashed/)
    const state = await failed
    expect(state.runId).toBe(runId)
    expect(state.message).toMatch(/training worker crashed.*Resume the run/)
    expect(await t.engine.handlers.getTrainingStatus()).toMatchObject({ state: 'failed', runId })
    expect(t.engine.training.isTraining(runId!)).toBe(false)
    expect((await t.engine.handlers.getInfo()).backend).toBe(t.engine.info.backend)
    await expect(t.engine.handlers.stopTraining()).resolves.toMatchObject({ state: 'failed' })

    const finished = t.next('training-state', ended)
    const next = await t.engine.handlers.startTraining(tinyRun({ maxSteps: 2 }))
    expect(next.runId).not.toBe(runId)
    expect(await finished).toMatchObject({ state: 'finished', runId: next.runId })
  })

  it('survives a Lab worker that dies mid-run: the Lab says so and starts over', async () => {
    await t.engine.handlers.labReset(tinyLab())
    const frame = t.next('lab-frame')
    await t.engine.handlers.labRun({ steps: 1_000_000, frameEvery: 5 })
    await frame
    const idle = t.next('lab-state', (e) => e.state === 'idle')
    await t.engine.lab.terminateWorker()
    expect((await idle).message).toMatch(/Lab worker crashed.*Pick the experiment again/)
    await expect(t.engine.handlers.labStep(1)).rejects.toMatchObject({ code: 'no-session' })
    expect((await t.engine.handlers.labReset(tinyLab())).step).toBe(0)
    expect((await t.engine.handlers.labStep(3)).step).toBe(3)
  })
})
