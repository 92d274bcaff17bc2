import * as tf from '@tensorflow/tfjs'
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  type Progress,
  type TrainConfigInput,
  type TrainingState
} from '../../../../src/shared/train'
import { BatchStream } from '../../../../src/main/engine/data/index'
import {
  instanceNoiseStd,
  Trainer,
  type SampleGrid,
  type TrainerOptions
} from '../../../../src/main/engine/train/trainer'
import { useWasmBackend } from '../../../helpers/wasmBackend'
import { tempDir } from '../../../helpers/tempDir'
import { tinyConfig, tinyShapes } from '../../../helpers/tinyTraining'

const root = tempDir('gan-trainer-')
beforeAll(useWasmBackend)
afterEach(() => {
  vi.restoreAllMocks()
})

function config(overrides: Partial<TrainConfigInput> = {}) {
  return tinyConfig({ maxSteps: 6, sampleEvery: 3, ...overrides })
}

interface Recorded {
  progress: Progress[]
  samples: SampleGrid[]
  states: [TrainingState, string | undefined][]
}

function trainer(overrides: Partial<TrainConfigInput>, options: Partial<TrainerOptions> = {}) {
  const seen: Recorded = { progress: [], samples: [], states: [] }
  const t = new Trainer({
    config: config(overrides),
    dataset: tinyShapes,
    runId: 'test-run',
    progressIntervalMs: 0,
    onProgress: (p) => seen.progress.push(p),
    onSamples: (s) => seen.samples.push(s),
    onState: (state, message) => seen.states.push([state, message]),
    ...options
  })
  return { t, seen }
}

