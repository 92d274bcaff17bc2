import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { registerWasmTrainingKernels } from '../../../../src/main/engine/kernels'

// The transpose-first BatchMatMul on wasm against the cpu backend. Same tolerance argument
// as the convolution kernels: the backends differ only in summation order (≤ 6272 terms
// here: n·u ≈ 4e-4 at worst, √n·u ≈ 5e-6 typically), a wrong axis gives O(1) errors.
const RELATIVE_TOLERANCE = 1e-4

const cases: { name: string; a: number[]; b: number[]; ta: boolean; tb: boolean }[] = [
  { name: 'plain', a: [16, 24], b: [24, 32], ta: false, tb: false },
  { name: 'dense weight gradient aᵀ·dy', a: [64, 110], b: [64, 300], ta: true, tb: false },
  { name: 'dense input gradient dy·wᵀ', a: [64, 300], b: [110, 300], ta: false, tb: true },
  { name: 'both transposed', a: [24, 16], b: [32, 24], ta: true, tb: true },
  { name: 'batched, transposed a', a: [3, 20, 12], b: [3, 20, 9], ta: true, tb: false },
  { name: 'batched, transposed b', a: [2, 12, 20], b: [2, 9, 20], ta: false, tb: true },
  { name: 'small output stays on the stock path', a: [64, 500], b: [64, 1], ta: true, tb: false }
]

function maxAbs(t: tf.Tensor): number {
  return tf.tidy(() => t.abs().max().dataSync()[0]!)
}

describe('BatchMatMul on wasm, transposes made explicit', () => {
  beforeAll(async () => {
    registerWasmTrainingKernels()
    expect(await tf.setBackend('wasm')).toBe(true)
  })

  for (const c of cases) {
    it(`${c.name}: ${JSON.stringify(c.a)}${c.ta ? 'ᵀ' : ''} · ${JSON.stringify(c.b)}${c.tb ? 'ᵀ' : ''}`, async () => {
      const a = tf.randomNormal(c.a, 0, 1, 'float32', 7).arraySync()
      const b = tf.randomNormal(c.b, 0, 1, 'float32', 8).arraySync()
      await tf.setBackend('cpu')
      const expected = tf.matMul(
        tf.tensor(a) as tf.Tensor2D,
        tf.tensor(b) as tf.Tensor2D,
        c.ta,
        c.tb
      )
      const want = { shape: expected.shape, values: expected.dataSync().slice() }
      const scale = maxAbs(expected)
      await tf.setBackend('wasm')
      const before = tf.memory().numTensors
      const got = tf.matMul(tf.tensor(a) as tf.Tensor2D, tf.tensor(b) as tf.Tensor2D, c.ta, c.tb)
      expect(got.shape).toEqual(want.shape)
      const values = got.dataSync()
      let err = 0
      for (let i = 0; i < values.length; i++)
        err = Math.max(err, Math.abs(values[i]! - want.values[i]!))
      expect(err).toBeLessThanOrEqual(RELATIVE_TOLERANCE * scale)
      tf.dispose(got)
      // Inputs a, b and the result are the only tensors this test made on wasm.
      expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 2)
    })
  }
})
