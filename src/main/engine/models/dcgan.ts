import * as tf from '@tensorflow/tfjs'
import type { Conditioning, ModelName } from '../../../shared/train'
import { fullSpec } from './fullSpec'
import { SeedSequence, torchBias, torchKernel } from './initializers'
import { SPECTRAL_LAYER, SpectralNormState } from './spectralNorm'

/**
 * A conditional (or not) DCGAN for 28, 32 or 64 pixels.
 *
 * Labels enter both models as one-hot float32 `[batch, numClasses]`, not as integers:
 * the layers API then needs no custom layer (models save and load as plain TF.js
 * layers models), and a caller may mix classes by blending one-hot rows.
 *
 * At 28×28 with width 64 this is exactly the peer's network (scripts/bench/peer_dcgan.py):
 * the same layers, shapes, parameter counts, initialisation and BN constants. One detail
 * differs by framework: for a 5×5 stride-2 conv, TF's 'same' pads 1 pixel before and 2
 * after, where torch's padding=2 (with output_padding=1 for ConvT) uses 2 before and 1
 * after, so the sampling grid sits one pixel over. Same cost, same capacity.
 *
 * 32 and 64 start from 4×4 and add one up/down block per doubling, doubling the
 * filters towards the small end, as in Radford et al.
 */
export interface DcganSpec {
  resolution: 28 | 32 | 64
  channels: 1 | 3
  noiseDim: number
  /** 0 for an unconditional GAN. */
  numClasses: number
  /** Filters of the widest-resolution hidden layer (the peer's 64); halve it for quick tests. */
  width?: number
  /** Seeds every initialiser, so the same spec builds the same weights. */
  seed?: number
  /** How a conditional D sees the label (default planes). */
  conditioning?: Conditioning
  /** D keeps power-iteration vectors for spectral normalisation (spectralNorm.ts). */
  spectralNorm?: boolean
  /** dcgan (default; this file) or resnet (resnet.ts); build through models/build.ts. */
  architecture?: ModelName
}

export const RESOLUTIONS = [28, 32, 64] as const

// Both frameworks' defaults differ; these are PyTorch's (momentum 0.1 = Keras 0.9).
const BN_MOMENTUM = 0.9
const BN_EPSILON = 1e-5
const KERNEL = 5
const LEAKY_SLOPE = 0.2

/** The spatial plan: the generator's starting size and the filters at each step up. */
export function dcganPlan(spec: DcganSpec): { start: number; filters: number[] } {
  const { width } = fullSpec(spec)
  const start = spec.resolution === 28 ? 7 : 4
  const blocks = Math.log2(spec.resolution / start)
  if (!Number.isInteger(blocks)) throw new Error(`dcgan has no plan for ${spec.resolution}px`)
  // Widest at the small end: 28 → [128, 64], 32 → [256, 128, 64], 64 → [512, 256, 128, 64].
  const filters = Array.from({ length: blocks }, (_, i) => width * 2 ** (blocks - 1 - i))
  return { start, filters }
}

/** G: [z ++ onehot(label)] → Dense → BN → ReLU → (ConvT → BN → ReLU)* → ConvT → tanh. */
export function buildGenerator(spec: DcganSpec): tf.LayersModel {
  const seeds = new SeedSequence(spec.seed ?? 0)
  const { start, filters } = dcganPlan(spec)
  const first = filters[0] ?? 1
  const z = tf.input({ shape: [spec.noiseDim], name: 'z' })
  const label = spec.numClasses > 0 ? tf.input({ shape: [spec.numClasses], name: 'label' }) : null
  const inputs = label ? [z, label] : [z]

  let h = label
    ? (tf.layers.concatenate({ name: 'g_join' }).apply([z, label]) as tf.SymbolicTensor)
    : z
  h = tf.layers
    .dense({
      units: start * start * first,
      useBias: false,
      kernelInitializer: torchKernel(seeds.next()),
      name: 'g_fc'
    })
    .apply(h) as tf.SymbolicTensor
  h = bnRelu(h, 'g_bn0')
  h = tf.layers
    .reshape({ targetShape: [start, start, first], name: 'g_reshape' })
    .apply(h) as tf.SymbolicTensor

  filters.slice(1).forEach((f, i) => {
    h = tf.layers
      .conv2dTranspose({
        filters: f,
        kernelSize: KERNEL,
        strides: 2,
        padding: 'same',
        useBias: false, // BN follows, its beta is the bias
        kernelInitializer: torchKernel(seeds.next()),
        name: `g_up${i + 1}`
      })
      .apply(h) as tf.SymbolicTensor
    h = bnRelu(h, `g_bn${i + 1}`)
  })

  const out = tf.layers
    .conv2dTranspose({
      filters: spec.channels,
      kernelSize: KERNEL,
      strides: 2,
      padding: 'same',
      kernelInitializer: torchKernel(seeds.next()),
      biasInitializer: torchBias(KERNEL * KERNEL * spec.channels, seeds.next()),
      activation: 'tanh',
      name: `g_up${filters.length}`
    })
    .apply(h) as tf.SymbolicTensor
  return tf.model({ inputs, outputs: out, name: 'generator' })
}

