import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { LOSSES, type LossName } from '../../../../src/shared/train'
import type { DcganSpec } from '../../../../src/main/engine/models/dcgan'
import {
  discriminatorStep,
  generatorStep,
  type Gan,
  type StepSettings
} from '../../../../src/main/engine/train/step'
import { useWasmBackend } from '../../../helpers/wasmBackend'
import { disposeGan, makeGan, sgd, stepSettings, tinySpec } from '../../../helpers/tinyGan'
import { referenceDiscriminatorStep, referenceGeneratorStep } from './referenceStep'

beforeAll(useWasmBackend)

/**
 * The lean step (one G forward per step, D on reals and fakes in one batch, label planes as
 * a per-class bias image, G's backward by hand) against the step it replaced, run through
 * the layers API. SGD, so a weight's change is the gradient times the learning rate and
 * any gradient difference shows undamped (Adam's first step is ≈ lr·sign(g), which would
 * hide or blow up differences in near-zero gradients).
 *
 * Tolerance: per variable, ‖Δlean − Δref‖₂ ≤ 1e-4·‖Δref‖₂ + 1e-7 (float32 sums taken in
 * another order: batched convs, the hand-written BN backward); reported losses and D
 * outputs to 1e-5.
 */
const REL = 1e-4
const ABS = 1e-7
const LR = 0.05

function values(vars: tf.LayerVariable[]): Float32Array[] {
  return vars.map((w) => w.read().dataSync() as Float32Array)
}

function norm(a: Float32Array, b?: Float32Array): number {
  let sum = 0
  for (let i = 0; i < a.length; i++) sum += (a[i]! - (b ? b[i]! : 0)) ** 2
  return Math.sqrt(sum)
}

function delta(after: Float32Array, before: Float32Array): Float32Array {
  return after.map((v, i) => v - before[i]!)
}

function batches(spec: DcganSpec, k: number, batch: number) {
  return Array.from({ length: k }, (_, i) => ({
    x: tf.randomUniform(
      [batch, spec.resolution, spec.resolution, spec.channels],
      -1,
      1,
      'float32',
      40 + i
    ) as tf.Tensor4D,
    y: tf.tensor1d(
      Array.from({ length: batch }, (_, j) => (j + i) % Math.max(spec.numClasses, 1)),
      'int32'
    ),
    seed: 1000 + 17 * i
  }))
}

interface Run {
  d: Array<{ loss: number; dReal: number; dFake: number }>
  g: { loss: number; dFake: number }
  trainable: { g: Float32Array[]; d: Float32Array[] }
  /** G's BN moving statistics just before the G update. */
  movingBeforeG: Float32Array[]
  movingAfter: Float32Array[]
}

function runStep(
  gan: Gan,
  settings: StepSettings,
  data: ReturnType<typeof batches>,
  noiseStd: number,
  impl: 'lean' | 'reference'
): Run {
  const dStep = impl === 'lean' ? discriminatorStep : referenceDiscriminatorStep
  const gStep = impl === 'lean' ? generatorStep : referenceGeneratorStep
  const d = data.map(({ x, y, seed }) => dStep(gan, settings, { x, y, seed, noiseStd }))
  const last = data.at(-1)!
  const movingBeforeG = values(gan.generator.nonTrainableWeights)
  const g = gStep(gan, settings, { y: last.y, seed: last.seed, noiseStd })
  expect([...d.map((r) => r.applied), g.applied]).toEqual(data.map(() => true).concat(true))
  return {
    d,
    g,
    trainable: {
      g: values(gan.generator.trainableWeights),
      d: values(gan.discriminator.trainableWeights)
    },
    movingBeforeG,
    movingAfter: values(gan.generator.nonTrainableWeights)
  }
}

function expectSameUpdates(
  names: string[],
  start: Float32Array[],
  lean: Float32Array[],
  ref: Float32Array[]
) {
  names.forEach((name, i) => {
    const dRef = delta(ref[i]!, start[i]!)
    const dLean = delta(lean[i]!, start[i]!)
    const error = norm(dLean, dRef)
    const bound = REL * norm(dRef) + ABS
    expect(error, `${name}: ‖Δlean − Δref‖ ${error} > ${bound}`).toBeLessThanOrEqual(bound)
  })
}

