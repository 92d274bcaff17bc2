import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { registerWasmTrainingKernels } from '../../../../src/main/engine/kernels'
import { conv2DBackpropFilterConfig } from '../../../../src/main/engine/kernels/conv2dBackpropFilter'
import {
  conv2DBackpropInputConfig,
  stockConv2DBackpropInputConfig
} from '../../../../src/main/engine/kernels/conv2dBackpropInput'
import { explicitPad, type Pad, type Shape4, type Strides } from './backendComparison'

function seeded(shape: Shape4, seed: number, stdDev = 1): tf.Tensor4D {
  return tf.randomNormal<tf.Rank.R4>(shape, 0, stdDev, 'float32', seed)
}

function backendDataIds(): number {
  return tf.engine().backend.numDataIds()
}

beforeAll(async () => {
  registerWasmTrainingKernels()
  expect(await tf.setBackend('wasm'), "backend 'wasm' could not be set").toBe(true)
  expect(tf.getBackend()).toBe('wasm')
})

afterEach(() => {
  vi.restoreAllMocks()
})

describe('registerWasmTrainingKernels', () => {
  it('registers both kernels for wasm only, replacing the stock Conv2DBackpropInput', () => {
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')?.kernelFunc).toBe(
      conv2DBackpropFilterConfig.kernelFunc
    )
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')?.kernelFunc).toBe(
      conv2DBackpropInputConfig.kernelFunc
    )
    const stock = stockConv2DBackpropInputConfig()
    expect(stock).toBeDefined()
    expect(stock?.kernelFunc).not.toBe(conv2DBackpropInputConfig.kernelFunc)
    expect(tf.getKernel('Conv2DBackpropInput', 'cpu')?.kernelFunc).not.toBe(
      conv2DBackpropInputConfig.kernelFunc
    )
  })

  it('is idempotent and silent when called again', () => {
    const warn = vi.spyOn(console, 'warn')
    registerWasmTrainingKernels()
    registerWasmTrainingKernels()
    expect(warn).not.toHaveBeenCalled()
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')?.kernelFunc).toBe(
      conv2DBackpropInputConfig.kernelFunc
    )
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')?.kernelFunc).toBe(
      conv2DBackpropFilterConfig.kernelFunc
    )
  })

  it('rejects NCHW with a clear error', () => {
    const attrs = { strides: 1, pad: 'valid', dataFormat: 'NCHW', dimRoundingMode: undefined }
    tf.tidy(() => {
      const dy = tf.zeros([1, 2, 3, 3])
      const filter = tf.zeros([2, 2, 4, 2])
      const x = tf.zeros([1, 4, 4, 4])
      const calls: Array<[string, tf.NamedTensorMap, object]> = [
        ['Conv2DBackpropInput', { dy, filter }, { inputShape: [1, 4, 4, 4] }],
        ['Conv2DBackpropFilter', { x, dy }, { filterShape: [2, 2, 4, 2] }]
      ]
      for (const [kernel, inputs, shape] of calls) {
        const kernelAttrs = { ...attrs, ...shape } as unknown as tf.NamedAttrMap
        expect(() => tf.engine().runKernel(kernel, inputs, kernelAttrs), kernel).toThrow(/NHWC/)
      }
    })
  })
})

describe('training on wasm', () => {
  it('trains a tiny conv2d(s2) + conv2dTranspose(s2) net with adam: the loss goes down', () => {
    const images = tf.tidy(() => tf.tanh(seeded([8, 8, 8, 1], 7)))
    const w1 = tf.variable(seeded([3, 3, 1, 8], 8, 0.3), true, 'w1')
    const b1 = tf.variable(tf.zeros([8]), true, 'b1')
    const w2 = tf.variable(seeded([3, 3, 1, 8], 9, 0.3), true, 'w2')
    const optimizer = tf.train.adam(0.02)
    const loss = (): tf.Scalar =>
      tf.tidy(() => {
        const hidden = tf.relu(tf.add<tf.Tensor4D>(tf.conv2d(images, w1, 2, 'same'), b1))
        const out = tf.conv2dTranspose(hidden, w2, [8, 8, 8, 1], 2, 'same')
        return tf.losses.meanSquaredError(images, out) as tf.Scalar
      })

    const losses: number[] = []
    for (let step = 0; step < 60; step++) {
      const value = optimizer.minimize(loss, true, [w1, b1, w2])
      if (value === null) throw new Error('minimize returned no loss')
      losses.push(value.dataSync()[0] ?? NaN)
      value.dispose()
    }

    expect(tf.getBackend()).toBe('wasm')
    expect(losses.every(Number.isFinite)).toBe(true)
    const first = losses[0] ?? NaN
    const last = losses[losses.length - 1] ?? NaN
    expect(last).toBeLessThan(first * 0.5)

    optimizer.dispose()
    tf.dispose([images, w1, b1, w2])
  })
})

