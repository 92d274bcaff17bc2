import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import type { LossName } from '../../../../src/shared/train'
import { buildDiscriminator, buildGenerator } from '../../../../src/main/engine/models/dcgan'
import { discriminatorStep, generatorStep, type Gan } from '../../../../src/main/engine/train/step'
import { useBackend } from '../kernels/backendComparison'
import { useSoftwareWebGpu } from '../../../helpers/webgpuBackend'
import { disposeGan, makeGan, sgd, stepSettings, tinySpec } from '../../../helpers/tinyGan'

// One D step and one G step of a small conditional DCGAN on webgpu (SwiftShader) against
// the same step on cpu, from the same weights, batch and seed.
//
// Tolerance: losses and D outputs within 1e-4 relative; each weight tensor's update
// (after − before) within 1e-3 of its norm. Plain SGD makes an update the gradient times
// the learning rate, so this compares the gradients themselves (Adam's first step is
// lr·sign(g), which would hide their size). Float32 in another summation order gives
// ~1e-6 on the losses; the updates go through batch-norm statistics and a backward pass
// of 4 layers (observed below 1e-4); a wrong kernel gives O(1).
const LOSS_TOLERANCE = 1e-4
const UPDATE_TOLERANCE = 1e-3

const spec = tinySpec({ seed: 3 })
const batch = 4
const LR = 0.05

interface StepOutcome {
  d: { loss: number; dReal: number; dFake: number; applied: boolean }
  g: { loss: number; dFake: number; applied: boolean }
  /** Every weight of G and D (BN moving statistics included) before and after. */
  before: Float32Array[]
  after: Float32Array[]
}

function weights(gan: Gan): Float32Array[] {
  return [gan.generator, gan.discriminator].flatMap((m) =>
    m.getWeights().map((w) => w.dataSync() as Float32Array)
  )
}

/** The same starting weights on every backend: built on cpu once, then copied in. */
let initial: { g: Float32Array[]; d: Float32Array[] }
let realImages: Float32Array

function oneStep(loss: LossName): StepOutcome {
  const gan = makeGan(spec, sgd(LR))
  const load = (model: tf.LayersModel, values: Float32Array[]): void => {
    const tensors = model.getWeights().map((w, i) => tf.tensor(values[i]!, w.shape))
    model.setWeights(tensors)
    tf.dispose(tensors)
  }
  load(gan.generator, initial.g)
  load(gan.discriminator, initial.d)
  const settings = stepSettings(spec, { loss, gpWeight: 10 })
  const x = tf.tensor4d(realImages, [batch, 28, 28, 1])
  const y = tf.tensor1d([0, 1, 2, 3], 'int32')
  try {
    const before = weights(gan)
    const d = discriminatorStep(gan, settings, { x, y, seed: 7, noiseStd: 0 })
    const g = generatorStep(gan, settings, { y, seed: 7, noiseStd: 0 })
    return { d, g, before, after: weights(gan) }
  } finally {
    tf.dispose([x, y])
    disposeGan(gan)
  }
}

function expectSameStep(actual: StepOutcome, reference: StepOutcome): void {
  expect(actual.d.applied && actual.g.applied).toBe(true)
  const close = (a: number, b: number, label: string): void => {
    expect(Math.abs(a - b), label).toBeLessThanOrEqual(LOSS_TOLERANCE * Math.max(1, Math.abs(b)))
  }
  close(actual.d.loss, reference.d.loss, 'D loss')
  close(actual.d.dReal, reference.d.dReal, 'mean D(x)')
  close(actual.d.dFake, reference.d.dFake, 'mean D(G(z))')
  close(actual.g.loss, reference.g.loss, 'G loss')

  expect(actual.after).toHaveLength(reference.after.length)
  let moved = 0
  reference.after.forEach((refAfter, t) => {
    const refBefore = reference.before[t]!
    const after = actual.after[t]!
    const before = actual.before[t]!
    let refNorm = 0
    let diffNorm = 0
    for (let i = 0; i < refAfter.length; i++) {
      const refUpdate = refAfter[i]! - refBefore[i]!
      const update = after[i]! - before[i]!
      refNorm += refUpdate * refUpdate
      diffNorm += (update - refUpdate) ** 2
    }
    if (refNorm > 0) moved++
    expect(Math.sqrt(diffNorm), `weight tensor ${t}`).toBeLessThanOrEqual(
      UPDATE_TOLERANCE * Math.sqrt(refNorm) + 1e-7
    )
  })
  // G's and D's trainable weights and G's BN statistics all moved.
  expect(moved).toBeGreaterThan(reference.after.length / 2)
}

beforeAll(async () => {
  await useSoftwareWebGpu()
  await useBackend('cpu')
  const g = buildGenerator(spec)
  const d = buildDiscriminator(spec)
  initial = {
    g: g.getWeights().map((w) => w.dataSync() as Float32Array),
    d: d.getWeights().map((w) => w.dataSync() as Float32Array)
  }
  g.dispose()
  d.dispose()
  realImages = tf.tidy(
    () =>
      tf.tanh(tf.randomNormal([batch, 28, 28, 1], 0, 1, 'float32', 5)).dataSync() as Float32Array
  )
})

describe('one step of a small conditional DCGAN on webgpu matches cpu', () => {
  for (const loss of ['non-saturating', 'wgan-gp'] as const) {
    it(`${loss}${loss === 'wgan-gp' ? ' (second-order gradients)' : ''}`, async () => {
      await useBackend('cpu')
      const reference = oneStep(loss)
      await useBackend('webgpu')
      const actual = oneStep(loss)
      expect(tf.getBackend()).toBe('webgpu')
      expectSameStep(actual, reference)
    })
  }
})
