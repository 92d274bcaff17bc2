import * as tf from '@tensorflow/tfjs'
import type { LossName } from '../../../shared/train'
import { applyModel } from '../models/dcgan'
import { mix32 } from '../models/initializers'
import {
  discriminatorLoss,
  generatorLoss,
  gradientPenalty,
  meanDiscriminatorOutput
} from './losses'
import { ensureSecondOrderGradients } from './secondOrder'

/** The two networks and their optimisers: what one training step updates. */
export interface Gan {
  generator: tf.LayersModel
  discriminator: tf.LayersModel
  gOptimizer: tf.Optimizer
  dOptimizer: tf.Optimizer
}

export interface StepSettings {
  loss: LossName
  noiseDim: number
  /** 0 for an unconditional GAN: labels are then ignored. */
  numClasses: number
  labelSmoothing: number
  mismatchedLabels: boolean
  gpWeight: number
}

export interface DiscriminatorStepInput {
  /** Real images, float32 in [−1, 1]. */
  x: tf.Tensor4D
  /** Their int32 labels (ignored when unconditional). */
  y: tf.Tensor1D
  /** Seeds this step's noise: z, instance noise, wrong labels, interpolation points. */
  seed: number
  /** Instance-noise std for this step (0: none). */
  noiseStd: number
}

export interface GeneratorStepInput {
  /** Labels to generate (the peer reuses the real batch's). */
  y: tf.Tensor1D
  /** Pass the last D step's seed to reuse its z (and so its fakes), as the peer does. */
  seed: number
  noiseStd: number
}

export interface DiscriminatorStepResult {
  loss: number
  /** Mean D(x) and mean D(G(z)) before the update: probabilities, or raw scores (hinge, WGAN). */
  dReal: number
  dFake: number
  /** False when the loss was NaN or infinite: the weights were then left untouched. */
  applied: boolean
}

export interface GeneratorStepResult {
  loss: number
  dFake: number
  applied: boolean
}

// Which draw of a step a sub-seed is for: the same z from the same step seed in D and G.
const Z = 1
const NOISE_REAL = 2
const NOISE_FAKE = 3
const WRONG_LABELS = 4
const INTERPOLATION = 5

/** One discriminator (critic) update: max over D of V(G, D), at fixed G. */
export function discriminatorStep(
  gan: Gan,
  s: StepSettings,
  input: DiscriminatorStepInput
): DiscriminatorStepResult {
  if (s.loss === 'wgan-gp') ensureSecondOrderGradients()
  const { generator, discriminator } = gan
  const { x, y, seed, noiseStd } = input
  const batch = x.shape[0]
  const vars = trainableVariables(discriminator)

  const { grads, stats } = tf.tidy(() => {
    const labels = oneHot(y, s.numClasses)
    const z = tf.randomNormal([batch, s.noiseDim], 0, 1, 'float32', mix32(seed, Z))
    // Training mode: batch statistics in G's BN, as the peer's g.train(). No tape here,
    // so no gradient reaches G. The peer keeps this forward pass for its G update; tfjs
    // cannot keep a tape across two updates, so generatorStep runs G again on the same z
    // (same fakes, one extra forward pass, and BN's moving averages move twice a step).
    const fake = applyModel(generator, z, labels, true) as tf.Tensor4D
    const realIn = withInstanceNoise(x, noiseStd, mix32(seed, NOISE_REAL))
    const fakeIn = withInstanceNoise(fake, noiseStd, mix32(seed, NOISE_FAKE))
    const wrong =
      s.mismatchedLabels && labels
        ? oneHot(wrongLabels(y, s.numClasses, mix32(seed, WRONG_LABELS)), s.numClasses)
        : null
    const D = (image: tf.Tensor, l: tf.Tensor2D | null) => applyModel(discriminator, image, l, true)

    let means: tf.Tensor | undefined
    const { value, grads } = tf.variableGrads(() => {
      const real = D(realIn, labels)
      const fakeLogits = D(fakeIn, labels)
      const mismatched = wrong ? D(realIn, wrong) : undefined
      let loss = discriminatorLoss(
        s.loss,
        { real, fake: fakeLogits, mismatched },
        { labelSmoothing: s.labelSmoothing }
      )
      if (s.loss === 'wgan-gp' && s.gpWeight > 0) {
        const eps = tf.randomUniform(
          [batch, 1, 1, 1],
          0,
          1,
          'float32',
          mix32(seed, INTERPOLATION)
        ) as tf.Tensor4D
        const penalty = gradientPenalty((image) => D(image, labels), realIn, fakeIn, eps)
        loss = tf.add(loss, tf.mul(penalty, s.gpWeight))
      }
      // Kept past the gradient scope, which frees everything but the loss.
      means = tf.keep(
        tf.stack([
          meanDiscriminatorOutput(s.loss, real),
          meanDiscriminatorOutput(s.loss, fakeLogits)
        ])
      )
      return loss
    }, vars)
    const stats = tf.concat([tf.reshape(value, [1]), means!])
    means!.dispose()
    return { grads, stats }
  })

  const [loss = NaN, dReal = NaN, dFake = NaN] = stats.dataSync()
  const applied = Number.isFinite(loss)
  if (applied) gan.dOptimizer.applyGradients(grads)
  tf.dispose([stats, grads])
  return { loss, dReal, dFake, applied }
}

