import * as tf from '@tensorflow/tfjs'
import { dcganPlan, projectLabel, type DcganSpec } from './dcgan'
import { SeedSequence, torchBias, torchKernel } from './initializers'
import { SPECTRAL_LAYER, SpectralNormState, spectrallyNormalized } from './spectralNorm'

/**
 * SNGAN-style residual networks (Miyato et al. 2018, after Gulrajani et al. 2017), for 64×64
 * and up: G stacks up-blocks (BN → ReLU → ×2 nearest → conv3 → BN → ReLU → conv3, plus a
 * ×2 → conv1 shortcut); D stacks down-blocks (ReLU → conv3 → ReLU → conv3 → avg-pool, plus
 * a conv1 → avg-pool shortcut; the first block without the leading ReLU), then ReLU,
 * global average pooling, one logit and, when conditional, the projection of the label.
 * Channels follow dcganPlan, so `width` means what it means for dcgan. Both are plain layers
 * models (D's spectral-norm state aside), saved and loaded like the DCGAN's.
 */

const BN_MOMENTUM = 0.9
const BN_EPSILON = 1e-5

function conv(
  filters: number,
  kernelSize: number,
  fanIn: number,
  seeds: SeedSequence,
  name: string
): tf.layers.Layer {
  return tf.layers.conv2d({
    filters,
    kernelSize,
    padding: 'same',
    kernelInitializer: torchKernel(seeds.next()),
    biasInitializer: torchBias(kernelSize * kernelSize * fanIn, seeds.next()),
    name
  })
}

const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]) =>
  layer.apply(x) as tf.SymbolicTensor

function bnRelu(h: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
  const bn = apply(
    tf.layers.batchNormalization({ momentum: BN_MOMENTUM, epsilon: BN_EPSILON, name }),
    h
  )
  return apply(tf.layers.reLU({ name: `${name}_relu` }), bn)
}

export function buildResnetGenerator(spec: DcganSpec): tf.LayersModel {
  const seeds = new SeedSequence(spec.seed ?? 0)
  const { start, filters } = dcganPlan(spec)
  const z = tf.input({ shape: [spec.noiseDim], name: 'z' })
  const label = spec.numClasses > 0 ? tf.input({ shape: [spec.numClasses], name: 'label' }) : null
  let h = label ? apply(tf.layers.concatenate({ name: 'g_join' }), [z, label]) : z
  const first = filters[0]!
  h = apply(
    tf.layers.dense({
      units: start * start * first,
      kernelInitializer: torchKernel(seeds.next()),
      name: 'g_fc'
    }),
    h
  )
  h = apply(tf.layers.reshape({ targetShape: [start, start, first], name: 'g_reshape' }), h)
  filters.forEach((inCh, i) => {
    const out = filters[i + 1] ?? filters[filters.length - 1]!
    const p = `g_res${i + 1}`
    let main = bnRelu(h, `${p}_bn1`)
    main = apply(tf.layers.upSampling2d({ size: [2, 2], name: `${p}_up` }), main)
    main = apply(conv(out, 3, inCh, seeds, `${p}_conv1`), main)
    main = bnRelu(main, `${p}_bn2`)
    main = apply(conv(out, 3, out, seeds, `${p}_conv2`), main)
    let skip = apply(tf.layers.upSampling2d({ size: [2, 2], name: `${p}_skip_up` }), h)
    skip = apply(conv(out, 1, inCh, seeds, `${p}_skip`), skip)
    h = apply(tf.layers.add({ name: `${p}_add` }), [main, skip])
  })
  h = bnRelu(h, 'g_bn_out')
  const last = filters[filters.length - 1]!
  h = apply(
    tf.layers.conv2d({
      filters: spec.channels,
      kernelSize: 3,
      padding: 'same',
      activation: 'tanh',
      kernelInitializer: torchKernel(seeds.next()),
      biasInitializer: torchBias(9 * last, seeds.next()),
      name: 'g_out'
    }),
    h
  )
  return tf.model({ inputs: label ? [z, label] : [z], outputs: h, name: 'generator' })
}

export function buildResnetDiscriminator(spec: DcganSpec): tf.LayersModel {
  const seeds = new SeedSequence((spec.seed ?? 0) + 0x5eed)
  const channels = [...dcganPlan(spec).filters].reverse()
  const size = spec.resolution
  const image = tf.input({ shape: [size, size, spec.channels], name: 'image' })
  const label = spec.numClasses > 0 ? tf.input({ shape: [spec.numClasses], name: 'label' }) : null
  let h: tf.SymbolicTensor = image
  let inCh: number = spec.channels
  channels.forEach((out, i) => {
    const p = `d_res${i + 1}`
    let main = i === 0 ? h : apply(tf.layers.reLU({ name: `${p}_relu1` }), h)
    main = apply(conv(out, 3, inCh, seeds, `${p}_conv1`), main)
    main = apply(tf.layers.reLU({ name: `${p}_relu2` }), main)
    main = apply(conv(out, 3, out, seeds, `${p}_conv2`), main)
    main = apply(tf.layers.averagePooling2d({ poolSize: 2, strides: 2, name: `${p}_pool` }), main)
    let skip = apply(conv(out, 1, inCh, seeds, `${p}_skip`), h)
    skip = apply(
      tf.layers.averagePooling2d({ poolSize: 2, strides: 2, name: `${p}_skip_pool` }),
      skip
    )
    h = apply(tf.layers.add({ name: `${p}_add` }), [main, skip])
    inCh = out
  })
  h = apply(tf.layers.reLU({ name: 'd_relu_out' }), h)
  const features = apply(tf.layers.globalAveragePooling2d({ name: 'd_pool' }), h)
  let logit = apply(
    tf.layers.dense({
      units: 1,
      kernelInitializer: torchKernel(seeds.next()),
      biasInitializer: torchBias(inCh, seeds.next()),
      name: 'd_logit'
    }),
    features
  )
  if (label) logit = projectLabel(features, label, logit, seeds.next())
  if (spec.spectralNorm) {
    // u per weight: each block's conv1, conv2, skip; the logit; the embedding.
    const sizes = [...channels.flatMap((c) => [c, c, c]), 1, ...(label ? [inCh] : [])]
    logit = apply(new SpectralNormState({ sizes, seed: seeds.next(), name: SPECTRAL_LAYER }), logit)
  }
  return tf.model({
    inputs: label ? [image, label] : [image],
    outputs: logit,
    name: 'discriminator'
  })
}

