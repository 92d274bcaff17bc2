import * as tf from '@tensorflow/tfjs'
import { expect } from 'vitest'

// Comparing a wasm kernel with the cpu backend's result for the same inputs.
//
// Tolerance: max|wasm − cpu| ≤ 1e-4 · max|cpu| (normwise, float32). Both backends compute the
// same sums of products and differ only in summation order (XNNPACK blocks and vectorises
// them; the filter gradient sums over batch × rows × cols). With unit roundoff u = 6e-8 and
// at most ~800 terms per output here, reordering error is ~√n·u ≈ 2e-6 of the term scale
// typically and n·u ≈ 5e-5 at worst (observed: 5e-8 to 9e-7); an indexing bug (wrong tap,
// phase, padding or crop) gives an O(1) relative error, far above the bound.
export const RELATIVE_TOLERANCE = 1e-4

export interface Values {
  shape: number[]
  data: Float32Array
}

export type Shape4 = [number, number, number, number]
export type Strides = number | [number, number]
export type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding

/** A convolution to compare: input and filter shapes ([kh, kw, in, out]), strides, padding. */
export interface ConvCase {
  name: string
  x: Shape4
  filter: Shape4
  strides: Strides
  pad: Pad
}

export function conv(
  name: string,
  x: Shape4,
  filter: Shape4,
  strides: Strides,
  pad: Pad
): ConvCase {
  return { name, x, filter, strides, pad }
}

/** A transposed convolution: `x` is the layer's input (dy of the equivalent forward conv). */
export interface TransposeCase {
  name: string
  x: Shape4
  /** [kh, kw, outChannels, inChannels]. */
  filter: Shape4
  output: Shape4
  strides: Strides
  pad: Pad
}

/** Name last, so that a table of cases lines up. */
export function transpose(
  x: Shape4,
  filter: Shape4,
  output: Shape4,
  strides: Strides,
  pad: Pad,
  name: string
): TransposeCase {
  return { name, x, filter, output, strides, pad }
}

/** NHWC explicit padding: rows above and below, columns left and right. */
export function explicitPad(
  top: number,
  bottom: number,
  left: number,
  right: number
): tf.backend_util.ExplicitPadding {
  return [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0]
  ]
}

/** Repeatable inputs: a fresh seed each call, starting from `first`. */
export function seededValues(first: number): (shape: number[]) => Values {
  let seed = first
  return (shape) => {
    const t = tf.randomNormal(shape, 0, 1, 'float32', seed++)
    const values = { shape, data: t.dataSync() as Float32Array }
    t.dispose()
    return values
  }
}

function read(t: tf.Tensor): Values {
  return { shape: t.shape, data: t.dataSync() as Float32Array }
}

export function expectClose(actual: Values, expected: Values, label: string): void {
  expect(actual.shape, label).toEqual(expected.shape)
  let maxError = 0
  let maxReference = 0
  for (let i = 0; i < expected.data.length; i++) {
    maxError = Math.max(maxError, Math.abs((actual.data[i] ?? NaN) - (expected.data[i] ?? NaN)))
    maxReference = Math.max(maxReference, Math.abs(expected.data[i] ?? NaN))
  }
  expect(maxReference, `${label}: reference is all zeros`).toBeGreaterThan(0)
  expect(maxError / maxReference, label).toBeLessThan(RELATIVE_TOLERANCE)
}

export async function useBackend(name: string): Promise<void> {
  expect(await tf.setBackend(name), `backend '${name}' could not be set`).toBe(true)
  expect(tf.getBackend()).toBe(name)
}

/** Runs `fn` in a tidy scope and reads its tensors out. */
export function readAll(fn: () => tf.Tensor[]): Values[] {
  const tensors = tf.tidy(fn)
  const values = tensors.map(read)
  tf.dispose(tensors)
  return values
}

function tensorOf(v: Values): tf.Tensor {
  return tf.tensor(v.data, v.shape)
}

/** [d/dx, d/dfilter] of conv2d for upstream gradient `dy`. */
export function conv2dGrads(
  conv: { strides: Strides; pad: Pad },
  x: Values,
  filter: Values,
  dy: Values
): Values[] {
  const f = (xs: tf.Tensor, ws: tf.Tensor): tf.Tensor =>
    tf.conv2d(xs as tf.Tensor4D, ws as tf.Tensor4D, conv.strides, conv.pad)
  return readAll(() => tf.grads(f)([tensorOf(x), tensorOf(filter)], tensorOf(dy)))
}

/** G's layer: [forward, d/dx, d/dfilter] of conv2dTranspose for upstream gradient `dy`. */
export function conv2dTransposeForwardAndGrads(
  conv: { output: Shape4; strides: Strides; pad: Pad },
  x: Values,
  filter: Values,
  dy: Values
): Values[] {
  const f = (xs: tf.Tensor, ws: tf.Tensor): tf.Tensor4D =>
    tf.conv2dTranspose(xs as tf.Tensor4D, ws as tf.Tensor4D, conv.output, conv.strides, conv.pad)
  return readAll(() => {
    const xs = tensorOf(x)
    const ws = tensorOf(filter)
    return [f(xs, ws), ...tf.grads(f)([xs, ws], tensorOf(dy))]
  })
}

/**
 * Runs `compute` on the cpu backend, then on `backend`, and expects each of its outputs
 * (named by `labels`, in order) to agree within RELATIVE_TOLERANCE.
 */
export async function expectMatchesCpu(
  backend: string,
  name: string,
  labels: string[],
  compute: () => Values[]
): Promise<void> {
  await useBackend('cpu')
  const reference = compute()
  await useBackend(backend)
  const actual = compute()
  expect(actual).toHaveLength(labels.length)
  labels.forEach((label, i) => {
    expectClose(actual[i] as Values, reference[i] as Values, `${name}: ${label}`)
  })
}

/** conv2d's input and filter gradients on `backend`, against cpu, for seeded inputs. */
export function expectConv2dGradsMatchCpu(
  backend: string,
  c: ConvCase,
  seeded: (shape: number[]) => Values
): Promise<void> {
  const yShape = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad).outShape
  const [x, filter, dy] = [c.x, c.filter, yShape].map(seeded) as [Values, Values, Values]
  return expectMatchesCpu(backend, c.name, ['d/dx', 'd/dfilter'], () =>
    conv2dGrads(c, x, filter, dy)
  )
}

/** conv2dTranspose forward and both gradients on `backend`, against cpu, for seeded inputs. */
export function expectConv2dTransposeMatchesCpu(
  backend: string,
  c: TransposeCase,
  seeded: (shape: number[]) => Values
): Promise<void> {
  const [x, filter, dy] = [c.x, c.filter, c.output].map(seeded) as [Values, Values, Values]
  return expectMatchesCpu(backend, c.name, ['forward', 'd/dx', 'd/dfilter'], () =>
    conv2dTransposeForwardAndGrads(c, x, filter, dy)
  )
}
