import * as tf from '@tensorflow/tfjs'
import type { DcganSpec } from '../../src/main/engine/models/dcgan'
import { buildDiscriminatorFor, buildGeneratorFor } from '../../src/main/engine/models/build'
import type { Gan, StepSettings } from '../../src/main/engine/train/step'

/**
 * A tiny 28×28 one-channel DCGAN (width 4, 8 noise dims, 4 classes): fast enough for a
 * unit test on any backend. `overrides` set what a test is about.
 */
export function tinySpec(overrides: Partial<DcganSpec> = {}): DcganSpec {
  return { resolution: 28, channels: 1, noiseDim: 8, numClasses: 4, width: 4, ...overrides }
}

/** Plain SGD: an update is the gradient times `lr`, so comparisons see gradients undamped. */
export const sgd = (lr: number) => (): tf.Optimizer => tf.train.sgd(lr)

/** Adam as DCGAN trains it (β₁ = 0.5). */
export const dcganAdam = (lr: number) => (): tf.Optimizer => tf.train.adam(lr, 0.5, 0.999)

/** Adam as spectral-norm GANs with the hinge loss train it (β₁ = 0, β₂ = 0.9). */
export const hingeAdam = (lr: number) => (): tf.Optimizer => tf.train.adam(lr, 0, 0.9)

/** A fresh G and D for `spec` (its architecture), each with its own optimizer from `optimizer`. */
export function makeGan(spec: DcganSpec, optimizer: () => tf.Optimizer): Gan {
  return {
    generator: buildGeneratorFor(spec),
    discriminator: buildDiscriminatorFor(spec),
    gOptimizer: optimizer(),
    dOptimizer: optimizer()
  }
}

export function disposeGan(gan: Gan): void {
  for (const d of [gan.generator, gan.discriminator, gan.gOptimizer, gan.dOptimizer]) d.dispose()
}

/** Step settings for `spec`: the non-saturating loss and no extras unless `overrides` say. */
export function stepSettings(spec: DcganSpec, overrides: Partial<StepSettings> = {}): StepSettings {
  return {
    loss: 'non-saturating',
    noiseDim: spec.noiseDim,
    numClasses: spec.numClasses,
    labelSmoothing: 0,
    mismatchedLabels: false,
    gpWeight: 0,
    ...overrides
  }
}