/** One generator update: min over G of its loss against the current D. */
export function generatorStep(
  gan: Gan,
  s: StepSettings,
  input: GeneratorStepInput
): GeneratorStepResult {
  const { generator, discriminator } = gan
  const { y, seed, noiseStd } = input
  const batch = y.shape[0]
  const vars = trainableVariables(generator)

  const { grads, stats } = tf.tidy(() => {
    const labels = oneHot(y, s.numClasses)
    const z = tf.randomNormal([batch, s.noiseDim], 0, 1, 'float32', mix32(seed, Z))
    let meanFake: tf.Tensor | undefined
    const { value, grads } = tf.variableGrads(() => {
      const fake = applyModel(generator, z, labels, true)
      const fakeIn = withInstanceNoise(fake, noiseStd, mix32(seed, NOISE_FAKE))
      const logits = applyModel(discriminator, fakeIn, labels, true)
      meanFake = tf.keep(meanDiscriminatorOutput(s.loss, logits))
      return generatorLoss(s.loss, logits)
    }, vars)
    const stats = tf.stack([value, meanFake!])
    meanFake!.dispose()
    return { grads, stats }
  })

  const [loss = NaN, dFake = NaN] = stats.dataSync()
  const applied = Number.isFinite(loss)
  if (applied) gan.gOptimizer.applyGradients(grads)
  tf.dispose([stats, grads])
  return { loss, dFake, applied }
}

/** The variables `optimizer.applyGradients` updates, by name: only this model's. */
export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable)
}

function oneHot(y: tf.Tensor1D, numClasses: number): tf.Tensor2D | null {
  return numClasses > 0 ? (tf.oneHot(y, numClasses).toFloat() as tf.Tensor2D) : null
}

/** Each label moved by 1…C−1 classes, uniformly: always wrong, every wrong class equally likely. */
function wrongLabels(y: tf.Tensor1D, numClasses: number, seed: number): tf.Tensor1D {
  const shift = tf.floor(tf.randomUniform(y.shape, 1, numClasses, 'float32', seed)).toInt()
  return tf.mod(tf.add(y.toInt(), shift), tf.scalar(numClasses, 'int32')) as tf.Tensor1D
}

/** Instance noise (Sønderby et al. 2016): blurs both distributions so their supports overlap. */
function withInstanceNoise<T extends tf.Tensor>(images: T, std: number, seed: number): T {
  if (std <= 0) return images
  return tf.add(images, tf.randomNormal(images.shape, 0, std, 'float32', seed)) as T
}
