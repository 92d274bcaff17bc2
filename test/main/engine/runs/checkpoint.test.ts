import * as tf from '@tensorflow/tfjs'
import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Progress, TrainConfigInput } from '../../../../src/shared/train'
import { generateShapes } from '../../../../src/main/engine/data/shapes'
import { atomicWrite } from '../../../../src/main/engine/fs/atomicWrite'
import { readManifest, type FileWriter } from '../../../../src/main/engine/runs/checkpoint'
import { Trainer, type TrainerOptions } from '../../../../src/main/engine/train/trainer'
import { useWasmBackend } from '../../../helpers/wasmBackend'
import { tempDir } from '../../../helpers/tempDir'
import { tinyConfig, tinyShapes } from '../../../helpers/tinyTraining'

const root = tempDir('gan-ckpt-')
beforeAll(useWasmBackend)

function config(overrides: Partial<TrainConfigInput> = {}) {
  return tinyConfig({
    maxSteps: 20,
    sampleEvery: 100,
    checkpointEvery: 10,
    keepCheckpoints: 10,
    ...overrides
  })
}

async function train(
  runDir: string,
  overrides: Partial<TrainConfigInput> = {},
  options: Partial<TrainerOptions> = {}
) {
  const progress: Progress[] = []
  const warnings: string[] = []
  const t = new Trainer({
    config: config(overrides),
    dataset: tinyShapes,
    runId: 'ckpt-run',
    runDir,
    progressIntervalMs: 0,
    onProgress: (p) => progress.push(p),
    onWarning: (w) => warnings.push(w),
    ...options
  })
  const result = await t.run()
  return { result, progress, warnings, t }
}

const stepDirs = async (runDir: string) =>
  (await readdir(join(runDir, 'checkpoints'))).filter((n) => !n.startsWith('.')).sort()

