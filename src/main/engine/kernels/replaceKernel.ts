import {
  getKernel,
  registerKernel,
  unregisterKernel,
  type KernelConfig,
  type KernelFunc
} from '@tensorflow/tfjs'

/**
 * Makes `kernelFunc` the wasm backend's `kernelName` kernel in place of the one registered, and
 * returns that one (undefined where there was none). Idempotent: where `kernelFunc` is in place
 * already it changes nothing and returns undefined. A kernel that `wraps` the stock one (calls
 * it) needs it there, and keeps its setup and dispose functions, which bind its wasm code when
 * the backend starts.
 */
export function replaceWasmKernel(
  kernelName: string,
  kernelFunc: KernelFunc,
  { wraps = false }: { wraps?: boolean } = {}
): KernelConfig | undefined {
  const current = getKernel(kernelName, 'wasm') as KernelConfig | undefined
  if (current?.kernelFunc === kernelFunc) return undefined
  if (current === undefined && wraps) {
    throw new Error(`The wasm backend has no ${kernelName} kernel to wrap.`)
  }
  if (current !== undefined) unregisterKernel(kernelName, 'wasm')
  registerKernel({
    kernelName,
    backendName: 'wasm',
    kernelFunc,
    ...(wraps && current ? { setupFunc: current.setupFunc, disposeFunc: current.disposeFunc } : {})
  })
  return current
}