function compare(
  spec: DcganSpec,
  loss: LossName,
  k: number,
  extra: Partial<StepSettings> = {},
  noiseStd = 0
) {
  const settings = stepSettings(spec, { loss, gpWeight: 10, ...extra })
  const data = batches(spec, k, 8)
  const ref = makeGan(spec, sgd(LR))
  const lean = makeGan(spec, sgd(LR))
  const start = {
    g: values(ref.generator.trainableWeights),
    d: values(ref.discriminator.trainableWeights)
  }
  expect(values(lean.generator.trainableWeights)).toEqual(start.g)
  try {
    const a = runStep(ref, settings, data, noiseStd, 'reference')
    const before = tf.memory().numTensors
    const b = runStep(lean, settings, data, noiseStd, 'lean')
    expect(tf.memory().numTensors).toBe(before)

    a.d.forEach((r, i) => {
      expect(b.d[i]!.loss).toBeCloseTo(r.loss, 5)
      expect(b.d[i]!.dReal).toBeCloseTo(r.dReal, 5)
      expect(b.d[i]!.dFake).toBeCloseTo(r.dFake, 5)
    })
    expect(b.g.loss).toBeCloseTo(a.g.loss, 5)
    expect(b.g.dFake).toBeCloseTo(a.g.dFake, 5)
    expectSameUpdates(
      ref.discriminator.trainableWeights.map((w) => w.name),
      start.d,
      b.trainable.d,
      a.trainable.d
    )
    expectSameUpdates(
      ref.generator.trainableWeights.map((w) => w.name),
      start.g,
      b.trainable.g,
      a.trainable.g
    )
    // BN's moving averages: the reference moved them once more, in its second G forward;
    // the lean step runs G forward once per D update, as the peer does.
    b.movingAfter.forEach((m, i) => {
      expect(norm(m, a.movingBeforeG[i])).toBeLessThanOrEqual(1e-5 * norm(m) + ABS)
    })
    expect(b.movingAfter).toEqual(b.movingBeforeG)
  } finally {
    for (const { x, y } of data) tf.dispose([x, y])
    disposeGan(ref)
    disposeGan(lean)
  }
}

describe('the lean step computes the same update as the reference step', () => {
  const spec = tinySpec({ noiseDim: 12, width: 8, seed: 7 })
  for (const k of [1, 2]) {
    it.each(LOSSES)(`%s, k = ${k}, conditional 28×28`, (loss) => compare(spec, loss, k))
  }

  it('unconditional 32×32 RGB (a middle up block: BN backward inside G), hinge, k = 2', () =>
    compare({ ...spec, resolution: 32, channels: 3, numClasses: 0 }, 'hinge', 2))

  it('mismatched labels, label smoothing and instance noise, non-saturating', () =>
    compare(spec, 'non-saturating', 1, { mismatchedLabels: true, labelSmoothing: 0.1 }, 0.2))

  it('wgan-gp with mismatched labels and instance noise, k = 2', () =>
    compare(spec, 'wgan-gp', 2, { mismatchedLabels: true }, 0.1))
})

describe('the G update without the D update before it', () => {
  it('runs G forward itself for another seed, and matches the reference', () => {
    const spec = tinySpec({ noiseDim: 12, width: 8, seed: 9 })
    const settings = stepSettings(spec)
    const { x, y } = batches(spec, 1, 8)[0]!
    const ref = makeGan(spec, sgd(LR))
    const lean = makeGan(spec, sgd(LR))
    const start = values(ref.generator.trainableWeights)
    referenceDiscriminatorStep(ref, settings, { x, y, seed: 1, noiseStd: 0 })
    discriminatorStep(lean, settings, { x, y, seed: 1, noiseStd: 0 })
    const a = referenceGeneratorStep(ref, settings, { y, seed: 2, noiseStd: 0 })
    const b = generatorStep(lean, settings, { y, seed: 2, noiseStd: 0 })
    expect(b.loss).toBeCloseTo(a.loss, 5)
    expectSameUpdates(
      ref.generator.trainableWeights.map((w) => w.name),
      start,
      values(lean.generator.trainableWeights),
      values(ref.generator.trainableWeights)
    )
    // Both ran G forward twice here, so the moving statistics agree too.
    const moving = values(lean.generator.nonTrainableWeights)
    values(ref.generator.nonTrainableWeights).forEach((m, i) =>
      expect(norm(moving[i]!, m)).toBeLessThanOrEqual(1e-5 * norm(m) + ABS)
    )
    tf.dispose([x, y])
    disposeGan(ref)
    disposeGan(lean)
  })
})
