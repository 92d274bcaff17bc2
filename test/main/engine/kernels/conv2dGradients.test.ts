import '@tensorflow/tfjs-backend-wasm'
import { beforeAll, describe, it } from 'vitest'
import { useWasmBackend } from '../../../helpers/wasmBackend'
import {
  conv,
  expectConv2dGradsMatchCpu,
  explicitPad,
  seededValues,
  type ConvCase
} from './backendComparison'

const cases: ConvCase[] = [
  conv('1 channel, 3x3 s1 same', [1, 5, 5, 1], [3, 3, 1, 1], 1, 'same'),
  conv('3x3 s1 valid', [2, 8, 8, 3], [3, 3, 3, 4], 1, 'valid'),
  conv('odd non-square image, 3x2 kernel, s2 same', [2, 9, 7, 3], [3, 2, 3, 5], 2, 'same'),
  conv('even image, 5x5 s2 valid', [3, 10, 12, 4], [5, 5, 4, 6], 2, 'valid'),
  conv('even kernel 4x4 s2 same', [2, 11, 11, 2], [4, 4, 2, 3], 2, 'same'),
  conv('stride [1,2] same', [1, 7, 9, 3], [3, 3, 3, 2], [1, 2], 'same'),
  conv('stride [2,1] valid, 2x3 kernel', [2, 9, 8, 2], [2, 3, 2, 4], [2, 1], 'valid'),
  conv('stride [2,3] same, 3x5 kernel', [2, 8, 13, 2], [3, 5, 2, 3], [2, 3], 'same'),
  conv('stride 3 same, 5x3 kernel', [2, 13, 11, 2], [5, 3, 2, 3], 3, 'same'),
  conv('stride 4 valid, kernel smaller than stride', [2, 14, 15, 3], [3, 2, 3, 2], 4, 'valid'),
  conv('1x1 kernel s2 valid (skipped pixels)', [1, 12, 12, 1], [1, 1, 1, 8], 2, 'valid'),
  conv('explicit padding s2', [2, 10, 10, 3], [3, 3, 3, 2], 2, explicitPad(1, 2, 2, 0)),
  conv(
    'explicit padding larger than the kernel, s2',
    [1, 5, 6, 2],
    [2, 2, 2, 3],
    2,
    explicitPad(3, 2, 4, 0)
  ),
  conv('numeric padding 1, s2', [2, 9, 9, 2], [3, 3, 2, 4], 2, 1),
  conv('many channels, 5x5 s2 same', [2, 8, 8, 16], [5, 5, 16, 32], 2, 'same'),
  conv('DCGAN D conv1 (batch 4)', [4, 28, 28, 11], [5, 5, 11, 16], 2, 'same'),
  conv('DCGAN D conv2 (batch 2)', [2, 14, 14, 16], [5, 5, 16, 24], 2, 'same')
]

const seeded = seededValues(1)

beforeAll(useWasmBackend)

describe('conv2d gradients on wasm match cpu', () => {
  it.each(cases)('$name', (c) => expectConv2dGradsMatchCpu('wasm', c, seeded))
})