describe('Trainer', () => {
  it('trains, reports, and writes the run folder', async () => {
    const runDir = join(root, 'runs', 'basic')
    const { t, seen } = trainer({}, { runDir })
    const result = await t.run()
    expect(result).toEqual({ state: 'finished', step: 6 })

    expect(seen.progress.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6])
    for (const p of seen.progress) {
      expect(p).toMatchObject({ runId: 'test-run', totalSteps: 6, epoch: 1 })
      for (const v of [p.dLoss, p.gLoss, p.dReal, p.dFake, p.imagesPerSecond, p.etaSeconds]) {
        expect(Number.isFinite(v)).toBe(true)
      }
      expect(p.dReal).toBeGreaterThan(0)
      expect(p.dReal).toBeLessThan(1)
    }
    expect(seen.progress.at(-1)!.etaSeconds).toBe(0)

    // A grid from fixed noise every 3 steps: one row per class, 8 columns, 28 px doubled.
    expect(seen.samples.map((s) => s.step)).toEqual([3, 6])
    expect(seen.samples[0]!.rowLabels).toEqual(['circle', 'square', 'triangle', 'cross'])
    const meta = await sharp(seen.samples[1]!.png).metadata()
    expect([meta.width, meta.height]).toEqual([8 * 56 + 9, 4 * 56 + 5])

    const files = await readdir(runDir)
    // checkpoints/ is the checkpoint module's (tested in test/main/engine/runs).
    expect(files.filter((f) => f !== 'checkpoints').sort()).toEqual([
      'config.json',
      'metrics.jsonl',
      'samples'
    ])
    expect((await readdir(join(runDir, 'samples'))).sort()).toEqual(['step-3.png', 'step-6.png'])
    const saved = JSON.parse(await readFile(join(runDir, 'config.json'), 'utf8'))
    expect(saved).toMatchObject({ runId: 'test-run', backend: 'wasm', config: { modelWidth: 4 } })
    expect(saved.dataset.classNames).toEqual(['circle', 'square', 'triangle', 'cross'])
    const lines = (await readFile(join(runDir, 'metrics.jsonl'), 'utf8')).trim().split('\n')
    expect(lines.map((l) => JSON.parse(l))).toEqual(seen.progress)
    expect(
      Buffer.from(await readFile(join(runDir, 'samples', 'step-6.png'))).equals(
        Buffer.from(seen.samples[1]!.png)
      )
    ).toBe(true)
  })

  it('repeats exactly with the same seed, and differs with another', async () => {
    const losses = async (seed: number) => {
      const { t, seen } = trainer({ seed, maxSteps: 3, sampleEvery: 100 })
      await t.run()
      return seen.progress.map((p) => [p.dLoss, p.gLoss, p.dReal, p.dFake])
    }
    const first = await losses(11)
    expect(await losses(11)).toEqual(first)
    expect(await losses(12)).not.toEqual(first)
  })

  it('counts epochs and total steps from the data, k D batches per G step', async () => {
    const nextSpy = vi.spyOn(BatchStream.prototype, 'next')
    // 64 images / batch 8 = 8 D batches an epoch; k = 2 makes 4 G steps an epoch.
    const { t, seen } = trainer({ maxSteps: undefined, epochs: 2, dSteps: 2, sampleEvery: 100 })
    expect(await t.run()).toMatchObject({ state: 'finished', step: 8 })
    expect(nextSpy).toHaveBeenCalledTimes(16)
    expect(seen.progress.map((p) => p.epoch)).toEqual([1, 1, 1, 1, 2, 2, 2, 2])
    expect(seen.progress[0]!.totalSteps).toBe(8)
  })

  it('trains unconditionally when asked, or when the data has no labels', async () => {
    const a = trainer({ conditional: false, maxSteps: 2, sampleEvery: 2 })
    expect(await a.t.run()).toMatchObject({ state: 'finished' })
    expect(a.seen.samples[0]!.rowLabels).toEqual(['', '', '', ''])

    const unlabeled = {
      ...tinyShapes,
      labeled: false,
      classNames: ['loose'],
      labels: new Uint16Array(tinyShapes.count)
    }
    const b = trainer(
      { maxSteps: 1, sampleEvery: 1, mismatchedLabels: true },
      { dataset: unlabeled }
    )
    expect(await b.t.run()).toMatchObject({ state: 'finished' })
    expect(b.seen.states[0]).toEqual(['running', expect.stringMatching(/without labels/)])
  })

  it('every loss and option runs through the loop', async () => {
    for (const loss of ['minimax', 'wgan-gp', 'hinge'] as const) {
      const { t } = trainer({
        loss,
        maxSteps: 2,
        sampleEvery: 100,
        labelSmoothing: 0.1,
        mismatchedLabels: true,
        instanceNoise: { std: 0.1, decaySteps: 2 }
      })
      expect(await t.run()).toMatchObject({ state: 'finished', step: 2 })
    }
  })

  it('pauses, resumes and stops at step boundaries', async () => {
    let paused = false
    const { t, seen } = trainer(
      { maxSteps: 1000, sampleEvery: 1000 },
      {
        onProgress: (p) => {
          seen.progress.push(p)
          if (p.step === 2) t.pause()
        },
        onState: (state) => {
          seen.states.push([state, undefined])
          if (state === 'paused') paused = true
        }
      }
    )
    const done = t.run()
    await vi.waitUntil(() => paused, { timeout: 30_000 })
    // Paused after step 2: time passes, no step runs.
    await new Promise((r) => setTimeout(r, 200))
    expect(seen.progress.at(-1)!.step).toBe(2)
    t.resume()
    await vi.waitUntil(() => seen.progress.length >= 4, { timeout: 30_000 })
    t.stop()
    const result = await done
    expect(result.state).toBe('stopped')
    expect(result.step).toBeGreaterThanOrEqual(4)
    expect(result.step).toBeLessThan(1000)
    expect(result.message).toMatch(/Stopped at step \d+ of 1000/)
    expect(result).toMatchObject({
      code: 'stopped-at-step',
      params: { step: result.step, total: 1000 }
    })
    expect(seen.states.map(([s]) => s)).toEqual(['running', 'paused', 'running', 'stopping'])
    // The run ends with a grid of where it stopped.
    expect(seen.samples.at(-1)!.step).toBe(result.step)
  })

  it('stops when paused and asked to stop', async () => {
    const { t } = trainer({ maxSteps: 1000 }, { onProgress: (p) => p.step === 1 && t.pause() })
    const done = t.run()
    await new Promise((r) => setTimeout(r, 300))
    t.stop()
    expect(await done).toMatchObject({ state: 'stopped', step: 1 })
  })

  it('stops on a NaN loss, names the step and the loss, and writes nothing for that step', async () => {
    const runDir = join(root, 'runs', 'nan')
    const next = BatchStream.prototype.next
    let calls = 0
    vi.spyOn(BatchStream.prototype, 'next').mockImplementation(function (this: BatchStream) {
      const batch = next.call(this)
      if (++calls !== 4) return batch
      // A poisoned batch at step 4.
      const poisoned = tf.tidy(() => batch.x.mul(NaN)) as tf.Tensor4D
      batch.x.dispose()
      return { ...batch, x: poisoned }
    })
    const { t, seen } = trainer({ maxSteps: 10, sampleEvery: 1 }, { runDir })
    const result = await t.run()
    expect(result.state).toBe('failed')
    expect(result.step).toBe(3)
    expect(result.message).toMatch(/step 4: the discriminator loss became NaN/)
    // In code form too, for the studio to say in the user's language.
    expect(result).toMatchObject({
      code: 'nan-loss-discriminator',
      params: { step: 4, loss: 'NaN' }
    })
    expect(seen.progress.map((p) => p.step)).toEqual([1, 2, 3])
    expect(seen.samples.map((s) => s.step)).toEqual([1, 2, 3])
    expect((await readdir(join(runDir, 'samples'))).sort()).toEqual([
      'step-1.png',
      'step-2.png',
      'step-3.png'
    ])
    const lines = (await readFile(join(runDir, 'metrics.jsonl'), 'utf8')).trim().split('\n')
    expect(lines.map((l) => JSON.parse(l).step)).toEqual([1, 2, 3])
  })

  it('leaks no tensors: the count after step 5 is the count after step 50', async () => {
    const counts = new Map<number, number>()
    const { t } = trainer(
      {
        maxSteps: 50,
        sampleEvery: 10,
        loss: 'wgan-gp',
        mismatchedLabels: true,
        instanceNoise: { std: 0.1, decaySteps: 20 }
      },
      { onProgress: (p) => counts.set(p.step, tf.memory().numTensors) }
    )
    const before = tf.memory().numTensors
    expect(await t.run()).toMatchObject({ state: 'finished', step: 50 })
    expect(counts.get(50)).toBe(counts.get(5))
    // And everything it made is released when the run ends.
    expect(tf.memory().numTensors).toBe(before)
  })

  it('refuses a dataset smaller than a batch, with what to do', async () => {
    const { t } = trainer({ batchSize: 128 })
    const result = await t.run()
    expect(result.state).toBe('failed')
    expect(result.message).toMatch(/fewer than one batch of 128.*Lower the batch size/)
  })

  it('runs only once', async () => {
    const { t } = trainer({ maxSteps: 1 })
    await t.run()
    await expect(t.run()).rejects.toThrow(/runs once/)
  })
})

describe('instance noise', () => {
  it('decays linearly from std at step 1 to 0 at decaySteps', () => {
    const c = config({ instanceNoise: { std: 0.4, decaySteps: 4 } })
    const stds = [1, 2, 3, 5, 9].map((s) => instanceNoiseStd(c, s))
    ;[0.4, 0.3, 0.2, 0, 0].forEach((std, i) => expect(stds[i]).toBeCloseTo(std, 12))
  })
})
