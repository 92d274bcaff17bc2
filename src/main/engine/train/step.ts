import * as tf from '@tensorflow/tfjs'
import type { LossName } from '../../../shared/train'
import {
  discriminatorForward,
  discriminatorVars,
  generatorBackward,
  generatorForward,
  generatorVars,
  type DiscriminatorVars,
  type GeneratorTrace,
  type GeneratorVars
} from '../models/dcganOps'
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

/**
 * G's forward pass from a D update, kept for the G update that follows with the same seed
 * and labels (the trainer's k-th D step and its G step), so G runs forward once per step
 * as in the peer. The G update consumes it; the next D update replaces it.
 */
interface PendingFakes {
  trace: GeneratorTrace
  seed: number
  y: tf.Tensor1D
}
const pending = new WeakMap<Gan, PendingFakes>()

const generatorVarsCache = new WeakMap<tf.LayersModel, GeneratorVars>()
const discriminatorVarsCache = new WeakMap<tf.LayersModel, DiscriminatorVars>()

function varsOf(gan: Gan): { g: GeneratorVars; d: DiscriminatorVars } {
  let g = generatorVarsCache.get(gan.generator)
  if (!g) generatorVarsCache.set(gan.generator, (g = generatorVars(gan.generator)))
  let d = discriminatorVarsCache.get(gan.discriminator)
  if (!d) discriminatorVarsCache.set(gan.discriminator, (d = discriminatorVars(gan.discriminator)))
  return { g, d }
}

/** G's fakes for this seed and labels, in training mode (BN's moving averages move once). */
function runGenerator(
  g: GeneratorVars,
  s: StepSettings,
  y: tf.Tensor1D,
  seed: number
): GeneratorTrace {
  const z = tf.randomNormal(
    [y.shape[0], s.noiseDim],
    0,
    1,
    'float32',
    mix32(seed, Z)
  ) as tf.Tensor2D
  const labels = oneHot(y, s.numClasses)
  try {
    return generatorForward(g, z, labels)
  } finally {
    tf.dispose([z, labels ?? []])
  }
}

/** One discriminator (critic) update: max over D of V(G, D), at fixed G. */
export function discriminatorStep(
  gan: Gan,
  s: StepSettings,
  input: DiscriminatorStepInput
): DiscriminatorStepResult {
  if (s.loss === 'wgan-gp') ensureSecondOrderGradients()
  const { x, y, seed, noiseStd } = input
  const batch = x.shape[0]
  const vars = trainableVariables(gan.discriminator)
  const { g, d } = varsOf(gan)
  pending.get(gan)?.trace.dispose()
  pending.delete(gan)

  // Training mode: batch statistics in G's BN, as the peer's g.train(). No tape here, so no
  // gradient reaches G; the trace is kept for the G update.
  const trace = runGenerator(g, s, y, seed)
  let result: DiscriminatorStepResult
  try {
    const { grads, stats } = tf.tidy(() => {
      const labels = oneHot(y, s.numClasses)
      const realIn = withInstanceNoise(x, noiseStd, mix32(seed, NOISE_REAL))
      const fakeIn = withInstanceNoise(trace.fake, noiseStd, mix32(seed, NOISE_FAKE))
      const wrong =
        s.mismatchedLabels && labels
          ? oneHot(wrongLabels(y, s.numClasses, mix32(seed, WRONG_LABELS)), s.numClasses)
          : null
      // D has no batch norm, so one forward over reals, fakes (and mismatched pairs) is
      // exactly the separate ones, with fewer and larger convolutions.
      const parts = wrong ? 3 : 2
      const images = tf.concat(wrong ? [realIn, fakeIn, realIn] : [realIn, fakeIn])
      const allLabels = labels
        ? tf.concat(wrong ? [labels, labels, wrong] : [labels, labels])
        : null

      let means: tf.Tensor | undefined
      const { value, grads } = tf.variableGrads(() => {
        const logits = discriminatorForward(
          d,
          images as tf.Tensor4D,
          allLabels as tf.Tensor2D | null
        )
        const [real, fakeLogits, mismatched] = tf.split(logits, parts) as tf.Tensor[]
        let loss = discriminatorLoss(
          s.loss,
          { real: real!, fake: fakeLogits!, mismatched },
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
          const penalty = gradientPenalty(
            (image) => discriminatorForward(d, image, labels),
            realIn,
            fakeIn,
            eps
          )
          loss = tf.add(loss, tf.mul(penalty, s.gpWeight))
        }
        // Kept past the gradient scope, which frees everything but the loss.
        means = tf.keep(
          tf.stack([
            meanDiscriminatorOutput(s.loss, real!),
            meanDiscriminatorOutput(s.loss, fakeLogits!)
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
    result = { loss, dReal, dFake, applied }
  } catch (err) {
    trace.dispose()
    throw err
  }
  if (result.applied) pending.set(gan, { trace, seed, y })
  else trace.dispose()
  return result
}

/**
 * One generator update: min over G of its loss against the current (just updated) D. With
 * the seed and labels of the D update just before it, it reuses that update's fakes (the
 * peer's step); otherwise G runs forward here.
 */
export function generatorStep(
  gan: Gan,
  s: StepSettings,
  input: GeneratorStepInput
): GeneratorStepResult {
  const { y, seed, noiseStd } = input
  const vars = trainableVariables(gan.generator)
  const { g, d } = varsOf(gan)
  const kept = pending.get(gan)
  pending.delete(gan)
  let trace: GeneratorTrace
  if (kept && kept.seed === seed && kept.y === y && !y.isDisposed) {
    trace = kept.trace
  } else {
    kept?.trace.dispose()
    trace = runGenerator(g, s, y, seed)
  }

  try {
    const { grads, stats } = tf.tidy(() => {
      const labels = oneHot(y, s.numClasses)
      const fakeIn = withInstanceNoise(trace.fake, noiseStd, mix32(seed, NOISE_FAKE))
      let meanFake: tf.Tensor | undefined
      // The loss's gradient at G's output through D (no D weight gradients), then G's own
      // backward by hand from the trace.
      const { value, grad } = tf.valueAndGrad((image: tf.Tensor4D) => {
        const logits = discriminatorForward(d, image, labels)
        meanFake = tf.keep(meanDiscriminatorOutput(s.loss, logits))
        return generatorLoss(s.loss, logits)
      })(fakeIn)
      const grads = generatorBackward(g, trace, grad, vars)
      const stats = tf.stack([value, meanFake!])
      meanFake!.dispose()
      return { grads, stats }
    })

    const [loss = NaN, dFake = NaN] = stats.dataSync()
    const applied = Number.isFinite(loss)
    if (applied) gan.gOptimizer.applyGradients(grads)
    tf.dispose([stats, grads])
    return { loss, dFake, applied }
  } finally {
    trace.dispose()
  }
}

/** The variables `optimizer.applyGradients` updates, by name: only this model's. */
export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable)
}

function oneHot(y: tf.Tensor1D, numClasses: number): tf.Tensor2D | null {
  return numClasses > 0 ? tf.tidy(() => tf.oneHot(y, numClasses).toFloat() as tf.Tensor2D) : null
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
