import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { LOSSES, type LossName } from '../../../../src/shared/train'
import type { DcganSpec } from '../../../../src/main/engine/models/dcgan'
import {
  discriminatorStep,
  generatorStep,
  type StepSettings
} from '../../../../src/main/engine/train/step'
import { useWasmBackend } from '../../../helpers/wasmBackend'
import { dcganAdam, disposeGan, makeGan, stepSettings, tinySpec } from '../../../helpers/tinyGan'

beforeAll(useWasmBackend)

/** DCGAN's Adam at its usual rate; the loss tests take a faster one to move in few steps. */
const adam = dcganAdam(2e-4)
const fastAdam = dcganAdam(1e-3)

/** "Real" images any D tells from G's start: a bright square on black, per class a corner. */
function realBatch(spec: DcganSpec, batch: number): { x: tf.Tensor4D; y: tf.Tensor1D } {
  return tf.tidy(() => {
    const s = spec.resolution
    const labels = Array.from({ length: batch }, (_, i) => i % Math.max(spec.numClasses, 1))
    const pixels = new Float32Array(batch * s * s * spec.channels).fill(-1)
    labels.forEach((label, i) => {
      const top = label & 1 ? s / 2 : 0
      const left = label & 2 ? s / 2 : 0
      for (let yy = top; yy < top + s / 2; yy++)
        for (let xx = left; xx < left + s / 2; xx++)
          for (let c = 0; c < spec.channels; c++)
            pixels[((i * s + yy) * s + xx) * spec.channels + c] = 1
    })
    return { x: tf.tensor4d(pixels, [batch, s, s, spec.channels]), y: tf.tensor1d(labels, 'int32') }
  })
}

function settingsFor(
  spec: DcganSpec,
  loss: LossName,
  extra: Partial<StepSettings> = {}
): StepSettings {
  return stepSettings(spec, { loss, gpWeight: 10, ...extra })
}

function weightsOf(model: tf.LayersModel): Float32Array[] {
  return model.getWeights().map((w) => w.dataSync() as Float32Array)
}

function trainableOf(model: tf.LayersModel): Float32Array[] {
  return model.trainableWeights.map((w) => w.read().dataSync() as Float32Array)
}

describe('one training step for every model config', () => {
  for (const resolution of [28, 32, 64] as const) {
    for (const channels of [1, 3] as const) {
      for (const numClasses of [0, 4]) {
        it(`${resolution}px ${channels}ch ${numClasses ? 'conditional' : 'unconditional'}: D and G steps update their own weights`, () => {
          const spec: DcganSpec = {
            resolution,
            channels,
            noiseDim: 8,
            numClasses,
            width: 4,
            seed: 3
          }
          const gan = makeGan(spec, adam)
          const settings = settingsFor(spec, 'non-saturating')
          const { x, y } = realBatch(spec, 4)
          const g0 = weightsOf(gan.generator)
          const g0Trainable = trainableOf(gan.generator)
          const d0 = weightsOf(gan.discriminator)

          const d = discriminatorStep(gan, settings, { x, y, seed: 1, noiseStd: 0 })
          expect(d.applied).toBe(true)
          expect(Number.isFinite(d.loss)).toBe(true)
          expect(d.dReal).toBeGreaterThan(0)
          expect(d.dReal).toBeLessThan(1)
          // D moved, G did not (the moving BN statistics aside, which are not trained).
          expect(weightsOf(gan.discriminator)).not.toEqual(d0)
          expect(trainableOf(gan.generator)).toEqual(g0Trainable)

          const d1 = weightsOf(gan.discriminator)
          const g = generatorStep(gan, settings, { y, seed: 1, noiseStd: 0 })
          expect(g.applied).toBe(true)
          expect(Number.isFinite(g.loss)).toBe(true)
          expect(weightsOf(gan.discriminator)).toEqual(d1)
          expect(weightsOf(gan.generator)).not.toEqual(g0)
          tf.dispose([x, y])
          disposeGan(gan)
        })
      }
    }
  }
})

