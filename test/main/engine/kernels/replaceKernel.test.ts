import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { afterEach, describe, expect, it } from 'vitest'
import { convGradientShapes } from '../../../../src/main/engine/kernels/convGeometry'
import { replaceWasmKernel } from '../../../../src/main/engine/kernels/replaceKernel'

// A kernel name no backend has, so these tests never disturb the kernels training uses.
const NAME = 'ReplaceKernelTest'
const first: tf.KernelFunc = () => ({ dataId: {}, shape: [], dtype: 'float32' })
const second: tf.KernelFunc = () => ({ dataId: {}, shape: [1], dtype: 'float32' })

afterEach(() => {
  if (tf.getKernel(NAME, 'wasm')) tf.unregisterKernel(NAME, 'wasm')
})

describe('replacing a wasm kernel', () => {
  it('registers where there was none, and a second call with the same kernel changes nothing', () => {
    expect(replaceWasmKernel(NAME, first)).toBeUndefined()
    expect(tf.getKernel(NAME, 'wasm')?.kernelFunc).toBe(first)
    expect(replaceWasmKernel(NAME, first)).toBeUndefined()
    expect(tf.getKernel(NAME, 'wasm')?.kernelFunc).toBe(first)
  })

  it('hands back the kernel it replaced, whose setup a wrapper keeps', () => {
    const setupFunc = (): void => undefined
    tf.registerKernel({ kernelName: NAME, backendName: 'wasm', kernelFunc: first, setupFunc })
    const replaced = replaceWasmKernel(NAME, second, { wraps: true })
    expect(replaced?.kernelFunc).toBe(first)
    const now = tf.getKernel(NAME, 'wasm')
    expect(now?.kernelFunc).toBe(second)
    expect(now?.setupFunc).toBe(setupFunc)
  })

  it('refuses to wrap a kernel the backend does not have, naming it', () => {
    expect(() => replaceWasmKernel(NAME, first, { wraps: true })).toThrow(
      /The wasm backend has no ReplaceKernelTest kernel to wrap/
    )
    expect(tf.getKernel(NAME, 'wasm')).toBeUndefined()
  })
})

describe("a conv gradient's operands", () => {
  const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', dimRoundingMode: 'floor' }
  const info = (shape: number[]): tf.TensorInfo => ({ dataId: {}, shape, dtype: 'float32' })

  it('come from the inputs, or for the one computed from its attr', () => {
    const g = convGradientShapes(
      'Conv2DBackpropFilter',
      { x: info([2, 8, 6, 3]), dy: info([2, 8, 6, 4]) },
      { ...attrs, filterShape: [3, 3, 3, 4] }
    )
    expect(g).toMatchObject({ batch: 2, inHeight: 8, inWidth: 6, inChannels: 3, outChannels: 4 })
    expect(g).toMatchObject({ filterHeight: 3, filterWidth: 3, padTop: 1, padLeft: 1 })
  })

  it('name the input or attr that is missing or wrong', () => {
    expect(() =>
      convGradientShapes('Conv2DBackpropInput', { dy: info([2, 8, 6, 4]) }, { ...attrs })
    ).toThrow("Conv2DBackpropInput: missing input 'x' or attr 'inputShape'.")
    expect(() =>
      convGradientShapes(
        'Conv2DBackpropInput',
        { dy: info([2, 8, 6, 4]), filter: info([3, 3, 3]) },
        { ...attrs, inputShape: [2, 8, 6, 3] }
      )
    ).toThrow('Conv2DBackpropInput: filter must be rank 4, got shape [3, 3, 3].')
  })
})
