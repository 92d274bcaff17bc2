import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  expectClose,
  readAll,
  RELATIVE_TOLERANCE,
  seededValues,
  useBackend,
  type Values
} from '../kernels/backendComparison'
import { useSoftwareWebGpu } from '../../../helpers/webgpuBackend'

// The webgpu backend's own convolution gradients (Conv2DBackpropFilter/Input) and the
// transposed convolution G runs forward, against the cpu backend, on SwiftShader.
// Tolerance: max|webgpu − cpu| ≤ 1e-4 · max|cpu|, as for wasm (backendComparison.ts): both
// are float32 sums of the same products in another order.

type Shape4 = [number, number, number, number]
interface ConvCase {
  name: string
  x: Shape4
  filter: Shape4
  strides: number
  pad: 'same' | 'valid'
}

// Few and small: SwiftShader is slow. The shapes our DCGANs use (5×5, stride 2, same), an odd
// one, stride 1 valid, and one channel.
const cases: ConvCase[] = [
  {
    name: '1 channel, 3x3 s1 same',
    x: [1, 5, 5, 1],
    filter: [3, 3, 1, 1],
    strides: 1,
    pad: 'same'
  },
  { name: '3x3 s1 valid', x: [2, 8, 8, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'valid' },
  {
    name: 'odd image, 3x3 s2 same',
    x: [2, 9, 7, 3],
    filter: [3, 3, 3, 5],
    strides: 2,
    pad: 'same'
  },
  {
    name: 'DCGAN D conv (5x5 s2 same, label planes)',
    x: [2, 28, 28, 5],
    filter: [5, 5, 5, 8],
    strides: 2,
    pad: 'same'
  }
]

const seeded = seededValues(11)

function convGrads(c: ConvCase, x: Values, filter: Values, dy: Values): Values[] {
  return readAll(() =>
    tf.grads((xs: tf.Tensor, ws: tf.Tensor) =>
      tf.conv2d(xs as tf.Tensor4D, ws as tf.Tensor4D, c.strides, c.pad)
    )(
      [tf.tensor(x.data, x.shape), tf.tensor(filter.data, filter.shape)],
      tf.tensor(dy.data, dy.shape)
    )
  )
}

/** G's layer: conv2dTranspose forward, and its gradients with respect to input and filter. */
function transposeForwardAndGrads(
  x: Values,
  filter: Values,
  outShape: Shape4,
  dy: Values
): Values[] {
  return readAll(() => {
    const f = (xs: tf.Tensor, ws: tf.Tensor): tf.Tensor =>
      tf.conv2dTranspose(xs as tf.Tensor4D, ws as tf.Tensor4D, outShape, 2, 'same')
    const xt = tf.tensor(x.data, x.shape)
    const wt = tf.tensor(filter.data, filter.shape)
    return [f(xt, wt), ...tf.grads(f)([xt, wt], tf.tensor(dy.data, dy.shape))]
  })
}

let webgpuChoice: Awaited<ReturnType<typeof useSoftwareWebGpu>>
beforeAll(async () => {
  webgpuChoice = await useSoftwareWebGpu()
})

describe('convolution gradients on webgpu (SwiftShader) match cpu', () => {
  it('runs on the software adapter the test asked for', () => {
    expect(webgpuChoice.backend).toBe('webgpu')
    expect(webgpuChoice.attempts[0]?.adapter).toMatchObject({ fallback: true })
    expect(RELATIVE_TOLERANCE).toBe(1e-4)
  })

  it.each(cases)('conv2d: $name', async (c) => {
    const x = seeded(c.x)
    const filter = seeded(c.filter)
    const yShape = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad).outShape
    const dy = seeded(yShape)
    await useBackend('cpu')
    const reference = convGrads(c, x, filter, dy)
    await useBackend('webgpu')
    const actual = convGrads(c, x, filter, dy)
    expectClose(actual[0]!, reference[0]!, `${c.name}: d/dx`)
    expectClose(actual[1]!, reference[1]!, `${c.name}: d/dfilter`)
  })

  it('conv2dTranspose (G 7→14, 5x5 s2 same): forward and both gradients', async () => {
    const x = seeded([2, 7, 7, 8])
    const filter = seeded([5, 5, 4, 8]) // [h, w, out, in]
    const outShape: Shape4 = [2, 14, 14, 4]
    const dy = seeded(outShape)
    await useBackend('cpu')
    const reference = transposeForwardAndGrads(x, filter, outShape, dy)
    await useBackend('webgpu')
    const actual = transposeForwardAndGrads(x, filter, outShape, dy)
    ;['forward', 'd/dx', 'd/dfilter'].forEach((label, i) =>
      expectClose(actual[i]!, reference[i]!, `conv2dTranspose ${label}`)
    )
  })
})
