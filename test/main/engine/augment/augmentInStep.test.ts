import * as tf from '@tensorflow/tfjs'
import { join } from 'node:path'
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AugmentPolicy } from '../../../../src/main/engine/augment/diffAugment'
import type { DcganSpec } from '../../../../src/main/engine/models/dcgan'
import {
  discriminatorStep,
  generatorStep,
  type StepSettings
} from '../../../../src/main/engine/train/step'
import { Trainer } from '../../../../src/main/engine/train/trainer'
import { useWasmBackend } from '../../../helpers/wasmBackend'
import { tempDir } from '../../../helpers/tempDir'
import { tinyConfig, tinyShapes } from '../../../helpers/tinyTraining'
import { disposeGan, makeGan, sgd, stepSettings } from '../../../helpers/tinyGan'

/** Every call of the real diffAugment, recorded: what it augmented, with which policy and seed. */
const seen = vi.hoisted(() => ({
  calls: [] as { input: unknown; shape: number[]; ops: string[]; p: number; seed: number }[]
}))
vi.mock('../../../../src/main/engine/augment/diffAugment', async (importOriginal) => {
  const real =
    await importOriginal<typeof import('../../../../src/main/engine/augment/diffAugment')>()
  return {
    ...real,
    diffAugment: (x: tf.Tensor4D, policy: AugmentPolicy, seed: number) => {
      seen.calls.push({ input: x, shape: x.shape, ops: [...policy.ops], p: policy.p, seed })
      return real.diffAugment(x, policy, seed)
    }
  }
})

const root = tempDir('gan-augment-')
beforeAll(useWasmBackend)
beforeEach(() => {
  seen.calls.length = 0
})

const spec: DcganSpec = { resolution: 28, channels: 1, noiseDim: 8, numClasses: 3, width: 4 }
const policy: AugmentPolicy = { ops: ['translation', 'cutout', 'color'], p: 1 }

function settings(augment: AugmentPolicy | null): StepSettings {
  return stepSettings(spec, { augment })
}

describe('DiffAugment in the training step', () => {
  it('augments reals and fakes with the same policy and their own draws; G sees the fakes’ draws', () => {
    const gan = makeGan(spec, sgd(0.1))
    const x = tf.randomUniform([6, 28, 28, 1], -1, 1) as tf.Tensor4D
    const y = tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32')
    discriminatorStep(gan, settings(policy), { x, y, seed: 5, noiseStd: 0 })
    expect(seen.calls).toHaveLength(2)
    const [real, fake] = seen.calls
    expect(real!.input).toBe(x)
    expect(fake!.shape).toEqual(x.shape)
    expect(fake!.input).not.toBe(x)
    expect({ ops: fake!.ops, p: fake!.p }).toEqual({ ops: real!.ops, p: real!.p })
    expect(fake!.seed).not.toBe(real!.seed)

    generatorStep(gan, settings(policy), { y, seed: 5, noiseStd: 0 })
    expect(seen.calls).toHaveLength(3)
    expect(seen.calls[2]).toMatchObject({ ops: real!.ops, p: 1, seed: fake!.seed })
    tf.dispose([x, y])
    disposeGan(gan)
  })

  it('passes G’s gradient through the augmentation', () => {
    const updated = (augment: AugmentPolicy | null) => {
      const gan = makeGan(spec, sgd(0.1))
      const y = tf.tensor1d([0, 1, 2, 0], 'int32')
      const before = gan.generator.trainableWeights.map((w) => w.read().dataSync().slice())
      generatorStep(gan, settings(augment), { y, seed: 9, noiseStd: 0 })
      const after = gan.generator.trainableWeights.map((w) => w.read().dataSync().slice())
      y.dispose()
      disposeGan(gan)
      return after.map((a, i) => a.map((v, j) => v - before[i]![j]!))
    }
    const plain = updated(null)
    const augmented = updated(policy)
    // G moved, and moved differently: the gradient went through the transforms.
    expect(augmented.some((d) => d.some((v) => v !== 0))).toBe(true)
    const differs = augmented.some((d, i) => d.some((v, j) => Math.abs(v - plain[i]![j]!) > 1e-7))
    expect(differs).toBe(true)
  })

  it('is off at generation: only the steps augment, never the sample grids or checkpoints', async () => {
    const t = new Trainer({
      config: tinyConfig({
        maxSteps: 4,
        sampleEvery: 1,
        checkpointEvery: 2,
        augment: 'fixed',
        augmentStrength: 1,
        ema: true
      }),
      dataset: tinyShapes,
      runId: 'augment-off-at-generation',
      runDir: join(root, 'run')
    })
    expect(await t.run()).toMatchObject({ state: 'finished', step: 4 })
    // Two per D update (reals, fakes) and one per G update; 4 grids and 2 checkpoints add none.
    expect(seen.calls).toHaveLength(4 * 3)
  })
})
