// The wasm package registers its stock kernels when first imported; import it before replacing
// any of them, or a later first import would silently put the stock Conv2DBackpropInput back.
import '@tensorflow/tfjs-backend-wasm'
import { registerBatchMatMul } from './batchMatMul'
import { registerConv2DBackpropFilter } from './conv2dBackpropFilter'
import { registerConv2DBackpropInput } from './conv2dBackpropInput'
import { registerIdentity } from './identity'

/**
 * Lets the wasm backend train conv nets fast: registers a Conv2DBackpropFilter (wasm has none)
 * and replaces its loop-based Conv2DBackpropInput (also the forward pass of conv2dTranspose),
 * both built on the backend's XNNPACK Conv2D, and routes transposed matrix products (dense
 * layers' gradients) through XNNPACK too, and lets Identity (the tape's clone of every saved
 * tensor) share data instead of copying. Idempotent; affects the 'wasm' backend only.
 */
export function registerWasmTrainingKernels(): void {
  registerConv2DBackpropFilter()
  registerConv2DBackpropInput()
  registerBatchMatMul()
  registerIdentity()
}
