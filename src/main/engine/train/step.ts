import * as tf from '@tensorflow/tfjs'
import type { LossName } from '../../../shared/train'
import { diffAugment, type AugmentPolicy } from '../augment/diffAugment'
import {
  discriminatorForward,
  discriminatorVars,
  generatorBackward,
  generatorForward,
  generatorVars,
  spectralWeights,
  type DiscriminatorVars,
  type GeneratorTrace,
  type GeneratorVars,
  type SpectralPairs
} from '../models/dcganOps'
import { mix32 } from '../models/initializers'
import { applyModel } from '../models/dcgan'
import {
  isResnetDiscriminator,
  isResnetGenerator,
  resnetDiscriminatorForward,
  resnetDiscriminatorVars,
  resnetSpectralWeights
} from '../models/resnet'
import { powerIteration, spectralVectors } from '../models/spectralNorm'
import {
  discriminatorLoss,
  generatorLoss,
  gradientPenalty,
  meanDiscriminatorOutput,
  r1Penalty
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
  /** DiffAugment before D, on reals and fakes alike (absent or p = 0: none). p may change between steps (ADA). */
  augment?: AugmentPolicy | null
  /** R1 penalty weight γ on reals (absent or 0: none). */
  r1Gamma?: number
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
  /** Mean sign of D's output on the reals D saw (ADA's overfitting signal r). */
  realSign?: number
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
const AUGMENT_REAL = 6
const AUGMENT_FAKE = 7

/** DiffAugment with this step's draws, or the images as they are. */
function augmented(s: StepSettings, images: tf.Tensor4D, seed: number): tf.Tensor4D {
  return s.augment && s.augment.p > 0 ? diffAugment(images, s.augment, seed) : images
}

/** Spectral normalisation's (u, v) for this forward: `update` runs the one power iteration. */
function spectralPairs(d: Critic, update: boolean): SpectralPairs | undefined {
  return d.spectral ? powerIteration(d.weights, d.spectral, update) : undefined
}

function disposePairs(pairs: SpectralPairs | undefined): void {
  if (pairs) tf.dispose(pairs.flatMap((p) => [p.u, p.v]))
}

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

/** D as the step runs it: a forward over its variables, and what spectral norm divides. */
interface Critic {
  forward(x: tf.Tensor4D, labels: tf.Tensor2D | null, sn?: SpectralPairs): tf.Tensor2D
  weights: tf.Variable[]
  spectral?: tf.Variable[]
}

/** The DCGAN's G runs by hand (dcganOps); any other G (resnet) through the layers API. */
const generatorVarsCache = new WeakMap<tf.LayersModel, GeneratorVars | null>()
const criticCache = new WeakMap<tf.LayersModel, Critic>()

function criticOf(model: tf.LayersModel): Critic {
  if (isResnetDiscriminator(model)) {
    const d = resnetDiscriminatorVars(model, spectralVectors(model) ?? undefined)
    return {
      forward: (x, labels, sn) => resnetDiscriminatorForward(d, x, labels, sn),
      weights: resnetSpectralWeights(d),
      spectral: d.spectral
    }
  }
  const d: DiscriminatorVars = discriminatorVars(model)
  return {
    forward: (x, labels, sn) => discriminatorForward(d, x, labels, sn),
    weights: spectralWeights(d),
    spectral: d.spectral
  }
}

function varsOf(gan: Gan): { g: GeneratorVars | null; d: Critic } {
  let g = generatorVarsCache.get(gan.generator)
  if (g === undefined) {
    g = isResnetGenerator(gan.generator) ? null : generatorVars(gan.generator)
    generatorVarsCache.set(gan.generator, g)
  }
  let d = criticCache.get(gan.discriminator)
  if (!d) criticCache.set(gan.discriminator, (d = criticOf(gan.discriminator)))
  return { g, d }
}

function noise(s: StepSettings, batch: number, seed: number): tf.Tensor2D {
  return tf.randomNormal([batch, s.noiseDim], 0, 1, 'float32', mix32(seed, Z)) as tf.Tensor2D
}

/**
 * Fakes from a G that runs through the layers API (resnet), in training mode. Its BN moving
 * averages move here and again in the G update's own forward (it has no kept trace).
 */
function layersFakes(gan: Gan, s: StepSettings, y: tf.Tensor1D, seed: number): GeneratorTrace {
  const fake = tf.tidy(() => {
    const labels = oneHot(y, s.numClasses)
    return applyModel(gan.generator, noise(s, y.shape[0], seed), labels, true) as tf.Tensor4D
  })
  const input = tf.zeros([0, 0]) as tf.Tensor2D
  return { input, bn: [], fake, dispose: () => tf.dispose([fake, input]) }
}

/** G's fakes for this seed and labels, in training mode (BN's moving averages move once). */
function runGenerator(
  g: GeneratorVars,
  s: StepSettings,
  y: tf.Tensor1D,
  seed: number
): GeneratorTrace {
  const z = noise(s, y.shape[0], seed)
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
  const r1 = s.r1Gamma ?? 0
  if (s.loss === 'wgan-gp' || r1 > 0) ensureSecondOrderGradients()
  const { x, y, seed, noiseStd } = input
  const batch = x.shape[0]
  const vars = trainableVariables(gan.discriminator)
  const { g, d } = varsOf(gan)
  pending.get(gan)?.trace.dispose()
  pending.delete(gan)

  // Training mode: batch statistics in G's BN, as the peer's g.train(). No tape here, so no
  // gradient reaches G; the trace is kept for the G update.
  const trace = g ? runGenerator(g, s, y, seed) : layersFakes(gan, s, y, seed)
  let result: DiscriminatorStepResult
  // One power iteration per D update; u and v are constants to the gradient.
  const sn = spectralPairs(d, true)
  try {
    const { grads, stats } = tf.tidy(() => {
      const labels = oneHot(y, s.numClasses)
      // Reals and fakes through the same transforms, each image its own draws (DiffAugment).
      const realIn = augmented(
        s,
        withInstanceNoise(x, noiseStd, mix32(seed, NOISE_REAL)),
        mix32(seed, AUGMENT_REAL)
      )
      const fakeIn = augmented(
        s,
        withInstanceNoise(trace.fake, noiseStd, mix32(seed, NOISE_FAKE)),
        mix32(seed, AUGMENT_FAKE)
      )
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
        const logits = d.forward(images as tf.Tensor4D, allLabels as tf.Tensor2D | null, sn)
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
            (image) => d.forward(image, labels, sn),
            realIn,
            fakeIn,
            eps
          )
          loss = tf.add(loss, tf.mul(penalty, s.gpWeight))
        }
        if (r1 > 0) {
          const penalty = r1Penalty((image) => d.forward(image, labels, sn), realIn)
          loss = tf.add(loss, tf.mul(penalty, r1 / 2))
        }
        // Kept past the gradient scope, which frees everything but the loss.
        means = tf.keep(
          tf.stack([
            meanDiscriminatorOutput(s.loss, real!),
            meanDiscriminatorOutput(s.loss, fakeLogits!),
            tf.mean(tf.sign(real!))
          ])
        )
        return loss
      }, vars)
      const stats = tf.concat([tf.reshape(value, [1]), means!])
      means!.dispose()
      return { grads, stats }
    })

    const [loss = NaN, dReal = NaN, dFake = NaN, realSign = NaN] = stats.dataSync()
    const applied = Number.isFinite(loss)
    if (applied) gan.dOptimizer.applyGradients(grads)
    tf.dispose([stats, grads])
    result = { loss, dReal, dFake, applied, realSign }
  } catch (err) {
    trace.dispose()
    throw err
  } finally {
    disposePairs(sn)
  }
  if (result.applied && g) pending.set(gan, { trace, seed, y })
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
  if (!g) {
    kept?.trace.dispose()
    return layersGeneratorStep(gan, s, input, d, vars)
  }
  let trace: GeneratorTrace
  if (kept && kept.seed === seed && kept.y === y && !y.isDisposed) {
    trace = kept.trace
  } else {
    kept?.trace.dispose()
    trace = runGenerator(g, s, y, seed)
  }

  // D as the D update left it: its stored u, no further power iteration.
  const sn = spectralPairs(d, false)
  try {
    const { grads, stats } = tf.tidy(() => {
      const labels = oneHot(y, s.numClasses)
      const fakeIn = withInstanceNoise(trace.fake, noiseStd, mix32(seed, NOISE_FAKE))
      let meanFake: tf.Tensor | undefined
      // The loss's gradient at G's output through the augmentation and D (no D weight
      // gradients), then G's own backward by hand from the trace.
      const { value, grad } = tf.valueAndGrad((image: tf.Tensor4D) => {
        const logits = d.forward(augmented(s, image, mix32(seed, AUGMENT_FAKE)), labels, sn)
        meanFake = tf.keep(meanDiscriminatorOutput(s.loss, logits))
        return generatorLoss(s.loss, logits)
      })(fakeIn)
      const grads = generatorBackward(g, trace, grad, vars)
      const stats = tf.stack([value, meanFake!])
      meanFake!.dispose()
      return { grads, stats }
    })
    return applyGeneratorUpdate(gan, grads, stats)
  } finally {
    trace.dispose()
    disposePairs(sn)
  }
}