/**
 * D: [x ++ onehot(label) as constant planes] → (Conv s2 → LeakyReLU .2)* → Flatten → Dense 1
 * (a logit). With projection conditioning (Miyato & Koyama 2018) the label instead enters at
 * the end: logit = ψ(φ(x)) + ⟨embed(y), φ(x)⟩, φ(x) the flattened features.
 */
export function buildDiscriminator(spec: DcganSpec): tf.LayersModel {
  // Offset so G and D never share an initialiser seed.
  const seeds = new SeedSequence((spec.seed ?? 0) + 0x5eed)
  const { filters } = dcganPlan(spec)
  const size = spec.resolution
  const image = tf.input({ shape: [size, size, spec.channels], name: 'image' })
  const label = spec.numClasses > 0 ? tf.input({ shape: [spec.numClasses], name: 'label' }) : null
  const inputs = label ? [image, label] : [image]
  const projection = label !== null && spec.conditioning === 'projection'

  let h: tf.SymbolicTensor = image
  let channelsIn: number = spec.channels
  if (label && !projection) {
    // One-hot [B, C] → [B, 1, 1, C] → [B, H, W, C]: each class a plane of 0s or 1s. Drawn
    // by nearest-neighbour upsampling: on wasm ten times faster than RepeatVector's Tile.
    let planes = tf.layers
      .reshape({ targetShape: [1, 1, spec.numClasses], name: 'd_label_pixel' })
      .apply(label) as tf.SymbolicTensor
    planes = tf.layers
      .upSampling2d({ size: [size, size], name: 'd_label_planes' })
      .apply(planes) as tf.SymbolicTensor
    h = tf.layers.concatenate({ name: 'd_join' }).apply([image, planes]) as tf.SymbolicTensor
    channelsIn += spec.numClasses
  }

  // The discriminator mirrors the generator: narrow at full size, widest at the end.
  ;[...filters].reverse().forEach((f, i) => {
    h = tf.layers
      .conv2d({
        filters: f,
        kernelSize: KERNEL,
        strides: 2,
        padding: 'same',
        kernelInitializer: torchKernel(seeds.next()),
        biasInitializer: torchBias(KERNEL * KERNEL * channelsIn, seeds.next()),
        name: `d_conv${i + 1}`
      })
      .apply(h) as tf.SymbolicTensor
    h = tf.layers
      .leakyReLU({ alpha: LEAKY_SLOPE, name: `d_lrelu${i + 1}` })
      .apply(h) as tf.SymbolicTensor
    channelsIn = f
  })

  h = tf.layers.flatten({ name: 'd_flatten' }).apply(h) as tf.SymbolicTensor
  const fanIn = (h.shape[1] as number) ?? 1
  let logit = tf.layers
    .dense({
      units: 1,
      kernelInitializer: torchKernel(seeds.next()),
      biasInitializer: torchBias(fanIn, seeds.next()),
      name: 'd_logit'
    })
    .apply(h) as tf.SymbolicTensor
  if (label && projection) logit = projectLabel(h, label, logit, seeds.next())
  if (spec.spectralNorm) {
    // One u per weight matrix, sized by its output: the convs, the logit, the embedding.
    const sizes = [...[...filters].reverse(), 1, ...(projection ? [fanIn] : [])]
    logit = new SpectralNormState({ sizes, seed: seeds.next(), name: SPECTRAL_LAYER }).apply(
      logit
    ) as tf.SymbolicTensor
  }
  return tf.model({ inputs, outputs: logit, name: 'discriminator' })
}

/** logit + ⟨embed(y), features⟩: the class embedding as a bias-free dense layer on the one-hot label. */
export function projectLabel(
  features: tf.SymbolicTensor,
  label: tf.SymbolicTensor,
  logit: tf.SymbolicTensor,
  seed: number
): tf.SymbolicTensor {
  const width = features.shape[1] as number
  const embed = tf.layers
    .dense({
      units: width,
      useBias: false,
      // SNGAN's embedding starts as Xavier-uniform; at width 6272 torch's default is tiny.
      kernelInitializer: tf.initializers.glorotUniform({ seed }),
      name: 'd_embed'
    })
    .apply(label) as tf.SymbolicTensor
  const inner = tf.layers.dot({ axes: 1, name: 'd_project' }).apply([features, embed])
  return tf.layers
    .add({ name: 'd_out' })
    .apply([logit, inner as tf.SymbolicTensor]) as tf.SymbolicTensor
}

function bnRelu(h: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
  const bn = tf.layers
    .batchNormalization({ momentum: BN_MOMENTUM, epsilon: BN_EPSILON, name })
    .apply(h) as tf.SymbolicTensor
  return tf.layers.reLU({ name: `${name}_relu` }).apply(bn) as tf.SymbolicTensor
}

/** Runs a model on an image or noise batch and (for a conditional model) one-hot labels. */
export function applyModel(
  model: tf.LayersModel,
  x: tf.Tensor,
  labels: tf.Tensor2D | null,
  training: boolean
): tf.Tensor {
  return model.apply(labels ? [x, labels] : x, { training }) as tf.Tensor
}
