import { beforeAll, describe, expect, it } from 'vitest'
import {
  expectConv2dGradsMatchCpu,
  expectConv2dTransposeMatchesCpu,
  RELATIVE_TOLERANCE,
  seededValues,
  conv,
  transpose,
  type ConvCase
} from '../kernels/backendComparison'
import { useSoftwareWebGpu } from '../../../helpers/webgpuBackend'

// The webgpu backend's own convolution gradients (Conv2DBackpropFilter/Input) and the
// transposed convolution G runs forward, against the cpu backend, on SwiftShader.
// Tolerance: max|webgpu − cpu| ≤ 1e-4 · max|cpu|, as for wasm (backendComparison.ts): both
// are float32 sums of the same products in another order.

// Few and small: SwiftShader is slow. The shapes our DCGANs use (5×5, stride 2, same), an odd
// one, stride 1 valid, and one channel.
const cases: ConvCase[] = [
  conv('1 channel, 3x3 s1 same', [1, 5, 5, 1], [3, 3, 1, 1], 1, 'same'),
  conv('3x3 s1 valid', [2, 8, 8, 3], [3, 3, 3, 4], 1, 'valid'),
  conv('odd image, 3x3 s2 same', [2, 9, 7, 3], [3, 3, 3, 5], 2, 'same'),
  conv('DCGAN D conv (5x5 s2 same, label planes)', [2, 28, 28, 5], [5, 5, 5, 8], 2, 'same')
]

const seeded = seededValues(11)

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

  it.each(cases)('conv2d: $name', (c) => expectConv2dGradsMatchCpu('webgpu', c, seeded))

  it('conv2dTranspose (G 7→14, 5x5 s2 same): forward and both gradients', () =>
    expectConv2dTransposeMatchesCpu(
      'webgpu',
      transpose([2, 7, 7, 8], [5, 5, 4, 8], [2, 14, 14, 4], 2, 'same', 'conv2dTranspose'),
      seeded
    ))
})