describe('every loss trains', () => {
  const spec = tinySpec({ noiseDim: 16, width: 8, seed: 5 })

  it.each(LOSSES)('%s: a few steps, finite, losses moving, D telling real from fake', (loss) => {
    const gan = makeGan(spec, fastAdam)
    const settings = settingsFor(spec, loss)
    const { x, y } = realBatch(spec, 16)
    const dLosses: number[] = []
    const gLosses: number[] = []
    let last = { dReal: 0, dFake: 0 }
    for (let i = 0; i < 8; i++) {
      const d = discriminatorStep(gan, settings, { x, y, seed: 100 + i, noiseStd: 0 })
      const g = generatorStep(gan, settings, { y, seed: 100 + i, noiseStd: 0 })
      expect(d.applied && g.applied).toBe(true)
      dLosses.push(d.loss)
      gLosses.push(g.loss)
      last = d
    }
    for (const l of [...dLosses, ...gLosses]) expect(Number.isFinite(l)).toBe(true)
    expect(Math.abs(dLosses.at(-1)! - dLosses[0]!)).toBeGreaterThan(1e-3)
    expect(Math.abs(gLosses.at(-1)! - gLosses[0]!)).toBeGreaterThan(1e-3)
    // Eight steps are enough for D (probability or score) to rank reals above fakes.
    expect(last.dReal).toBeGreaterThan(last.dFake)
    tf.dispose([x, y])
    disposeGan(gan)
  })

  it('trains with label smoothing, instance noise and mismatched labels together', () => {
    const gan = makeGan(spec, fastAdam)
    const settings = settingsFor(spec, 'non-saturating', {
      labelSmoothing: 0.1,
      mismatchedLabels: true
    })
    const { x, y } = realBatch(spec, 16)
    const losses: number[] = []
    for (let i = 0; i < 4; i++) {
      const d = discriminatorStep(gan, settings, { x, y, seed: i, noiseStd: 0.2 })
      const g = generatorStep(gan, settings, { y, seed: i, noiseStd: 0.2 })
      losses.push(d.loss, g.loss)
    }
    for (const l of losses) expect(Number.isFinite(l)).toBe(true)
    tf.dispose([x, y])
    disposeGan(gan)
  })

  it('is repeatable: the same seeds give the same losses', () => {
    const run = () => {
      const gan = makeGan(spec, adam)
      const settings = settingsFor(spec, 'wgan-gp', { mismatchedLabels: true })
      const { x, y } = realBatch(spec, 8)
      const out: number[] = []
      for (let i = 0; i < 3; i++) {
        out.push(discriminatorStep(gan, settings, { x, y, seed: i, noiseStd: 0.1 }).loss)
        out.push(generatorStep(gan, settings, { y, seed: i, noiseStd: 0.1 }).loss)
      }
      tf.dispose([x, y])
      disposeGan(gan)
      return out
    }
    expect(run()).toEqual(run())
  })

  it('refuses a non-finite loss and leaves the weights alone', () => {
    const gan = makeGan(spec, adam)
    const settings = settingsFor(spec, 'non-saturating')
    const { x, y } = realBatch(spec, 4)
    const poisoned = tf.tidy(() => x.mul(tf.scalar(NaN))) as tf.Tensor4D
    const before = weightsOf(gan.discriminator)
    const d = discriminatorStep(gan, settings, { x: poisoned, y, seed: 0, noiseStd: 0 })
    expect(d.applied).toBe(false)
    expect(Number.isNaN(d.loss)).toBe(true)
    expect(weightsOf(gan.discriminator)).toEqual(before)
    tf.dispose([x, y, poisoned])
    disposeGan(gan)
  })

  it('leaks no tensors', () => {
    const gan = makeGan(spec, adam)
    const settings = settingsFor(spec, 'wgan-gp', { mismatchedLabels: true })
    const { x, y } = realBatch(spec, 4)
    const step = (i: number) => {
      discriminatorStep(gan, settings, { x, y, seed: i, noiseStd: 0.1 })
      generatorStep(gan, settings, { y, seed: i, noiseStd: 0.1 })
    }
    step(0) // Adam creates its moment variables on the first update
    const count = tf.memory().numTensors
    for (let i = 1; i < 4; i++) step(i)
    expect(tf.memory().numTensors).toBe(count)
    tf.dispose([x, y])
    disposeGan(gan)
  })
})
