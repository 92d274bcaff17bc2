import * as tf from '@tensorflow/tfjs'
import { dcganPlan, type DcganSpec } from '../models/dcgan'
import { SPECTRAL_LAYER } from '../models/spectralNorm'
import type { NamedArray, TensorMap } from './safetensors'

/**
 * Where each weight of the studio's DCGAN (models/dcgan.ts, TF.js layers) sits in train.py's
 * PyTorch modules, and how its axes move:
 *
 *   Dense kernel [in, out]                → Linear weight [out, in]
 *   Conv2D kernel [kh, kw, in, out] (HWIO) → Conv2d weight [out, in, kh, kw] (OIHW)
 *   Conv2DTranspose kernel [kh, kw, out, in] → ConvTranspose2d weight [in, out, kh, kw]
 *   BatchNorm gamma, beta, moving mean, moving variance → weight, bias, running_mean, running_var
 *   Projection embedding [classes, features] → Linear(classes, features) weight [features, classes]
 *   Spectral norm's u vectors [out]        → buffers sn.u<i> (the same vectors: see train.py)
 *
 * The dense layers keep the studio's NHWC element order (train.py reshapes to NHWC before
 * permuting to NCHW, and flattens D's features in NHWC order), so no weight is reordered
 * beyond these transposes. Spatial taps are not flipped: both frameworks define the
 * transposed conv as the gradient of the same cross-correlation.
 */
export interface WeightPlace {
  /** The TF.js layer and the weight's short name (`kernel`, `gamma`, …). */
  layer: string
  weight: string
  /** The key in train.py's state_dict (without `generator.` / `discriminator.`). */
  torch: string
  /** torch axes from TF axes: torch shape[i] = tf shape[perm[i]]. */
  perm?: number[]
}

const DENSE = [1, 0]
const CONV = [3, 2, 0, 1]
const CONV_TRANSPOSE = [3, 2, 0, 1]

export function generatorPlaces(spec: DcganSpec): WeightPlace[] {
  if (spec.architecture === 'resnet') return resnetGeneratorPlaces(spec)
  const blocks = dcganPlan(spec).filters.length
  const places: WeightPlace[] = [
    { layer: 'g_fc', weight: 'kernel', torch: 'fc.weight', perm: DENSE }
  ]
  for (let i = 0; i < blocks; i++) {
    const bn = `g_bn${i}`
    places.push(
      { layer: bn, weight: 'gamma', torch: `bn.${i}.weight` },
      { layer: bn, weight: 'beta', torch: `bn.${i}.bias` },
      { layer: bn, weight: 'moving_mean', torch: `bn.${i}.running_mean` },
      { layer: bn, weight: 'moving_variance', torch: `bn.${i}.running_var` }
    )
  }
  for (let i = 1; i <= blocks; i++) {
    places.push({
      layer: `g_up${i}`,
      weight: 'kernel',
      torch: `up.${i - 1}.weight`,
      perm: CONV_TRANSPOSE
    })
  }
  places.push({ layer: `g_up${blocks}`, weight: 'bias', torch: `up.${blocks - 1}.bias` })
  return places
}

export function discriminatorPlaces(spec: DcganSpec): WeightPlace[] {
  if (spec.architecture === 'resnet') return resnetDiscriminatorPlaces(spec)
  const blocks = dcganPlan(spec).filters.length
  const places: WeightPlace[] = []
  for (let i = 1; i <= blocks; i++) {
    places.push(
      { layer: `d_conv${i}`, weight: 'kernel', torch: `conv.${i - 1}.weight`, perm: CONV },
      { layer: `d_conv${i}`, weight: 'bias', torch: `conv.${i - 1}.bias` }
    )
  }
  places.push(
    { layer: 'd_logit', weight: 'kernel', torch: 'logit.weight', perm: DENSE },
    { layer: 'd_logit', weight: 'bias', torch: 'logit.bias' }
  )
  const projection = spec.numClasses > 0 && spec.conditioning === 'projection'
  if (projection)
    places.push({ layer: 'd_embed', weight: 'kernel', torch: 'embed.weight', perm: DENSE })
  if (spec.spectralNorm) {
    // One u per normalised weight: the convs, the logit, the embedding (dcgan.ts's order).
    const count = blocks + 1 + (projection ? 1 : 0)
    for (let i = 0; i < count; i++) {
      places.push({ layer: SPECTRAL_LAYER, weight: `u${i}`, torch: `sn.u${i}` })
    }
  }
  return places
}

