import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { registerWasmTrainingKernels } from '../../../../src/main/engine/kernels'
import { expectClose, readAll, seededValues, useBackend, type Values } from './backendComparison'

type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding
type Shape4 = [number, number, number, number]

interface TransposeCase {
  name: string
  /** The layer's input (dy of the equivalent forward conv). */
  x: Shape4
  /** [kh, kw, outChannels, inChannels]. */
  filter: Shape4
  output: Shape4
  strides: number | [number, number]
  pad: Pad
}

const cases: TransposeCase[] = [
  {
    name: 'DCGAN G convT1 5x5 s2 same (7 -> 14)',
    x: [2, 7, 7, 8],
    filter: [5, 5, 4, 8],
    output: [2, 14, 14, 4],
    strides: 2,
    pad: 'same'
  },
  {
    name: 'DCGAN G convT2 to 1 channel (14 -> 28)',
    x: [2, 14, 14, 6],
    filter: [5, 5, 1, 6],
    output: [2, 28, 28, 1],
    strides: 2,
    pad: 'same'
  },
  {
    name: '3x3 s1 same, non-square image',
    x: [1, 6, 5, 3],
    filter: [3, 3, 2, 3],
    output: [1, 6, 5, 2],
    strides: 1,
    pad: 'same'
  },
  {
    name: '3x3 s1 valid',
    x: [2, 4, 6, 3],
    filter: [3, 3, 2, 3],
    output: [2, 6, 8, 2],
    strides: 1,
    pad: 'valid'
  },
  {
    name: '3x3 s2 valid, odd output',
    x: [2, 4, 5, 3],
    filter: [3, 3, 2, 3],
    output: [2, 9, 11, 2],
    strides: 2,
    pad: 'valid'
  },
  {
    name: '3x3 s2 valid, even output (extra row)',
    x: [2, 4, 5, 3],
    filter: [3, 3, 2, 3],
    output: [2, 10, 12, 2],
    strides: 2,
    pad: 'valid'
  },
  {
    name: '4x4 s2 same, odd output',
    x: [1, 4, 4, 2],
    filter: [4, 4, 3, 2],
    output: [1, 7, 7, 3],
    strides: 2,
    pad: 'same'
  },
  {
    name: '1 in / 1 out channel, 4x4 s2 same, batch 3',
    x: [3, 5, 5, 1],
    filter: [4, 4, 1, 1],
    output: [3, 10, 10, 1],
    strides: 2,
    pad: 'same'
  },
  {
    name: 'stride [1,2] same, 3x4 kernel',
    x: [2, 5, 4, 3],
    filter: [3, 4, 2, 3],
    output: [2, 5, 8, 2],
    strides: [1, 2],
    pad: 'same'
  },
  {
    name: 'stride [2,3] valid, 2x3 kernel',
    x: [1, 3, 3, 2],
    filter: [2, 3, 4, 2],
    output: [1, 6, 9, 4],
    strides: [2, 3],
    pad: 'valid'
  },
  {
    name: 'stride 3 same, 5x5 kernel',
    x: [2, 3, 4, 2],
    filter: [5, 5, 3, 2],
    output: [2, 9, 12, 3],
    strides: 3,
    pad: 'same'
  },
  {
    name: '1x1 kernel s2 valid',
    x: [1, 4, 4, 3],
    filter: [1, 1, 2, 3],
    output: [1, 7, 7, 2],
    strides: 2,
    pad: 'valid'
  },
  {
    name: '2x2 kernel s3 valid (kernel smaller than stride)',
    x: [1, 3, 3, 2],
    filter: [2, 2, 3, 2],
    output: [1, 8, 8, 3],
    strides: 3,
    pad: 'valid'
  },
  {
    name: 'explicit padding s2, 3x4 kernel',
    x: [1, 4, 5, 2],
    filter: [3, 4, 3, 2],
    output: [1, 7, 9, 3],
    strides: 2,
    pad: [
      [0, 0],
      [1, 2],
      [2, 1],
      [0, 0]
    ]
  },
  {
    name: 'explicit padding larger than the kernel, s2',
    x: [1, 5, 5, 2],
    filter: [2, 2, 3, 2],
    output: [1, 5, 6, 3],
    strides: 2,
    pad: [
      [0, 0],
      [3, 2],
      [4, 0],
      [0, 0]
    ]
  },
  {
    name: 'numeric padding 1, s2',
    x: [2, 4, 4, 3],
    filter: [3, 3, 2, 3],
    output: [2, 7, 7, 2],
    strides: 2,
    pad: 1
  },
  {
    name: 'many channels, 5x5 s2 same',
    x: [2, 4, 4, 32],
    filter: [5, 5, 16, 32],
    output: [2, 8, 8, 16],
    strides: 2,
    pad: 'same'
  }
]

const seeded = seededValues(1000)

function convTranspose(c: TransposeCase, x: tf.Tensor, filter: tf.Tensor): tf.Tensor4D {
  return tf.conv2dTranspose(x as tf.Tensor4D, filter as tf.Tensor4D, c.output, c.strides, c.pad)
}

function run(c: TransposeCase, x: Values, filter: Values, dy: Values): Values[] {
  return readAll(() => {
    const xs = tf.tensor(x.data, x.shape)
    const ws = tf.tensor(filter.data, filter.shape)
    const y = convTranspose(c, xs, ws)
    const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => convTranspose(c, a, b))(
      [xs, ws],
      tf.tensor(dy.data, dy.shape)
    )
    return [y, ...grads]
  })
}

beforeAll(async () => {
  registerWasmTrainingKernels()
  await useBackend('wasm')
})

describe('conv2dTranspose on wasm matches cpu', () => {
  it.each(cases)('$name', async (c) => {
    await useBackend('cpu')
    const x = seeded(c.x)
    const filter = seeded(c.filter)
    const dy = seeded(c.output)
    const reference = run(c, x, filter, dy)

    await useBackend('wasm')
    const actual = run(c, x, filter, dy)

    const labels = ['forward', 'd/dx', 'd/dfilter']
    expect(actual).toHaveLength(labels.length)
    labels.forEach((label, i) => {
      expectClose(actual[i] as Values, reference[i] as Values, `${c.name}: ${label}`)
    })
  })
})