describe('memory', () => {
  it('frees every intermediate: tensors and wasm data ids return to where they were', () => {
    const layers: Array<{ x: Shape4; filter: Shape4; strides: Strides; pad: Pad }> = [
      { x: [2, 14, 14, 4], filter: [5, 5, 4, 6], strides: 2, pad: 'same' }, // no crop
      { x: [2, 9, 11, 3], filter: [3, 3, 3, 2], strides: 2, pad: 'valid' }, // crops
      { x: [1, 7, 9, 2], filter: [3, 4, 2, 3], strides: [1, 2], pad: 'same' }, // non-square
      { x: [1, 5, 6, 2], filter: [2, 2, 2, 3], strides: 2, pad: explicitPad(3, 2, 4, 0) },
      { x: [1, 6, 6, 1], filter: [3, 3, 1, 1], strides: 1, pad: 'same' } // one phase
    ]
    const inputs = layers.map((layer, i) => ({
      ...layer,
      xs: seeded(layer.x, 100 + i),
      ws: seeded(layer.filter, 200 + i)
    }))
    const step = (): void => {
      for (const { x, xs, ws, strides, pad } of inputs) {
        const outputs = tf.tidy(() => {
          const f = (a: tf.Tensor, b: tf.Tensor): tf.Tensor4D =>
            tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, strides, pad)
          const grads = tf.grads(f)([xs, ws])
          const back = tf.conv2dTranspose(f(xs, ws), ws, x, strides, pad)
          return [...grads, back]
        })
        expect(outputs).toHaveLength(3)
        tf.dispose(outputs)
      }
    }
    // Warm up once so lazily created backend state is not counted as a leak.
    step()
    const tensorsBefore = tf.memory().numTensors
    const dataIdsBefore = backendDataIds()
    for (let i = 0; i < 5; i++) step()
    expect(tf.memory().numTensors).toBe(tensorsBefore)
    expect(backendDataIds()).toBe(dataIdsBefore)
    tf.dispose(inputs.flatMap(({ xs, ws }) => [xs, ws]))
  })

  it('frees intermediates when called at the kernel level', () => {
    const backend = tf.engine().backend
    const dy = seeded([2, 7, 7, 8], 300)
    const filter = seeded([5, 5, 4, 8], 301)
    const x = seeded([2, 14, 14, 4], 302)
    const attrs = { strides: 2, pad: 'same', dataFormat: 'NHWC' }
    const dataIdsBefore = backendDataIds()
    for (let i = 0; i < 3; i++) {
      const dx = conv2DBackpropInputConfig.kernelFunc({
        inputs: { dy, filter },
        backend,
        attrs: { ...attrs, inputShape: [2, 14, 14, 4] }
      }) as tf.TensorInfo
      const dW = conv2DBackpropFilterConfig.kernelFunc({
        inputs: { x, dy },
        backend,
        attrs: { ...attrs, filterShape: [5, 5, 4, 8] }
      }) as tf.TensorInfo
      expect(dx.shape).toEqual([2, 14, 14, 4])
      expect(dW.shape).toEqual([5, 5, 4, 8])
      expect(backendDataIds()).toBe(dataIdsBefore + 2)
      backend.disposeData(dx.dataId)
      backend.disposeData(dW.dataId)
    }
    expect(backendDataIds()).toBe(dataIdsBefore)
    tf.dispose([dy, filter, x])
  })
})
