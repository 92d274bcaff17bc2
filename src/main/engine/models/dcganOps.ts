import * as tf from '@tensorflow/tfjs'
import { spectralVectors, spectrallyNormalized } from './spectralNorm'

/**
 * The DCGAN of dcgan.ts as plain tensor ops on the layers models' own variables, for the
 * training step: the models, their weights and checkpoints stay TF.js layers models, only
 * the way a step runs them changes. Three things the layers API cannot do:
 *
 * - G's backward by hand from a kept forward trace, so one G forward serves both the D and
 *   the G update (tfjs cannot keep a tape across two updates), as the peer's step does.
 * - D's label planes as a per-class bias image: conv(concat(x, planes)) = conv(x) +
 *   conv(planes), and the second term depends on the class only, so it is one small conv of
 *   a ones image per forward instead of a tile, a concat and an 11-channel conv of the batch.
 * - Plain conv2d + bias under a tape: tf.fused.conv2d's custom gradient computes the input
 *   and the filter gradient eagerly, which costs a wasted filter gradient for every D layer
 *   in the G update and a wasted input gradient for D's first layer in the D update.
 */

const STRIDES = 2
const PAD = 'same'

interface BatchNormVars {
  gamma: tf.Variable
  beta: tf.Variable
  movingMean: tf.Variable
  movingVariance: tf.Variable
  momentum: number
  epsilon: number
}

export interface GeneratorVars {
  fc: tf.Variable
  bn: BatchNormVars[]
  /** Transposed-conv kernels [k, k, out, in] of the hidden up blocks. */
  ups: tf.Variable[]
  outKernel: tf.Variable
  outBias: tf.Variable
  /** The reshape after the dense layer: [start, start, filters]. */
  startShape: [number, number, number]
  conditional: boolean
}

export interface DiscriminatorVars {
  /** Conv kernels [k, k, in, out] and biases; the first takes image ++ label channels. */
  convs: Array<{ kernel: tf.Variable; bias: tf.Variable }>
  denseKernel: tf.Variable
  denseBias: tf.Variable
  /** Image channels; the first conv's remaining input channels are the label planes. */
  channels: number
  numClasses: number
  /** LeakyReLU's slope. */
  slope: number
  /** Projection conditioning: the class embedding [numClasses, features] (no label planes). */
  embed?: tf.Variable
  /** Spectral normalisation's u vectors, one per `spectralWeights` entry. */
  spectral?: tf.Variable[]
}

/** (u, v) of each spectrally normalised weight for one forward pass (spectralNorm.ts). */
export type SpectralPairs = Array<{ u: tf.Tensor1D; v: tf.Tensor1D }>

/** The weights spectral normalisation divides, in the order of D's u vectors. */
export function spectralWeights(d: DiscriminatorVars): tf.Variable[] {
  return [...d.convs.map((c) => c.kernel), d.denseKernel, ...(d.embed ? [d.embed] : [])]
}

/** A layer's weight variable by its short name (`kernel`, `moving_mean`…); throws if absent. */
export function layerVariable(
  model: tf.LayersModel,
  layerName: string,
  weight: string
): tf.Variable {
  const layer = model.getLayer(layerName)
  const found = layer.weights.find((w) => w.originalName.endsWith(`/${weight}`))
  if (!found) throw new Error(`${model.name}: layer ${layerName} has no ${weight} weight.`)
  return found.read() as tf.Variable
}

function hasLayer(model: tf.LayersModel, name: string): boolean {
  return model.layers.some((l) => l.name === name)
}

function batchNormVars(model: tf.LayersModel, name: string): BatchNormVars {
  const config = model.getLayer(name).getConfig()
  return {
    gamma: layerVariable(model, name, 'gamma'),
    beta: layerVariable(model, name, 'beta'),
    movingMean: layerVariable(model, name, 'moving_mean'),
    movingVariance: layerVariable(model, name, 'moving_variance'),
    momentum: config.momentum as number,
    epsilon: config.epsilon as number
  }
}

