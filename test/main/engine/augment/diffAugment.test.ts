import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  AdaptiveAugment,
  ADJUST_IMAGES,
  applyAugment,
  diffAugment,
  drawAugment,
  type AugmentPolicy
} from '../../../../src/main/engine/augment/diffAugment'
import { useWasmBackend } from '../../../helpers/wasmBackend'

beforeAll(useWasmBackend)

const ALL: AugmentPolicy = { ops: ['translation', 'cutout', 'color'], p: 1 }

describe('DiffAugment draws', () => {
  it('repeat for a seed, differ per image, and respect p and the chosen transforms', () => {
    const a = drawAugment(32, [28, 28], ALL, 7)
    expect(drawAugment(32, [28, 28], ALL, 7)).toEqual(a)
    // Independent per image: not one shift, not one brightness for the whole batch.
    expect(new Set(a.shiftY).size).toBeGreaterThan(1)
    expect(new Set(a.brightness).size).toBeGreaterThan(1)
    expect(Math.max(...a.shiftY.map(Math.abs))).toBeLessThanOrEqual(4) // ⅛ of 28, rounded
    const none = drawAugment(32, [28, 28], { ...ALL, p: 0 }, 7)
    expect(none.cut.every((c) => c === 0) && none.shiftX.every((s) => s === 0)).toBe(true)
    const colourOnly = drawAugment(32, [28, 28], { ops: ['color'], p: 1 }, 7)
    expect(colourOnly.cut.every((c) => c === 0) && colourOnly.shiftY.every((s) => s === 0)).toBe(
      true
    )
    expect(colourOnly.brightness).toEqual(a.brightness)
    // p = ½ applies each transform to about half the images.
    const half = drawAugment(400, [28, 28], { ...ALL, p: 0.5 }, 1)
    const cut = half.cut.reduce((n, c) => n + c, 0)
    expect(cut).toBeGreaterThan(150)
    expect(cut).toBeLessThan(250)
  })
})

describe('DiffAugment transforms', () => {
  it('translation moves an image by its draw with zeros shifted in; cutout zeroes a half-side square', () => {
    const size = 8
    const pixels = Float32Array.from({ length: size * size }, (_, i) => i + 1)
    const x = tf.tensor4d(pixels, [1, size, size, 1])
    const draws = drawAugment(1, [size, size], { ops: [], p: 1 }, 0)
    draws.shiftY[0] = 1
    draws.shiftX[0] = -1
    const shifted = applyAugment(x, draws).dataSync()
    for (let i = 0; i < size; i++)
      for (let j = 0; j < size; j++) {
        const [si, sj] = [i - 1, j + 1]
        const expected = si >= 0 && sj < size ? pixels[si * size + sj]! : 0
        expect(shifted[i * size + j]).toBe(expected)
      }
    const cutDraws = drawAugment(1, [size, size], { ops: [], p: 1 }, 0)
    cutDraws.cut[0] = 1
    cutDraws.cutY[0] = 2
    cutDraws.cutX[0] = 3
    const cut = applyAugment(x, cutDraws).dataSync()
    const zeros = Array.from(cut).filter((v) => v === 0).length
    expect(zeros).toBe(16) // 4×4 at (2, 3)
    expect(cut[2 * size + 3]).toBe(0)
    expect(cut[6 * size + 3]).toBe(pixels[6 * size + 3])
    tf.dispose(x)
  })

  it('passes gradients through: the gradient is the exact adjoint of the (affine) transform', () => {
    const x = tf.randomUniform([4, 12, 12, 3], -1, 1, 'float32', 2) as tf.Tensor4D
    const weights = tf.randomUniform([4, 12, 12, 3], -1, 1, 'float32', 3)
    const draws = drawAugment(4, [12, 12], ALL, 11)
    const f = (input: tf.Tensor4D) => tf.sum(tf.mul(applyAugment(input, draws), weights))
    const grad = tf.grad((input) => f(input as tf.Tensor4D))(x)
    const g = grad.dataSync()
    expect(g.some((v) => v !== 0)).toBe(true)
    // For fixed draws every transform is affine in x, so a finite difference is exact (to float32).
    const base = f(x).dataSync()[0]!
    for (const index of [0, 17, 200, 431, 1000, 1700]) {
      const bumped = tf.tidy(() => {
        const e = tf.buffer(x.shape, 'float32')
        e.values[index] = 1
        return f(tf.add(x, e.toTensor()) as tf.Tensor4D).dataSync()[0]!
      })
      expect(bumped - base).toBeCloseTo(g[index]!, 2)
    }
    tf.dispose([x, weights, grad])
  })

  it('leaves images as they are at p = 0', () => {
    const x = tf.randomUniform([2, 8, 8, 1]) as tf.Tensor4D
    expect(diffAugment(x, { ...ALL, p: 0 }, 3)).toBe(x)
    x.dispose()
  })
})

describe('ADA controller', () => {
  it('raises p while D is too sure of reals, lowers it otherwise, within [0, 1]', () => {
    const ada = new AdaptiveAugment(0, 0.6)
    ada.update(0.9, 1000)
    expect(ada.p).toBeCloseTo(1000 / ADJUST_IMAGES, 12)
    ada.update(0.2, 500)
    expect(ada.p).toBeCloseTo(500 / ADJUST_IMAGES, 12)
    ada.update(0.2, ADJUST_IMAGES)
    expect(ada.p).toBe(0)
    ada.update(1, 10 * ADJUST_IMAGES)
    expect(ada.p).toBe(1)
    expect(ada.update(NaN, 64)).toBe(1)
  })
})
