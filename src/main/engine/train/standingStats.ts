import * as tf from '@tensorflow/tfjs'
import { mix32 } from '../data/prng'
import { layerVariable } from '../models/dcganOps'

/**
 * "Standing statistics" (Brock et al. 2019, BigGAN §3): the BN layers of an averaged
 * generator get moving statistics measured on its own output, not G's copied ones.
 *
 * An EMA of G has averaged weights but G's BN statistics, which were measured on G's
 * activations, not the average's; the mismatch shows as washed-out or blotchy samples, worst
 * early and on small data. So before the average is sampled or saved, it runs `batches`
 * batches of its own noise in training mode, and each BN layer's moving mean and variance
 * become the mean of the batch means and batch variances it saw: what BN normalised with
 * during those passes, at the batch size training uses.
 */
export interface StandingOptions {
  /** Noise seed: the same seed gives the same statistics. */
  seed: number
  /** Batches of own output to measure on (default 16). */
  batches?: number
  /** Images per batch (training's batch size; default 64). */
  batchSize?: number
}

export const STANDING_BATCHES = 16
export const STANDING_BATCH_SIZE = 64

/**
 * The noise seed of batch `b`: derived, since TF.js draws a fresh random seed for a seed
 * of 0 (and run seeds start at 0), which would make the statistics differ at every call.
 */
export function standingNoiseSeed(seed: number, b: number): number {
  return mix32(seed, 0x57a4d + b) || 1
}

interface BatchNormLayer {
  input: tf.SymbolicTensor
  movingMean: tf.Variable
  movingVariance: tf.Variable
}

function batchNormLayers(model: tf.LayersModel): BatchNormLayer[] {
  return model.layers
    .filter((l) => l.getClassName() === 'BatchNormalization')
    .map((l) => ({
      input: l.input as tf.SymbolicTensor,
      movingMean: layerVariable(model, l.name, 'moving_mean'),
      movingVariance: layerVariable(model, l.name, 'moving_variance')
    }))
}

/**
 * Sets every BN layer's moving statistics of generator `model` (inputs: noise, and one-hot
 * labels when conditional) to the standing statistics of its own output. Classes are drawn
 * in turn, so each gets the same share. A model without BN is left as it is.
 */
export function standBatchStatistics(model: tf.LayersModel, opts: StandingOptions): void {
  const layers = batchNormLayers(model)
  if (layers.length === 0) return
  const batches = opts.batches ?? STANDING_BATCHES
  const batchSize = opts.batchSize ?? STANDING_BATCH_SIZE
  const noiseDim = model.inputs[0]!.shape[1] as number
  const numClasses = (model.inputs[1]?.shape[1] as number | undefined) ?? 0
  // A model that shares the generator's layers and stops at each BN's input. It owns no
  // weights, so it is not disposed (that would dispose the generator's).
  const probe = tf.model({ inputs: model.inputs, outputs: layers.map((l) => l.input) })
  const sums = layers.map((l) => ({
    mean: tf.zerosLike(l.movingMean) as tf.Tensor1D,
    variance: tf.zerosLike(l.movingVariance) as tf.Tensor1D
  }))
  try {
    for (let b = 0; b < batches; b++) {
      tf.tidy(() => {
        const z = tf.randomNormal(
          [batchSize, noiseDim],
          0,
          1,
          'float32',
          standingNoiseSeed(opts.seed, b)
        )
        const inputs: tf.Tensor[] = [z]
        if (numClasses > 0) {
          const labels = Array.from(
            { length: batchSize },
            (_, i) => (b * batchSize + i) % numClasses
          )
          inputs.push(tf.oneHot(tf.tensor1d(labels, 'int32'), numClasses).toFloat())
        }
        // Training mode: every BN normalises with its batch's statistics, as in a G step.
        const outs = probe.apply(numClasses > 0 ? inputs : inputs[0]!, { training: true })
        const list = (Array.isArray(outs) ? outs : [outs]) as tf.Tensor[]
        list.forEach((a, i) => {
          const axes = a.shape.slice(0, -1).map((_, k) => k)
          const { mean, variance } = tf.moments(a, axes)
          const sum = sums[i]!
          sums[i] = {
            mean: tf.keep(tf.add(sum.mean, mean)),
            variance: tf.keep(tf.add(sum.variance, variance))
          }
          tf.dispose([sum.mean, sum.variance])
        })
      })
    }
    // Training-mode passes also moved the moving averages; they are set outright now.
    tf.tidy(() => {
      layers.forEach((l, i) => {
        l.movingMean.assign(tf.div(sums[i]!.mean, batches))
        l.movingVariance.assign(tf.div(sums[i]!.variance, batches))
      })
    })
  } finally {
    tf.dispose(sums.flatMap((s) => [s.mean, s.variance]))
  }
}
