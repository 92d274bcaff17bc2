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
