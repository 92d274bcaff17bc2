import '@tensorflow/tfjs-backend-wasm'
import { beforeAll, describe, it } from 'vitest'
import { useWasmBackend } from '../../../helpers/wasmBackend'
import {
  expectConv2dTransposeMatchesCpu,
  explicitPad,
  seededValues,
  transpose,
  type TransposeCase
} from './backendComparison'

// One case a row: input, filter, output, strides, padding, name.
// prettier-ignore
const cases: TransposeCase[] = [
  transpose([2, 7, 7, 8],   [5, 5, 4, 8],   [2, 14, 14, 4], 2,      'same',                  'DCGAN G convT1 5x5 s2 same (7 -> 14)'),
  transpose([2, 14, 14, 6], [5, 5, 1, 6],   [2, 28, 28, 1], 2,      'same',                  'DCGAN G convT2 to 1 channel (14 -> 28)'),
  transpose([1, 6, 5, 3],   [3, 3, 2, 3],   [1, 6, 5, 2],   1,      'same',                  '3x3 s1 same, non-square image'),
  transpose([2, 4, 6, 3],   [3, 3, 2, 3],   [2, 6, 8, 2],   1,      'valid',                 '3x3 s1 valid'),
  transpose([2, 4, 5, 3],   [3, 3, 2, 3],   [2, 9, 11, 2],  2,      'valid',                 '3x3 s2 valid, odd output'),
  transpose([2, 4, 5, 3],   [3, 3, 2, 3],   [2, 10, 12, 2], 2,      'valid',                 '3x3 s2 valid, even output (extra row)'),
  transpose([1, 4, 4, 2],   [4, 4, 3, 2],   [1, 7, 7, 3],   2,      'same',                  '4x4 s2 same, odd output'),
  transpose([3, 5, 5, 1],   [4, 4, 1, 1],   [3, 10, 10, 1], 2,      'same',                  '1 in / 1 out channel, 4x4 s2 same, batch 3'),
  transpose([2, 5, 4, 3],   [3, 4, 2, 3],   [2, 5, 8, 2],   [1, 2], 'same',                  'stride [1,2] same, 3x4 kernel'),
  transpose([1, 3, 3, 2],   [2, 3, 4, 2],   [1, 6, 9, 4],   [2, 3], 'valid',                 'stride [2,3] valid, 2x3 kernel'),
  transpose([2, 3, 4, 2],   [5, 5, 3, 2],   [2, 9, 12, 3],  3,      'same',                  'stride 3 same, 5x5 kernel'),
  transpose([1, 4, 4, 3],   [1, 1, 2, 3],   [1, 7, 7, 2],   2,      'valid',                 '1x1 kernel s2 valid'),
  transpose([1, 3, 3, 2],   [2, 2, 3, 2],   [1, 8, 8, 3],   3,      'valid',                 '2x2 kernel s3 valid (kernel smaller than stride)'),
  transpose([1, 4, 5, 2],   [3, 4, 3, 2],   [1, 7, 9, 3],   2,      explicitPad(1, 2, 2, 1), 'explicit padding s2, 3x4 kernel'),
  transpose([1, 5, 5, 2],   [2, 2, 3, 2],   [1, 5, 6, 3],   2,      explicitPad(3, 2, 4, 0), 'explicit padding larger than the kernel, s2'),
  transpose([2, 4, 4, 3],   [3, 3, 2, 3],   [2, 7, 7, 2],   2,      1,                       'numeric padding 1, s2'),
  transpose([2, 4, 4, 32],  [5, 5, 16, 32], [2, 8, 8, 16],  2,      'same',                  'many channels, 5x5 s2 same')
]

const seeded = seededValues(1000)

beforeAll(useWasmBackend)

describe('conv2dTranspose on wasm matches cpu', () => {
  it.each(cases)('$name', (c) => expectConv2dTransposeMatchesCpu('wasm', c, seeded))
})