/** train.py's BatchNorm counters (state_dict keys with no TF.js weight). */
export function generatorCounters(spec: DcganSpec): string[] {
  const blocks = dcganPlan(spec).filters.length
  if (spec.architecture === 'resnet') {
    return [
      ...Array.from({ length: blocks }, (_, i) =>
        ['bn1', 'bn2'].map((bn) => `blocks.${i}.${bn}.num_batches_tracked`)
      ).flat(),
      'bn_out.num_batches_tracked'
    ]
  }
  return Array.from({ length: blocks }, (_, i) => `bn.${i}.num_batches_tracked`)
}

// ---------------------------------------------------------------------------------------
// The resnet (models/resnet.ts): train.py's ResnetGenerator and ResnetDiscriminator.

function convPlaces(layer: string, torch: string): WeightPlace[] {
  return [
    { layer, weight: 'kernel', torch: `${torch}.weight`, perm: CONV },
    { layer, weight: 'bias', torch: `${torch}.bias` }
  ]
}

function batchNormPlaces(layer: string, torch: string): WeightPlace[] {
  return [
    { layer, weight: 'gamma', torch: `${torch}.weight` },
    { layer, weight: 'beta', torch: `${torch}.bias` },
    { layer, weight: 'moving_mean', torch: `${torch}.running_mean` },
    { layer, weight: 'moving_variance', torch: `${torch}.running_var` }
  ]
}

function resnetGeneratorPlaces(spec: DcganSpec): WeightPlace[] {
  const blocks = dcganPlan(spec).filters.length
  const places: WeightPlace[] = [
    { layer: 'g_fc', weight: 'kernel', torch: 'fc.weight', perm: DENSE },
    { layer: 'g_fc', weight: 'bias', torch: 'fc.bias' }
  ]
  for (let i = 0; i < blocks; i++) {
    const p = `g_res${i + 1}`
    places.push(
      ...batchNormPlaces(`${p}_bn1`, `blocks.${i}.bn1`),
      ...convPlaces(`${p}_conv1`, `blocks.${i}.conv1`),
      ...batchNormPlaces(`${p}_bn2`, `blocks.${i}.bn2`),
      ...convPlaces(`${p}_conv2`, `blocks.${i}.conv2`),
      ...convPlaces(`${p}_skip`, `blocks.${i}.skip`)
    )
  }
  places.push(...batchNormPlaces('g_bn_out', 'bn_out'), ...convPlaces('g_out', 'out'))
  return places
}

function resnetDiscriminatorPlaces(spec: DcganSpec): WeightPlace[] {
  const blocks = dcganPlan(spec).filters.length
  const places: WeightPlace[] = []
  for (let i = 0; i < blocks; i++) {
    const p = `d_res${i + 1}`
    for (const conv of ['conv1', 'conv2', 'skip']) {
      places.push(...convPlaces(`${p}_${conv}`, `blocks.${i}.${conv}`))
    }
  }
  places.push(
    { layer: 'd_logit', weight: 'kernel', torch: 'logit.weight', perm: DENSE },
    { layer: 'd_logit', weight: 'bias', torch: 'logit.bias' }
  )
  // The resnet D always projects a label it is given.
  const projection = spec.numClasses > 0
  if (projection)
    places.push({ layer: 'd_embed', weight: 'kernel', torch: 'embed.weight', perm: DENSE })
  if (spec.spectralNorm) {
    // u per weight: each block's conv1, conv2, skip; the logit; the embedding (resnet.ts).
    const count = 3 * blocks + 1 + (projection ? 1 : 0)
    for (let i = 0; i < count; i++) {
      places.push({ layer: SPECTRAL_LAYER, weight: `u${i}`, torch: `sn.u${i}` })
    }
  }
  return places
}

