import {
  Conv2DBackpropFilter,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo
} from '@tensorflow/tfjs'
import { convGradientShapes } from './convGeometry'
import { KernelScope, requireInput } from './kernelScope'
import { replaceWasmKernel } from './replaceKernel'

// The filter gradient, with xp = x padded as in the forward pass:
//   dW[kh,kw,c,o] = Σ_{b,i,j} xp[b, sh·i + kh, sw·j + kw, c] · dy[b,i,j,o]
// Swap batch and channels, X[c,h,w,b] = xp[b,h,w,c], and read dy as a filter F[i,j,b,o]:
//   dW[kh,kw,c,o] = Σ_{i,j,b} X[c, kh + sh·i, kw + sw·j, b] · F[i,j,b,o]
// which is one stride-1 Conv2D of X by F dilated by the forward stride; its output is
// [C, kh, kw, O] (after a crop, see below), transposed to [kh, kw, C, O].
const conv2DBackpropFilter: KernelFunc = ({ inputs, backend, attrs }): TensorInfo => {
  const x = requireInput(Conv2DBackpropFilter, inputs, 'x')
  const dy = requireInput(Conv2DBackpropFilter, inputs, 'dy')
  const g = convGradientShapes(Conv2DBackpropFilter, inputs, attrs)

  // Pad the bottom/right only as far as the last forward window reached, so the conv yields
  // exactly kh×kw positions; only when the forward pass left trailing rows/columns of x unread
  // is the output larger, and cropped.
  const padBottom = Math.max(
    0,
    (g.outHeight - 1) * g.strideHeight + g.filterHeight - g.inHeight - g.padTop
  )
  const padRight = Math.max(
    0,
    (g.outWidth - 1) * g.strideWidth + g.filterWidth - g.inWidth - g.padLeft
  )

  const scope = new KernelScope(backend as KernelBackend, 'wasm')
  try {
    const xByChannel = scope.transpose(x, [3, 1, 2, 0])
    const dyAsFilter = scope.transpose(dy, [1, 2, 0, 3])
    let dW = scope.conv2d(
      xByChannel,
      dyAsFilter,
      [g.padTop, padBottom],
      [g.padLeft, padRight],
      [g.strideHeight, g.strideWidth]
    )
    if (dW.shape[1] !== g.filterHeight || dW.shape[2] !== g.filterWidth) {
      dW = scope.slice(
        dW,
        [0, 0, 0, 0],
        [g.inChannels, g.filterHeight, g.filterWidth, g.outChannels]
      )
    }
    return scope.keep(scope.transpose(dW, [1, 2, 0, 3]))
  } finally {
    scope.dispose()
  }
}

export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter
}

/**
 * Registers the wasm Conv2DBackpropFilter (tfjs-backend-wasm 4.22 has none, so tf.grad of a
 * conv2d w.r.t. its filter throws there); replaces any other one; idempotent.
 */
export function registerConv2DBackpropFilter(): void {
  replaceWasmKernel(Conv2DBackpropFilter, conv2DBackpropFilter)
}
