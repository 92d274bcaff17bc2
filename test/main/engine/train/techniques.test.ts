import * as tf from '@tensorflow/tfjs'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Progress, TrainConfigInput } from '../../../../src/shared/train'
import { Trainer } from '../../../../src/main/engine/train/trainer'
import { loadSamplingGenerator } from '../../../../src/main/engine/runs/checkpoint'
import { useWasmBackend } from '../../../helpers/wasmBackend'
import { tempDir } from '../../../helpers/tempDir'
import { tinyConfig, tinyShapes } from '../../../helpers/tinyTraining'

const root = tempDir('gan-techniques-')
beforeAll(useWasmBackend)

function config(overrides: Partial<TrainConfigInput>) {
  return tinyConfig({ maxSteps: 8, sampleEvery: 4, checkpointEvery: 1000, ...overrides })
}

const OPTIONS: Record<string, Partial<TrainConfigInput>> = {
  ema: { ema: true, emaDecay: 0.99 },
  'projection discriminator': { conditioning: 'projection' },
  'spectral norm + hinge': { spectralNorm: true, loss: 'hinge' },
  'projection + spectral norm + hinge': {
    conditioning: 'projection',
    spectralNorm: true,
    loss: 'hinge'
  },
  'DiffAugment, fixed': { augment: 'fixed', augmentStrength: 1 },
  'DiffAugment, adaptive': { augment: 'adaptive', augmentTarget: 0.1 },
  TTUR: { lrG: 1e-4, lrD: 4e-4 },
  R1: { r1Gamma: 1 },
  'ResNet G and D': { model: 'resnet' },
  'ResNet + spectral norm + hinge + R1 + DiffAugment': {
    model: 'resnet',
    spectralNorm: true,
    loss: 'hinge',
    r1Gamma: 1,
    augment: 'fixed'
  },
  'everything at once': {
    ema: true,
    conditioning: 'projection',
    spectralNorm: true,
    loss: 'hinge',
    augment: 'adaptive',
    r1Gamma: 1,
    lrG: 1e-4,
    lrD: 4e-4,
    dSteps: 2
  }
}

describe('each technique trains a few steps on shapes', () => {
  for (const [name, overrides] of Object.entries(OPTIONS)) {
    it(`${name}: finite losses, no tensor leaks`, async () => {
      const counts = new Map<number, number>()
      const progress: Progress[] = []
      const t = new Trainer({
        config: config(overrides),
        dataset: tinyShapes,
        runId: 'techniques',
        progressIntervalMs: 0,
        onProgress: (p) => {
          progress.push(p)
          counts.set(p.step, tf.memory().numTensors)
        }
      })
      const before = tf.memory().numTensors
      const result = await t.run()
      expect(result.message).toBeUndefined()
      expect(result).toMatchObject({ state: 'finished', step: 8 })
      for (const p of progress) {
        expect(Number.isFinite(p.dLoss) && Number.isFinite(p.gLoss)).toBe(true)
      }
      // The same tensors live at step 2 and step 8, and none after the run.
      expect(counts.get(8)).toBe(counts.get(2))
      expect(tf.memory().numTensors).toBe(before)
    })
  }
})

describe('EMA in checkpoints', () => {
  it('saves generator-ema/ beside G, samples from it, and resumes with it', async () => {
    const runDir = join(root, 'ema-run')
    const t = new Trainer({
      config: config({ ema: true, emaDecay: 0.9, checkpointEvery: 4 }),
      dataset: tinyShapes,
      runId: 'ema-run',
      runDir
    })
    expect((await t.run()).state).toBe('finished')
    const dir = join(runDir, 'checkpoints', 'step-8')
    expect(await readdir(dir)).toContain('generator-ema')
    const loaded = await loadSamplingGenerator(dir)
    expect(loaded.ema).toBe(true)
    loaded.model.dispose()

    const resumed = new Trainer({
      config: config({ ema: true, emaDecay: 0.9, checkpointEvery: 4, maxSteps: 10 }),
      dataset: tinyShapes,
      runId: 'ema-run',
      runDir,
      resumeFrom: join(runDir, 'checkpoints', 'step-4')
    })
    expect(await resumed.run()).toMatchObject({ state: 'finished', step: 10 })
  })
})

describe('adaptive augmentation', () => {
  async function finalP(augmentTarget: number): Promise<number> {
    const logs: string[] = []
    const t = new Trainer({
      config: config({ augment: 'adaptive', augmentTarget, maxSteps: 20, sampleEvery: 20 }),
      dataset: tinyShapes,
      runId: 'ada',
      onLog: (l) => logs.push(l)
    })
    expect((await t.run()).state).toBe('finished')
    const last = logs.filter((l) => l.startsWith('Adaptive augmentation at step 20')).pop()
    return Number(/p = ([\d.]+)/.exec(last ?? '')?.[1])
  }

  it('raises p while D is surer of reals than the target, and keeps it at 0 otherwise', async () => {
    // Target 0: any lean of D towards calling reals real raises p; target 1 can never be exceeded.
    expect(await finalP(0)).toBeGreaterThan(0)
    expect(await finalP(1)).toBe(0)
  })
})
