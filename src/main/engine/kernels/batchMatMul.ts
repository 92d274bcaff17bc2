import {
  BatchMatMul,
  type KernelConfig,
  type KernelBackend,
  type KernelFunc,
  type TensorInfo
} from '@tensorflow/tfjs'
import { KernelScope, requireInput } from './kernelScope'
import { replaceWasmKernel } from './replaceKernel'

/**
 * Below this many rows and columns in the product, the stock kernel's transposed path is
 * as fast as transposing first (measured: a 6272×1 weight gradient is faster stock).
 */
const MIN_OUTPUT_SIDE = 8

let stock: KernelConfig | undefined

function swapLastAxes(scope: KernelScope, x: TensorInfo): TensorInfo {
  const perm = x.shape.map((_, i) => i)
  const n = perm.length
  ;[perm[n - 2], perm[n - 1]] = [perm[n - 1]!, perm[n - 2]!]
  return scope.transpose(x, perm)
}

/**
 * wasm's BatchMatMul hands a transposed operand to a naive loop instead of XNNPACK: a
 * dense layer's weight and input gradients (aᵀ·dy, dy·wᵀ) ran about 10× slower than
 * transposing explicitly and multiplying plainly (68 ms against 7 ms for the 28×28
 * generator's 110→6272 layer at batch 64). So transpose first, then call the stock kernel.
 */
const batchMatMul: KernelFunc = ({ inputs, backend, attrs }) => {
  const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean }
  const a = requireInput(BatchMatMul, inputs, 'a')
  const b = requireInput(BatchMatMul, inputs, 'b')
  const rows = a.shape[a.shape.length - (transposeA ? 1 : 2)]!
  const cols = b.shape[b.shape.length - (transposeB ? 2 : 1)]!
  const plain = stock!.kernelFunc
  if ((!transposeA && !transposeB) || Math.min(rows, cols) < MIN_OUTPUT_SIDE) {
    return plain({ inputs, backend, attrs })
  }
  const scope = new KernelScope(backend as KernelBackend, 'wasm')
  try {
    const a2 = transposeA ? swapLastAxes(scope, a) : a
    const b2 = transposeB ? swapLastAxes(scope, b) : b
    return plain({
      inputs: { a: a2, b: b2 },
      backend,
      attrs: { ...attrs, transposeA: false, transposeB: false }
    }) as TensorInfo
  } finally {
    scope.dispose()
  }
}

/** Replaces wasm's BatchMatMul by the transpose-first form above. Idempotent. */
export function registerBatchMatMul(): void {
  stock ??= replaceWasmKernel(BatchMatMul, batchMatMul, { wraps: true })
}
