import { Identity, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs'
import { requireInput } from './kernelScope'
import { replaceWasmKernel } from './replaceKernel'

let stock: KernelConfig | undefined

interface RefCounting {
  incRef(dataId: object): void
}

/**
 * wasm's Identity copies its input. Under a gradient tape tfjs clones every tensor a
 * kernel saves for the backward pass (engine.saveTensorsForBackwardMode), so a training
 * step copied each large activation once more (~90 copies a step on the 28×28 model, up to
 * 6 MB each). Tensors are immutable, so the clone can share the data, as the cpu and WebGL
 * backends' Identity do (and wasm's own Reshape): one more reference, no copy.
 */
const identity: KernelFunc = ({ inputs, backend, attrs }) => {
  const x = requireInput(Identity, inputs, 'x')
  if (x.dtype === 'string') return stock!.kernelFunc({ inputs, backend, attrs })
  ;(backend as unknown as RefCounting).incRef(x.dataId)
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype } satisfies TensorInfo
}

/** Replaces wasm's copying Identity by the sharing one above. Idempotent. */
export function registerIdentity(): void {
  stock ??= replaceWasmKernel(Identity, identity, { wraps: true })
}