/** Moves a row-major array's axes: out shape[i] = shape[perm[i]]. */
export function permute(data: Float32Array, shape: number[], perm: number[]): NamedArray {
  const rank = shape.length
  const outShape = perm.map((p) => shape[p]!)
  const strides = new Array<number>(rank)
  let s = 1
  for (let i = rank - 1; i >= 0; i--) {
    strides[i] = s
    s *= shape[i]!
  }
  // The source stride of each output axis.
  const srcStride = perm.map((p) => strides[p]!)
  const out = new Float32Array(data.length)
  const index = new Array<number>(rank).fill(0)
  for (let o = 0; o < out.length; o++) {
    let src = 0
    for (let a = 0; a < rank; a++) src += index[a]! * srcStride[a]!
    out[o] = data[src]!
    for (let a = rank - 1; a >= 0; a--) {
      if (++index[a]! < outShape[a]!) break
      index[a] = 0
    }
  }
  return { dtype: 'F32', shape: outShape, data: out }
}

export function inversePerm(perm: number[]): number[] {
  const inv = new Array<number>(perm.length)
  perm.forEach((p, i) => (inv[p] = i))
  return inv
}

/** A layer's weight by its short name. */
export function layerWeight(model: tf.LayersModel, place: WeightPlace): tf.LayerVariable {
  const found = model
    .getLayer(place.layer)
    .weights.find((w) => w.originalName.split('/').at(-1) === place.weight)
  if (!found) throw new Error(`${model.name}: layer ${place.layer} has no ${place.weight} weight.`)
  return found
}

/**
 * Every weight of a model, in torch's layout by torch name. Throws, naming them, when the
 * model holds weights the mapping does not know: an architecture train.py does not build.
 */
export function modelToTorch(model: tf.LayersModel, places: WeightPlace[]): TensorMap {
  const out: TensorMap = new Map()
  const known = new Set<tf.LayerVariable>()
  for (const place of places) {
    const v = layerWeight(model, place)
    known.add(v)
    const data = v.read().dataSync() as Float32Array
    const shape = v.shape as number[]
    out.set(
      place.torch,
      place.perm
        ? permute(data, shape, place.perm)
        : { dtype: 'F32', shape: [...shape], data: Float32Array.from(data) }
    )
  }
  const unknown = model.weights.filter((w) => !known.has(w)).map((w) => w.originalName)
  if (unknown.length > 0) {
    throw new Error(
      `${model.name} has weights the PyTorch export does not know (${unknown.join(', ')}): its architecture is not one train.py builds.`
    )
  }
  return out
}

/** The TF.js tensor of a torch-layout array for a place (undoing its permutation). */
export function torchToTf(
  array: NamedArray,
  place: WeightPlace,
  expected: number[],
  what: string
): tf.Tensor {
  const back = place.perm ? permute(array.data, array.shape, inversePerm(place.perm)) : array
  if (back.shape.length !== expected.length || back.shape.some((d, i) => d !== expected[i])) {
    throw new Error(
      `${what}: ${place.torch} has shape [${array.shape.join(', ')}], which does not fit the studio's ${place.layer}/${place.weight} [${expected.join(', ')}].`
    )
  }
  return tf.tensor(back.data, expected, 'float32')
}

/** Loads torch-named arrays into a model's weights (all of them; a missing one is an error). */
export function loadTorchInto(
  model: tf.LayersModel,
  places: WeightPlace[],
  arrays: TensorMap,
  prefix: string,
  what: string
): void {
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue
    const values = layer.weights.map((w) => {
      const place = places.find(
        (p) => p.layer === layer.name && p.weight === w.originalName.split('/').at(-1)
      )
      if (!place)
        throw new Error(
          `${what}: the studio's ${layer.name} has a weight train.py does not write (${w.originalName}).`
        )
      const array = arrays.get(`${prefix}${place.torch}`)
      if (!array) throw new Error(`${what} has no ${prefix}${place.torch}.`)
      return torchToTf(array, place, w.shape as number[], what)
    })
    layer.setWeights(values)
    tf.dispose(values)
  }
}