/** The variables of a generator built by `buildGenerator`, by layer name. */
export function generatorVars(model: tf.LayersModel): GeneratorVars {
  let blocks = 1
  while (hasLayer(model, `g_bn${blocks}`)) blocks++
  const bn = Array.from({ length: blocks }, (_, i) => batchNormVars(model, `g_bn${i}`))
  const ups = Array.from({ length: blocks - 1 }, (_, i) =>
    layerVariable(model, `g_up${i + 1}`, 'kernel')
  )
  const target = model.getLayer('g_reshape').outputShape as number[]
  const [, h = 0, w = 0, c = 0] = target
  return {
    fc: layerVariable(model, 'g_fc', 'kernel'),
    bn,
    ups,
    outKernel: layerVariable(model, `g_up${blocks}`, 'kernel'),
    outBias: layerVariable(model, `g_up${blocks}`, 'bias'),
    startShape: [h, w, c],
    conditional: hasLayer(model, 'g_join')
  }
}

/** The variables of a discriminator built by `buildDiscriminator`, by layer name. */
export function discriminatorVars(model: tf.LayersModel): DiscriminatorVars {
  const convs: DiscriminatorVars['convs'] = []
  for (let i = 1; hasLayer(model, `d_conv${i}`); i++) {
    convs.push({
      kernel: layerVariable(model, `d_conv${i}`, 'kernel'),
      bias: layerVariable(model, `d_conv${i}`, 'bias')
    })
  }
  const image = model.inputs[0]!.shape
  const channels = image[3] ?? 1
  const inChannels = convs[0]?.kernel.shape[2] ?? channels
  const embed = hasLayer(model, 'd_embed') ? layerVariable(model, 'd_embed', 'kernel') : undefined
  return {
    convs,
    denseKernel: layerVariable(model, 'd_logit', 'kernel'),
    denseBias: layerVariable(model, 'd_logit', 'bias'),
    channels,
    numClasses: embed ? embed.shape[0]! : inChannels - channels,
    slope: model.getLayer('d_lrelu1').getConfig().alpha as number,
    embed,
    spectral: spectralVectors(model) ?? undefined
  }
}

// ---------------------------------------------------------------------------------------
// Generator: forward with a trace, backward by hand.

interface BatchNormTrace {
  /** BN's input, its batch moments and the ReLU's output. */
  a: tf.Tensor
  mean: tf.Tensor
  variance: tf.Tensor
  h: tf.Tensor
}

/** What G's backward needs from its forward pass. Owns its tensors. */
export interface GeneratorTrace {
  /** z ++ one-hot labels: the dense layer's input. */
  input: tf.Tensor2D
  bn: BatchNormTrace[]
  /** G's output in [−1, 1]. */
  fake: tf.Tensor4D
  dispose(): void
}

/**
 * G in training mode: batch statistics in BN, whose moving averages move once, as in
 * layers' `apply(…, { training: true })` (and the peer's g.train()). Call outside a tape.
 */
export function generatorForward(
  g: GeneratorVars,
  z: tf.Tensor2D,
  labels: tf.Tensor2D | null
): GeneratorTrace {
  type Kept = Omit<GeneratorTrace, 'dispose'>
  const kept = tf.tidy((): tf.TensorContainer => {
    const input = (g.conditional && labels ? tf.concat([z, labels], 1) : z) as tf.Tensor2D
    const bn: BatchNormTrace[] = []
    const batch = z.shape[0]
    let h: tf.Tensor = tf.matMul(input, g.fc)
    g.bn.forEach((vars, i) => {
      const trace = batchNormRelu(h, vars)
      bn.push(trace)
      h = trace.h
      if (i === 0) h = tf.reshape(h, [batch, ...g.startShape])
      const kernel = i < g.ups.length ? g.ups[i]! : g.outKernel
      const [height, width] = h.shape.slice(1, 3) as [number, number]
      h = tf.conv2dTranspose(
        h as tf.Tensor4D,
        kernel as tf.Tensor4D,
        [batch, height * STRIDES, width * STRIDES, kernel.shape[2]!],
        STRIDES,
        PAD
      )
    })
    const fake = tf.tanh(tf.add(h, g.outBias)) as tf.Tensor4D
    const result: Kept = { input: input === z ? tf.clone(input) : input, bn, fake }
    return result as unknown as tf.TensorContainer
  }) as unknown as Kept
  const all = () => [
    kept.input,
    kept.fake,
    ...kept.bn.flatMap((b) => [b.a, b.mean, b.variance, b.h])
  ]
  return { ...kept, dispose: () => tf.dispose(all()) }
}