// ---------------------------------------------------------------------------------------
// D as plain ops on the layers model's variables, for the training step (spectral norm
// divides the weights on the way in, which the layers API cannot do).

interface Conv {
  kernel: tf.Variable
  bias: tf.Variable
}

export interface ResnetDiscriminatorVars {
  blocks: Array<{ conv1: Conv; conv2: Conv; skip: Conv }>
  denseKernel: tf.Variable
  denseBias: tf.Variable
  embed?: tf.Variable
  spectral?: tf.Variable[]
}

function weight(model: tf.LayersModel, layer: string, name: string): tf.Variable {
  const w = model.getLayer(layer).weights.find((v) => v.originalName.endsWith(`/${name}`))
  if (!w) throw new Error(`${model.name}: layer ${layer} has no ${name} weight.`)
  return w.read() as tf.Variable
}

const has = (model: tf.LayersModel, name: string) => model.layers.some((l) => l.name === name)

/** True for a D built by buildResnetDiscriminator. */
export function isResnetDiscriminator(model: tf.LayersModel): boolean {
  return has(model, 'd_res1_conv1')
}

/** True for a G built by buildResnetGenerator. */
export function isResnetGenerator(model: tf.LayersModel): boolean {
  return has(model, 'g_res1_conv1')
}

export function resnetDiscriminatorVars(
  model: tf.LayersModel,
  spectral?: tf.Variable[]
): ResnetDiscriminatorVars {
  const convOf = (layer: string): Conv => ({
    kernel: weight(model, layer, 'kernel'),
    bias: weight(model, layer, 'bias')
  })
  const blocks: ResnetDiscriminatorVars['blocks'] = []
  for (let i = 1; has(model, `d_res${i}_conv1`); i++) {
    blocks.push({
      conv1: convOf(`d_res${i}_conv1`),
      conv2: convOf(`d_res${i}_conv2`),
      skip: convOf(`d_res${i}_skip`)
    })
  }
  return {
    blocks,
    denseKernel: weight(model, 'd_logit', 'kernel'),
    denseBias: weight(model, 'd_logit', 'bias'),
    embed: has(model, 'd_embed') ? weight(model, 'd_embed', 'kernel') : undefined,
    spectral
  }
}

/** The weights spectral normalisation divides, in the order of D's u vectors. */
export function resnetSpectralWeights(d: ResnetDiscriminatorVars): tf.Variable[] {
  return [
    ...d.blocks.flatMap((b) => [b.conv1.kernel, b.conv2.kernel, b.skip.kernel]),
    d.denseKernel,
    ...(d.embed ? [d.embed] : [])
  ]
}

/** 2×2 average pooling as a reshape and a mean: its gradient needs no AvgPoolGrad kernel. */
function avgPool2(x: tf.Tensor4D): tf.Tensor4D {
  const [b, h, w, c] = x.shape
  return tf.mean(tf.reshape(x, [b, h / 2, 2, w / 2, 2, c]), [2, 4]) as tf.Tensor4D
}

export function resnetDiscriminatorForward(
  d: ResnetDiscriminatorVars,
  x: tf.Tensor4D,
  labels: tf.Tensor2D | null,
  sn?: Array<{ u: tf.Tensor1D; v: tf.Tensor1D }>
): tf.Tensor2D {
  return tf.tidy(() => {
    const raw = resnetSpectralWeights(d)
    const w = sn ? raw.map((v, i) => spectrallyNormalized(v, sn[i]!)) : (raw as tf.Tensor[])
    const convWith = (h: tf.Tensor4D, k: number, bias: tf.Variable) =>
      tf.add(tf.conv2d(h, w[k] as tf.Tensor4D, 1, 'same'), bias) as tf.Tensor4D
    let h: tf.Tensor4D = x
    d.blocks.forEach((b, i) => {
      let main = i === 0 ? h : tf.relu(h)
      main = convWith(main, 3 * i, b.conv1.bias)
      main = convWith(tf.relu(main), 3 * i + 1, b.conv2.bias)
      const skip = convWith(h, 3 * i + 2, b.skip.bias)
      h = tf.add(avgPool2(main), avgPool2(skip)) as tf.Tensor4D
    })
    const features = tf.mean(tf.relu(h), [1, 2]) as tf.Tensor2D
    const k = 3 * d.blocks.length
    const logit = tf.add(tf.matMul(features, w[k] as tf.Tensor2D), d.denseBias) as tf.Tensor2D
    if (!d.embed || !labels) return logit
    const embedded = tf.matMul(labels, w[k + 1] as tf.Tensor2D)
    return tf.add(logit, tf.sum(tf.mul(features, embedded), 1, true)) as tf.Tensor2D
  })
}
