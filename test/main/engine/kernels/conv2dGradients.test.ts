import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { registerWasmTrainingKernels } from '../../../../src/main/engine/kernels'
import { expectClose, readAll, seededValues, useBackend, type Values } from './backendComparison'

type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding
type Shape4 = [number, number, number, number]

interface ConvCase {
  name: string
  x: Shape4
  filter: Shape4
  strides: number | [number, number]
  pad: Pad
}

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
    name: 'odd non-square image, 3x2 kernel, s2 same',
    x: [2, 9, 7, 3],
    filter: [3, 2, 3, 5],
    strides: 2,
    pad: 'same'
  },
  {
    name: 'even image, 5x5 s2 valid',
    x: [3, 10, 12, 4],
    filter: [5, 5, 4, 6],
    strides: 2,
    pad: 'valid'
  },
  {
    name: 'even kernel 4x4 s2 same',
    x: [2, 11, 11, 2],
    filter: [4, 4, 2, 3],
    strides: 2,
    pad: 'same'
  },
  {
    name: 'stride [1,2] same',
    x: [1, 7, 9, 3],
    filter: [3, 3, 3, 2],
    strides: [1, 2],
    pad: 'same'
  },
  {
    name: 'stride [2,1] valid, 2x3 kernel',
    x: [2, 9, 8, 2],
    filter: [2, 3, 2, 4],
    strides: [2, 1],
    pad: 'valid'
  },
  {
    name: 'stride [2,3] same, 3x5 kernel',
    x: [2, 8, 13, 2],
    filter: [3, 5, 2, 3],
    strides: [2, 3],
    pad: 'same'
  },
  {
    name: 'stride 3 same, 5x3 kernel',
    x: [2, 13, 11, 2],
    filter: [5, 3, 2, 3],
    strides: 3,
    pad: 'same'
  },
  {
    name: 'stride 4 valid, kernel smaller than stride',
    x: [2, 14, 15, 3],
    filter: [3, 2, 3, 2],
    strides: 4,
    pad: 'valid'
  },
  {
    name: '1x1 kernel s2 valid (skipped pixels)',
    x: [1, 12, 12, 1],
    filter: [1, 1, 1, 8],
    strides: 2,
    pad: 'valid'
  },
  {
    name: 'explicit padding s2',
    x: [2, 10, 10, 3],
    filter: [3, 3, 3, 2],
    strides: 2,
    pad: [
      [0, 0],
      [1, 2],
      [2, 0],
      [0, 0]
    ]
  },
  {
    name: 'explicit padding larger than the kernel, s2',
    x: [1, 5, 6, 2],
    filter: [2, 2, 2, 3],
    strides: 2,
    pad: [
      [0, 0],
      [3, 2],
      [4, 0],
      [0, 0]
    ]
  },
  { name: 'numeric padding 1, s2', x: [2, 9, 9, 2], filter: [3, 3, 2, 4], strides: 2, pad: 1 },
  {
    name: 'many channels, 5x5 s2 same',
    x: [2, 8, 8, 16],
    filter: [5, 5, 16, 32],
    strides: 2,
    pad: 'same'
  },
  {
    name: 'DCGAN D conv1 (batch 4)',
    x: [4, 28, 28, 11],
    filter: [5, 5, 11, 16],
    strides: 2,
    pad: 'same'
  },
  {
    name: 'DCGAN D conv2 (batch 2)',
    x: [2, 14, 14, 16],
    filter: [5, 5, 16, 24],
    strides: 2,
    pad: 'same'
  }
]

const seeded = seededValues(1)

/** [d/dx, d/dfilter] of conv2d for upstream gradient `dy`. */
function conv2dGrads(c: ConvCase, x: Values, filter: Values, dy: Values): Values[] {
  return readAll(() => {
    const f = (xs: tf.Tensor, ws: tf.Tensor): tf.Tensor =>
      tf.conv2d(xs as tf.Tensor4D, ws as tf.Tensor4D, c.strides, c.pad)
    return tf.grads(f)(
      [tf.tensor(x.data, x.shape), tf.tensor(filter.data, filter.shape)],
      tf.tensor(dy.data, dy.shape)
    )
  })
}

beforeAll(async () => {
  registerWasmTrainingKernels()
  await useBackend('wasm')
})

describe('conv2d gradients on wasm match cpu', () => {
  it.each(cases)('$name', async (c) => {
    await useBackend('cpu')
    const x = seeded(c.x)
    const filter = seeded(c.filter)
    const yShape = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad).outShape
    const dy = seeded(yShape)
    const reference = conv2dGrads(c, x, filter, dy)

    await useBackend('wasm')
    const actual = conv2dGrads(c, x, filter, dy)

    const labels = ['d/dx', 'd/dfilter']
    expect(actual).toHaveLength(labels.length)
    labels.forEach((label, i) => {
      expectClose(actual[i] as Values, reference[i] as Values, `${c.name}: ${label}`)
    })
  })
})