function batchNormRelu(a: tf.Tensor, vars: BatchNormVars): BatchNormTrace {
  const axes = a.shape.slice(0, -1).map((_, i) => i)
  const { mean, variance } = tf.moments(a, axes)
  const h = tf.relu(tf.batchNorm(a, mean, variance, vars.beta, vars.gamma, vars.epsilon))
  // Keras's update, as layers' BatchNormalization does it: m ← m − (m − batch)·(1 − momentum).
  const decay = 1 - vars.momentum
  vars.movingMean.assign(
    tf.sub(vars.movingMean, tf.mul(tf.sub(vars.movingMean, mean), decay)) as tf.Tensor1D
  )
  vars.movingVariance.assign(
    tf.sub(vars.movingVariance, tf.mul(tf.sub(vars.movingVariance, variance), decay)) as tf.Tensor1D
  )
  return { a, mean, variance, h }
}

/**
 * G's gradients from the gradient of the loss with respect to its output, by hand from the
 * trace: tanh, then per block the transposed conv's filter and input gradients and BN's
 * training-mode backward, then the dense layer. Returns them by variable name, in the
 * order of `order` (the optimiser keys its slots by position).
 */
export function generatorBackward(
  g: GeneratorVars,
  trace: GeneratorTrace,
  dFake: tf.Tensor4D,
  order: tf.Variable[]
): tf.NamedTensorMap {
  return tf.tidy(() => {
    const grads = new Map<tf.Variable, tf.Tensor>()
    const dPre = tf.mul(dFake, tf.sub(1, tf.square(trace.fake))) as tf.Tensor4D
    grads.set(g.outBias, tf.sum(dPre, [0, 1, 2]))
    let dOut = dPre
    for (let i = g.bn.length - 1; i >= 0; i--) {
      const kernel = i < g.ups.length ? g.ups[i]! : g.outKernel
      const bn = trace.bn[i]!
      const input = (
        i === 0 ? tf.reshape(bn.h, [bn.h.shape[0]!, ...g.startShape]) : bn.h
      ) as tf.Tensor4D
      grads.set(kernel, transposedConvFilterGrad(dOut, input, kernel.shape as number[]))
      let dh: tf.Tensor = tf.conv2d(dOut, kernel as tf.Tensor4D, STRIDES, PAD)
      if (i === 0) dh = tf.reshape(dh, bn.h.shape)
      const { da, dGamma, dBeta } = batchNormReluBackward(dh, bn, g.bn[i]!)
      grads.set(g.bn[i]!.gamma, dGamma)
      grads.set(g.bn[i]!.beta, dBeta)
      if (i > 0) dOut = da as tf.Tensor4D
      else grads.set(g.fc, tf.matMul(trace.input, da, true, false))
    }
    const named: tf.NamedTensorMap = {}
    for (const v of order) {
      const grad = grads.get(v)
      if (!grad) throw new Error(`generatorBackward: no gradient for ${v.name}.`)
      named[v.name] = grad
    }
    return named
  })
}

/** The filter gradient of y = conv2dTranspose(x, W): the conv's filter gradient, roles swapped. */
function transposedConvFilterGrad(
  dy: tf.Tensor4D,
  x: tf.Tensor4D,
  filterShape: number[]
): tf.Tensor {
  return tf
    .engine()
    .runKernel(
      'Conv2DBackpropFilter',
      { x: dy, dy: x },
      { strides: STRIDES, pad: PAD, dataFormat: 'NHWC', filterShape }
    ) as tf.Tensor
}

/**
 * Backward of h = relu(γ·x̂ + β), x̂ = (a − μ)/σ with batch moments (the moments' own
 * dependence on a included):  da = γ/σ · (dy − mean(dy) − x̂·mean(dy·x̂)).
 */
function batchNormReluBackward(
  dh: tf.Tensor,
  t: BatchNormTrace,
  vars: BatchNormVars
): { da: tf.Tensor; dGamma: tf.Tensor; dBeta: tf.Tensor } {
  const axes = t.a.shape.slice(0, -1).map((_, i) => i)
  const n = axes.reduce((p, axis) => p * t.a.shape[axis]!, 1)
  const dy = tf.mul(dh, tf.step(t.h))
  const xHat = tf.batchNorm(t.a, t.mean, t.variance, undefined, undefined, vars.epsilon)
  const dBeta = tf.sum(dy, axes)
  const dGamma = tf.sum(tf.mul(dy, xHat), axes)
  const scale = tf.mul(vars.gamma, tf.rsqrt(tf.add(t.variance, vars.epsilon)))
  const centred = tf.sub(tf.sub(dy, tf.div(dBeta, n)), tf.mul(xHat, tf.div(dGamma, n)))
  return { da: tf.mul(centred, scale), dGamma, dBeta }
}