describe('checkpoints', () => {
  let full: Awaited<ReturnType<typeof train>>
  const fullDir = () => join(root, 'full')

  beforeAll(async () => {
    full = await train(fullDir())
  }, 120_000)

  it('saves every checkpointEvery steps and at each epoch end, with a manifest written last', async () => {
    expect(full.result).toEqual({ state: 'finished', step: 20 })
    // Every 10 steps, and at the ends of epochs 1 and 2 (8 steps an epoch).
    expect(await stepDirs(fullDir())).toEqual(['step-10', 'step-16', 'step-20', 'step-8'])
    const dir = join(fullDir(), 'checkpoints', 'step-10')
    const m = await readManifest(dir)
    expect(m).toMatchObject({
      runId: 'ckpt-run',
      step: 10,
      epoch: 2,
      backend: 'wasm',
      labels: ['circle', 'square', 'triangle', 'cross'],
      noiseDim: 8,
      resolution: 28,
      channels: 1,
      numClasses: 4,
      modelWidth: 4,
      stream: { position: 16, count: 64, globalStep: 10 },
      rng: { seed: 0, step: 10 },
      thumbnail: 'thumbnail.png'
    })
    expect(m.dLoss).toBeCloseTo(full.progress[9]!.dLoss, 6)
    expect(Object.keys(m.files).sort()).toEqual([
      'discriminator/model.json',
      'discriminator/weights.bin',
      'generator/model.json',
      'generator/weights.bin',
      'optimizers.bin',
      'optimizers.json',
      'thumbnail.png'
    ])
    const modelJson = JSON.parse(await readFile(join(dir, 'generator', 'model.json'), 'utf8'))
    expect(modelJson.format).toBe('layers-model')
    expect(modelJson.weightsManifest[0].paths).toEqual(['weights.bin'])
  })

  it('resuming from step 10 reproduces the uninterrupted run at steps 11–20', async () => {
    const resumed = await train(
      join(root, 'resumed'),
      {},
      {
        resumeFrom: join(fullDir(), 'checkpoints', 'step-10')
      }
    )
    expect(resumed.result).toEqual({ state: 'finished', step: 20 })
    expect(resumed.progress.map((p) => p.step)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20])
    const pick = (p: Progress) => [p.dLoss, p.gLoss, p.dReal, p.dFake, p.epoch]
    const expected = full.progress.slice(10).map(pick)
    const got = resumed.progress.map(pick)
    // Same backend, same kernels, same data order and noise: the arithmetic is the same,
    // so the losses agree to float32 rounding (in practice bit for bit).
    got.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 5)))
    expect(got).toEqual(expected)
  }, 120_000)

  it('resumes exactly with k = 2, hinge loss, instance noise and mismatched labels', async () => {
    const options = {
      maxSteps: 8,
      checkpointEvery: 3,
      dSteps: 2,
      loss: 'hinge' as const,
      instanceNoise: { std: 0.1, decaySteps: 6 },
      mismatchedLabels: true,
      labelSmoothing: 0.1
    }
    const whole = await train(join(root, 'k2-whole'), options)
    const resumed = await train(join(root, 'k2-resumed'), options, {
      resumeFrom: join(root, 'k2-whole', 'checkpoints', 'step-3')
    })
    const pick = (p: Progress) => [p.step, p.dLoss, p.gLoss, p.dReal, p.dFake, p.epoch]
    expect(resumed.progress.map(pick)).toEqual(whole.progress.slice(3).map(pick))
  }, 120_000)

  it('resumes in the run folder itself, keeping the metrics up to the checkpoint', async () => {
    const runDir = join(root, 'same-folder')
    await train(runDir, { maxSteps: 12, checkpointEvery: 6 })
    expect(await stepDirs(runDir)).toEqual(['step-12', 'step-6', 'step-8'])
    // Resumed from 6 and run to 7: what the first run wrote after step 6 is gone.
    const again = await train(
      runDir,
      { maxSteps: 7, checkpointEvery: 6 },
      { resumeFrom: join(runDir, 'checkpoints', 'step-6') }
    )
    expect(again.result).toEqual({ state: 'finished', step: 7 })
    const lines = (await readFile(join(runDir, 'metrics.jsonl'), 'utf8')).trim().split('\n')
    expect(lines.map((l) => (JSON.parse(l) as Progress).step)).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(await stepDirs(runDir)).toEqual(['step-6', 'step-7'])
    expect((await readdir(join(runDir, 'samples'))).sort()).toEqual(['step-7.png'])
  }, 120_000)

  it('refuses to resume with another architecture or dataset, saying what differs', async () => {
    const from = join(fullDir(), 'checkpoints', 'step-10')
    const a = await train(join(root, 'refused-a'), { noiseDim: 16 }, { resumeFrom: from })
    expect(a.result.state).toBe('failed')
    expect(a.result.message).toMatch(/noise dimension \(checkpoint: 8, now: 16\)/)

    const fewer = generateShapes({ size: 28, channels: 1, perClass: 15 })
    const b = await train(join(root, 'refused-b'), {}, { resumeFrom: from, dataset: fewer })
    expect(b.result.state).toBe('failed')
    expect(b.result.message).toMatch(/dataset size in images \(checkpoint: 64, now: 60\)/)

    const renamed = { ...tinyShapes, classNames: ['a', 'b', 'c', 'd'] }
    const c = await train(join(root, 'refused-c'), {}, { resumeFrom: from, dataset: renamed })
    expect(c.result.message).toMatch(
      /class names \(checkpoint: \[circle, square, triangle, cross\], now: \[a, b, c, d\]\)/
    )

    const d = await train(join(root, 'refused-d'), { modelWidth: 8 }, { resumeFrom: from })
    expect(d.result.message).toMatch(/model width/)
    // Nothing was written for a refused resume.
    expect(existsSync(join(root, 'refused-a', 'config.json'))).toBe(false)
  }, 60_000)

  it('keeps only the newest keepCheckpoints', async () => {
    const runDir = join(root, 'keep')
    const r = await train(runDir, { maxSteps: 40, checkpointEvery: 2, keepCheckpoints: 2 })
    expect(r.result.state).toBe('finished')
    expect(await stepDirs(runDir)).toEqual(['step-38', 'step-40'])
  }, 120_000)

  it('checkpoints where a stopped run ended', async () => {
    const runDir = join(root, 'stopped')
    const progress: Progress[] = []
    const trainer: Trainer = new Trainer({
      config: config({ maxSteps: 40, checkpointEvery: 100 }),
      dataset: tinyShapes,
      runId: 'stop',
      runDir,
      progressIntervalMs: 0,
      onProgress: (p) => {
        progress.push(p)
        if (p.step === 3) trainer.stop()
      }
    })
    const result = await trainer.run()
    expect(result).toMatchObject({ state: 'stopped', step: 3 })
    expect(await stepDirs(runDir)).toEqual(['step-3'])
  }, 60_000)

  it('a failed write leaves the previous checkpoint the latest, and the run goes on', async () => {
    const runDir = join(root, 'enospc')
    const failing: FileWriter = async (path, data) => {
      if (path.includes('step-10') && path.endsWith('weights.bin')) {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
      }
      await atomicWrite(path, data)
    }
    const r = await train(
      runDir,
      { maxSteps: 12, checkpointEvery: 5 },
      { checkpointWriter: failing }
    )
    expect(r.result.state).toBe('finished')
    expect(r.result.step).toBe(12)
    expect(r.warnings).toHaveLength(1)
    expect(r.warnings[0]).toMatch(/step 10 could not be written \(ENOSPC/)
    expect(r.result.message).toMatch(/ENOSPC/)
    // No half checkpoint, no leftover temporary folder; later saves worked.
    expect(await readdir(join(runDir, 'checkpoints'))).toEqual(
      expect.not.arrayContaining(['step-10'])
    )
    expect(await stepDirs(runDir)).toEqual(['step-12', 'step-5', 'step-8'])
    expect((await readdir(join(runDir, 'checkpoints'))).filter((n) => n.startsWith('.'))).toEqual(
      []
    )
  }, 60_000)

  it('does not leak tensors across a save and a resume', async () => {
    const before = tf.memory().numTensors
    await train(join(root, 'leak'), { maxSteps: 2, checkpointEvery: 1 })
    await train(
      join(root, 'leak2'),
      { maxSteps: 3 },
      {
        resumeFrom: join(root, 'leak', 'checkpoints', 'step-2')
      }
    )
    expect(tf.memory().numTensors).toBe(before)
  }, 60_000)
})
