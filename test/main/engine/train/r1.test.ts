import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { r1Penalty } from '../../../../src/main/engine/train/losses'
import { ensureSecondOrderGradients } from '../../../../src/main/engine/train/secondOrder'
import { useWasmBackend } from '../../../helpers/wasmBackend'

beforeAll(useWasmBackend)

describe('R1 penalty', () => {
  it('is E‖∇x D(x)‖² on the reals: exact for a quadratic critic', () => {
    // D(x) = Σ w·x², so ∇x D = 2·w·x and the penalty is the mean over images of Σ (2wx)².
    const x = tf.randomUniform([3, 4, 4, 2], -1, 1, 'float32', 1) as tf.Tensor4D
    const w = tf.randomUniform([1, 4, 4, 2], -1, 1, 'float32', 2)
    const critic = (image: tf.Tensor4D) => tf.sum(tf.mul(w, tf.square(image)), [1, 2, 3])
    const penalty = r1Penalty(critic, x).dataSync()[0]!
    const xs = Array.from(x.dataSync())
    const ws = Array.from(w.dataSync())
    let expected = 0
    xs.forEach((v, i) => (expected += (2 * ws[i % ws.length]! * v) ** 2))
    expect(penalty).toBeCloseTo(expected / 3, 4)
    tf.dispose([x, w])
  })

  it('differentiates with respect to D’s weights (a gradient of a gradient)', () => {
    ensureSecondOrderGradients()
    const x = tf.randomUniform([2, 4, 4, 1], -1, 1, 'float32', 3) as tf.Tensor4D
    const w = tf.variable(tf.randomUniform([3, 3, 1, 2], -1, 1, 'float32', 4))
    const critic = (image: tf.Tensor4D) =>
      tf.sum(tf.leakyRelu(tf.conv2d(image, w as tf.Tensor4D, 1, 'same'), 0.2), [1, 2, 3])
    const { grads } = tf.variableGrads(() => r1Penalty(critic, x), [w])
    const g = grads[w.name]!.dataSync()
    expect(g.every(Number.isFinite) && g.some((v) => v !== 0)).toBe(true)
    tf.dispose([x, w, grads[w.name]!])
  })
})