// ---------------------------------------------------------------------------------------
// Discriminator: forward only; gradients by tfjs's tape.

/**
 * Per-class images that the label planes add to the first conv's output (its bias
 * included), as [numClasses, h·w·filters]: conv of a ones image by the label channels'
 * filter taps, each class's taps as its own group of output channels. Zero padding, as in
 * the conv of the concatenated planes, so the sum is exact.
 */
function labelImages(d: DiscriminatorVars, kernel: tf.Tensor, size: [number, number]): tf.Tensor2D {
  const { bias } = d.convs[0]!
  const [kh, kw, , filters] = kernel.shape as number[]
  const taps = tf.slice(kernel, [0, 0, d.channels, 0], [kh!, kw!, d.numClasses, filters!])
  const grouped = tf.reshape(taps, [kh!, kw!, 1, d.numClasses * filters!]) as tf.Tensor4D
  const ones = tf.ones([1, size[0], size[1], 1]) as tf.Tensor4D
  const out = tf.conv2d(ones, grouped, STRIDES, PAD)
  const [, oh, ow] = out.shape
  // [1, oh, ow, C·F] → [C, oh·ow·F] (the bias rides along: one-hot rows sum to 1).
  const byClass = tf.transpose(tf.reshape(out, [oh * ow, d.numClasses, filters!]), [1, 0, 2])
  return tf.reshape(tf.add(byClass, bias), [d.numClasses, oh * ow * filters!]) as tf.Tensor2D
}

/**
 * D's logits [batch, 1] for images and one-hot labels (rows may be blended; each must sum
 * to 1, as one-hot rows do). Differentiable by tfjs's tape in the weights and the image.
 * With `sn` (spectral normalisation on), every weight is used divided by its σ.
 */
export function discriminatorForward(
  d: DiscriminatorVars,
  x: tf.Tensor4D,
  labels: tf.Tensor2D | null,
  sn?: SpectralPairs
): tf.Tensor2D {
  return tf.tidy(() => {
    const batch = x.shape[0]
    const raw = spectralWeights(d)
    const w = sn ? raw.map((v, i) => spectrallyNormalized(v, sn[i]!)) : (raw as tf.Tensor[])
    const planes = d.numClasses > 0 && !d.embed
    if (d.numClasses > 0 && !labels) {
      throw new Error('This discriminator is conditional: pass one-hot labels.')
    }
    let h: tf.Tensor4D = x
    d.convs.forEach(({ bias }, i) => {
      const kernel = w[i]!
      if (i === 0 && planes) {
        const [kh, kw, , filters] = kernel.shape as number[]
        const imageTaps = tf.slice(kernel, [0, 0, 0, 0], [kh!, kw!, d.channels, filters!])
        const conv = tf.conv2d(h, imageTaps as tf.Tensor4D, STRIDES, PAD)
        const perLabel = tf.reshape(
          tf.matMul(labels!, labelImages(d, kernel, [x.shape[1], x.shape[2]])),
          conv.shape
        )
        h = tf.leakyRelu(tf.add(conv, perLabel), d.slope) as tf.Tensor4D
      } else {
        const conv = tf.conv2d(h, kernel as tf.Tensor4D, STRIDES, PAD)
        h = tf.leakyRelu(tf.add(conv, bias), d.slope) as tf.Tensor4D
      }
    })
    const flat = tf.reshape(h, [batch, -1]) as tf.Tensor2D
    const dense = w[d.convs.length]! as tf.Tensor2D
    const logit = tf.add(tf.matMul(flat, dense), d.denseBias) as tf.Tensor2D
    if (!d.embed || !labels) return logit
    // Projection: ⟨embed(y), φ(x)⟩ added to the unconditional logit.
    const embedded = tf.matMul(labels, w[d.convs.length + 1]! as tf.Tensor2D)
    return tf.add(logit, tf.sum(tf.mul(flat, embedded), 1, true)) as tf.Tensor2D
  })
}
