import * as tf from '@tensorflow/tfjs'
import { applyModel } from '../../../../src/main/engine/models/dcgan'
import { mix32 } from '../../../../src/main/engine/models/initializers'
import {
  discriminatorLoss,
  generatorLoss,
  gradientPenalty,
  meanDiscriminatorOutput
} from '../../../../src/main/engine/train/losses'
import { ensureSecondOrderGradients } from '../../../../src/main/engine/train/secondOrder'
import type {
  DiscriminatorStepInput,
  DiscriminatorStepResult,
  Gan,
  GeneratorStepInput,
  GeneratorStepResult,
  StepSettings
} from '../../../../src/main/engine/train/step'

/*
 * The training step as it was before the lean step (git df171df's train/step.ts): both
 * models run through the layers API, G runs forward in the D update and again in the G
 * update. Kept as the straightforward reference the lean step is tested against.
 */

// Which draw of a step a sub-seed is for: the same z from the same step seed in D and G.
const Z = 1
const NOISE_REAL = 2
const NOISE_FAKE = 3
const WRONG_LABELS = 4
const INTERPOLATION = 5

/** One discriminator (critic) update: max over D of V(G, D), at fixed G. */
export function referenceDiscriminatorStep(
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
export function referenceGeneratorStep(
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

function trainableVariables(model: tf.LayersModel): tf.Variable[] {
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
