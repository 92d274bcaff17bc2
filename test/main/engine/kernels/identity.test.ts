import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { registerWasmTrainingKernels } from '../../../../src/main/engine/kernels'

// The sharing Identity: a clone must behave as an independent immutable copy to its users.
describe('Identity on wasm shares data instead of copying', () => {
  beforeAll(async () => {
    registerWasmTrainingKernels()
    expect(await tf.setBackend('wasm')).toBe(true)
  })

  it('a clone outlives its source, keeps its values, and frees the memory with the last one', () => {
    const buffers = () => tf.engine().backend.numDataIds()
    const before = buffers()
    const a = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3])
    const b = tf.clone(a)
    // One buffer for both.
    expect(buffers() - before).toBe(1)
    a.dispose()
    expect(b.isDisposed).toBe(false)
    expect(Array.from(b.dataSync())).toEqual([1, 2, 3, 4, 5, 6])
    expect(b.shape).toEqual([2, 3])
    b.dispose()
    expect(buffers()).toBe(before)
  })

  it('a variable assigned from a clone leaves the clone alone', () => {
    const v = tf.variable(tf.tensor1d([1, 2, 3]))
    const snapshot = tf.clone(v)
    v.assign(tf.tensor1d([7, 8, 9]))
    expect(Array.from(snapshot.dataSync())).toEqual([1, 2, 3])
    expect(Array.from(v.dataSync())).toEqual([7, 8, 9])
    tf.dispose([v, snapshot])
  })

  it('gradients through saved tensors are unchanged (the tape clones what it saves)', () => {
    const x = tf.tensor1d([-2, -0.5, 0.5, 3])
    const g = tf.grad((t) => tf.sum(tf.mul(tf.leakyRelu(t, 0.2), t)))(x)
    // d/dt (leakyRelu(t)·t) = 2t for t > 0, 2·0.2·t for t < 0.
    const expected = [-0.8, -0.2, 1, 6]
    Array.from(g.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6))
    tf.dispose([x, g])
  })

  it('strings still copy through the stock kernel', () => {
    const s = tf.tensor1d(['a', 'b'], 'string')
    const c = tf.clone(s)
    s.dispose()
    expect(c.arraySync()).toEqual(['a', 'b'])
    c.dispose()
  })
})
