// The judge: a small network the engine trains on the run's own dataset, whose features score
// generated images. Labeled data gets a conv classifier (features: its penultimate layer);
// one unlabeled class gets a conv autoencoder (features: its code). Either is trained on the
// dataset minus a held-out part of each class, which tests it and is what generated images
// are compared against.
import * as tf from '@tensorflow/tfjs'
import type { ExtractorKind } from '../../../shared/scores'
import type { ImageDataset } from '../data/imageDataset'
import { createRng, permutation } from '../data/prng'

export const FEATURE_DIM = 64

export interface JudgeSettings {
  /** Share of each class held out of training (at least one image of a class of two or more). */
  heldOutFraction: number
  /** At most this many held-out images per class: enough to score against, cheap to embed. */
  heldOutPerClass: number
  /** Optimiser steps; default: three epochs, at least 300 and at most 1000. */
  steps?: number
  batchSize: number
  learningRate: number
  seed: number
}

export const DEFAULT_JUDGE_SETTINGS: JudgeSettings = {
  heldOutFraction: 0.2,
  heldOutPerClass: 300,
  batchSize: 64,
  learningRate: 2e-3,
  seed: 0
}

export function judgeSteps(settings: JudgeSettings, trainImages: number): number {
  if (settings.steps !== undefined) return settings.steps
  const epochs3 = Math.ceil((3 * trainImages) / settings.batchSize)
  return Math.min(1000, Math.max(300, epochs3))
}

export interface Split {
  train: Uint32Array
  heldOut: Uint32Array
}

/** A seeded split of every class: `heldOutFraction` of it (capped) held out, the rest to train. */
export function splitDataset(
  labels: Uint16Array,
  numClasses: number,
  settings: Pick<JudgeSettings, 'heldOutFraction' | 'heldOutPerClass' | 'seed'>
): Split {
  const byClass: number[][] = Array.from({ length: numClasses }, () => [])
  labels.forEach((c, i) => byClass[c]?.push(i))
  const train: number[] = []
  const heldOut: number[] = []
  byClass.forEach((members, c) => {
    const n = members.length
    const held =
      n < 2
        ? 0
        : Math.min(
            settings.heldOutPerClass,
            Math.max(1, Math.round(settings.heldOutFraction * n)),
            n - 1
          )
    const order = permutation(n, settings.seed, 0x5c0e + c)
    order.forEach((k, j) => (j < held ? heldOut : train).push(members[k]!))
  })
  const sorted = (a: number[]) => Uint32Array.from(a).sort()
  return { train: sorted(train), heldOut: sorted(heldOut) }
}

/** uint8 NHWC images (given indices, or all) → a float tensor in [−1, 1], the GAN's scale. */
export function imagesToTensor(
  images: Uint8Array,
  size: number,
  channels: number,
  indices?: ArrayLike<number>
): tf.Tensor4D {
  const area = size * size * channels
  const n = indices ? indices.length : images.length / area
  const out = new Float32Array(n * area)
  for (let k = 0; k < n; k++) {
    const from = (indices ? indices[k]! : k) * area
    for (let p = 0; p < area; p++) out[k * area + p] = images[from + p]! / 127.5 - 1
  }
  return tf.tensor4d(out, [n, size, size, channels])
}

type Activation = 'relu' | 'tanh' | 'linear'

/** He-normal before a ReLU, Glorot-uniform before anything else. */
function initializerFor(activation: Activation, seed: number) {
  return activation === 'relu'
    ? tf.initializers.heNormal({ seed })
    : tf.initializers.glorotUniform({ seed })
}

function dense(
  h: tf.SymbolicTensor,
  name: string,
  units: number,
  activation: Activation,
  seed: number
): tf.SymbolicTensor {
  return tf.layers
    .dense({
      units,
      ...(activation === 'linear' ? {} : { activation }),
      kernelInitializer: initializerFor(activation, seed),
      name
    })
    .apply(h) as tf.SymbolicTensor
}

/** A 4×4 stride-2 transposed conv: doubles the side. */
function upConv(
  h: tf.SymbolicTensor,
  name: string,
  filters: number,
  activation: Activation,
  seed: number
): tf.SymbolicTensor {
  return tf.layers
    .conv2dTranspose({
      filters,
      kernelSize: 4,
      strides: 2,
      padding: 'same',
      activation,
      kernelInitializer: initializerFor(activation, seed),
      name
    })
    .apply(h) as tf.SymbolicTensor
}

function convStack(
  x: tf.SymbolicTensor,
  size: number,
  seed: number,
  prefix: string
): tf.SymbolicTensor {
  const filters = [16, 32, 64, 64]
  let h = x
  for (let i = 0, s = size; s > 4; i++, s = Math.ceil(s / 2)) {
    h = tf.layers
      .conv2d({
        filters: filters[Math.min(i, filters.length - 1)]!,
        kernelSize: 5,
        strides: 2,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: initializerFor('relu', seed + i),
        name: `${prefix}_conv${i + 1}`
      })
      .apply(h) as tf.SymbolicTensor
  }
  return tf.layers.flatten({ name: `${prefix}_flatten` }).apply(h) as tf.SymbolicTensor
}

/** Outputs [features, logits]: 5×5 convs (stride 2) down to 4×4 → dense 64 (ReLU) → dense classes. */
export function buildClassifier(
  size: number,
  channels: number,
  numClasses: number,
  seed: number
): tf.LayersModel {
  const x = tf.input({ shape: [size, size, channels], name: 'image' })
  const flat = convStack(x, size, seed, 'judge')
  const features = dense(flat, 'features', FEATURE_DIM, 'relu', seed + 10)
  const logits = dense(features, 'logits', numClasses, 'linear', seed + 11)
  return tf.model({ inputs: x, outputs: [features, logits], name: 'judge_classifier' })
}