/** The G update of a G that runs through the layers API (resnet): one taped forward of G and D. */
function layersGeneratorStep(
  gan: Gan,
  s: StepSettings,
  input: GeneratorStepInput,
  d: Critic,
  vars: tf.Variable[]
): GeneratorStepResult {
  const { y, seed, noiseStd } = input
  const sn = spectralPairs(d, false)
  try {
    const { grads, stats } = tf.tidy(() => {
      const labels = oneHot(y, s.numClasses)
      const z = noise(s, y.shape[0], seed)
      let meanFake: tf.Tensor | undefined
      const { value, grads } = tf.variableGrads(() => {
        const fake = applyModel(gan.generator, z, labels, true) as tf.Tensor4D
        const fakeIn = withInstanceNoise(fake, noiseStd, mix32(seed, NOISE_FAKE))
        const logits = d.forward(augmented(s, fakeIn, mix32(seed, AUGMENT_FAKE)), labels, sn)
        meanFake = tf.keep(meanDiscriminatorOutput(s.loss, logits))
        return generatorLoss(s.loss, logits)
      }, vars)
      const stats = tf.stack([value, meanFake!])
      meanFake!.dispose()
      return { grads, stats }
    })
    return applyGeneratorUpdate(gan, grads, stats)
  } finally {
    disposePairs(sn)
  }
}

/** Applies G's gradients unless the loss is NaN or infinite; frees them and the stats. */
function applyGeneratorUpdate(
  gan: Gan,
  grads: tf.NamedTensorMap,
  stats: tf.Tensor
): GeneratorStepResult {
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