/** Outputs [code, reconstruction]: the same conv encoder → dense 64 (linear) → transposed convs → tanh. */
export function buildAutoencoder(size: number, channels: number, seed: number): tf.LayersModel {
  const x = tf.input({ shape: [size, size, channels], name: 'image' })
  const flat = convStack(x, size, seed, 'ae')
  const code = dense(flat, 'features', FEATURE_DIM, 'linear', seed + 10)
  const start = size / 4
  let h = dense(code, 'ae_expand', start * start * 32, 'relu', seed + 11)
  h = tf.layers
    .reshape({ targetShape: [start, start, 32], name: 'ae_reshape' })
    .apply(h) as tf.SymbolicTensor
  h = upConv(h, 'ae_up1', 32, 'relu', seed + 12)
  const out = upConv(h, 'ae_up2', channels, 'tanh', seed + 13)
  return tf.model({ inputs: x, outputs: [code, out], name: 'judge_autoencoder' })
}

export interface TrainProgress {
  step: number
  steps: number
  loss: number
}

/**
 * Trains the judge in place on `train` images: Adam on cross-entropy (classifier) or mean
 * squared reconstruction error (autoencoder), batches drawn in a seeded order.
 */
export async function trainJudgeModel(
  model: tf.LayersModel,
  kind: ExtractorKind,
  dataset: ImageDataset,
  train: Uint32Array,
  settings: JudgeSettings,
  onProgress?: (p: TrainProgress) => void
): Promise<number> {
  const steps = judgeSteps(settings, train.length)
  const numClasses = dataset.classNames.length
  const optimizer = tf.train.adam(settings.learningRate)
  const batch = Math.min(settings.batchSize, train.length)
  let epoch = 0
  let order = permutation(train.length, settings.seed, 0x7ad0)
  let at = 0
  const indices = new Uint32Array(batch)
  try {
    for (let step = 1; step <= steps; step++) {
      for (let k = 0; k < batch; k++) {
        if (at === order.length) {
          epoch++
          order = permutation(train.length, settings.seed + epoch, 0x7ad0)
          at = 0
        }
        indices[k] = train[order[at++]!]!
      }
      const loss = tf.tidy(() => {
        const x = imagesToTensor(dataset.images, dataset.size, dataset.channels, indices)
        const y =
          kind === 'classifier'
            ? tf.oneHot(
                tf.tensor1d(
                  Array.from(indices, (i) => dataset.labels[i]!),
                  'int32'
                ),
                numClasses
              )
            : null
        return optimizer.minimize(() => {
          const [, out] = model.apply(x, { training: true }) as tf.Tensor[]
          return y
            ? (tf.losses.softmaxCrossEntropy(y, out!) as tf.Scalar)
            : (tf.losses.meanSquaredError(x, out!) as tf.Scalar)
        }, true) as tf.Scalar
      })
      if (step % 25 === 0 || step === steps) {
        const value = (await loss.data())[0]!
        onProgress?.({ step, steps, loss: value })
        // Let other work (a status call, a cancel) run between chunks of training.
        await new Promise<void>((resolve) => setImmediate(resolve))
      }
      loss.dispose()
    }
  } finally {
    optimizer.dispose()
  }
  return steps
}

/** Features (rows of FEATURE_DIM), the classifier's predicted classes, or the autoencoder's per-image squared error. */
export interface Embedded {
  features: Float32Array
  predicted: Int32Array | null
  /** Autoencoder only: per-image mean squared reconstruction error. */
  error: Float32Array | null
}

const EMBED_CHUNK = 128

/** Runs the judge (inference mode) over uint8 NHWC images, in chunks. */
export async function embed(
  model: tf.LayersModel,
  kind: ExtractorKind,
  images: Uint8Array,
  size: number,
  channels: number,
  indices?: ArrayLike<number>
): Promise<Embedded> {
  const area = size * size * channels
  const n = indices ? indices.length : images.length / area
  const features = new Float32Array(n * FEATURE_DIM)
  const predicted = kind === 'classifier' ? new Int32Array(n) : null
  const error = kind === 'autoencoder' ? new Float32Array(n) : null
  for (let start = 0; start < n; start += EMBED_CHUNK) {
    const end = Math.min(n, start + EMBED_CHUNK)
    const chunk = indices
      ? Array.from({ length: end - start }, (_, k) => indices[start + k]!)
      : Array.from({ length: end - start }, (_, k) => start + k)
    const [f, second] = tf.tidy(() => {
      const x = imagesToTensor(images, size, channels, chunk)
      const [feat, out] = model.apply(x, { training: false }) as tf.Tensor[]
      const extra =
        kind === 'classifier'
          ? out!.argMax(-1)
          : tf
              .squaredDifference(out!, x)
              .reshape([end - start, -1])
              .mean(1)
      return [feat!, extra]
    })
    try {
      features.set(await f.data(), start * FEATURE_DIM)
      const values = await second.data()
      if (predicted) predicted.set(values as Int32Array, start)
      if (error) error.set(values as Float32Array, start)
    } finally {
      f.dispose()
      second.dispose()
    }
  }
  return { features, predicted, error }
}

/** A seeded subset of at most `max` of `indices`, in their order (for O(n²) statistics). */
export function subsample(indices: ArrayLike<number>, max: number, seed: number): number[] {
  const all = Array.from(indices)
  if (all.length <= max) return all
  const rng = createRng(seed, 0x5b5a)
  const picked = new Set<number>()
  while (picked.size < max) picked.add(Math.floor(rng() * all.length))
  return [...picked].sort((a, b) => a - b).map((k) => all[k]!)
}
