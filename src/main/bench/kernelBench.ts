import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { conv2DBackpropFilterConfig } from '../engine/kernels/conv2dBackpropFilter'
import {
  conv2DBackpropInputConfig,
  stockConv2DBackpropInputConfig
} from '../engine/kernels/conv2dBackpropInput'
import type { Shape4 } from '../engine/kernels/convGeometry'
import { registerWasmTrainingKernels } from '../engine/kernels/index'

export interface ConvKernelTiming {
  name: string
  /** Median wall time of one kernel call. */
  ms: number
  /** Nominal conv FLOPs (2·B·outH·outW·kh·kw·inC·outC, the same for all three kernels) / time. */
  gflops: number
}

export interface BenchConvOptions {
  warmup?: number
  runs?: number
}

interface Layer {
  name: string
  /** The forward conv's input; for a conv2dTranspose layer, its output. */
  x: Shape4
  /** [kh, kw, inC, outC] of the forward conv. */
  filter: Shape4
}

// The 28x28 DCGAN's conv layers, batch 64, all 5x5 stride 2 'same'. A conv2dTranspose layer is
// the Conv2DBackpropInput of the conv it transposes: G convT1 (7x7x128 -> 14x14x64) is that of
// a 14x14x64 -> 7x7x128 conv.
const LAYERS: Layer[] = [
  { name: 'D conv1', x: [64, 28, 28, 11], filter: [5, 5, 11, 64] },
  { name: 'D conv2', x: [64, 14, 14, 64], filter: [5, 5, 64, 128] },
  { name: 'G convT1', x: [64, 14, 14, 64], filter: [5, 5, 64, 128] },
  { name: 'G convT2', x: [64, 28, 28, 1], filter: [5, 5, 1, 64] }
]
const STRIDES = 2
const PAD = 'same'

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const hi = sorted[mid] ?? NaN
  return sorted.length % 2 === 1 ? hi : ((sorted[mid - 1] ?? NaN) + hi) / 2
}

/**
 * Median ms of each call (synchronous on wasm), freeing each output. Calls take turns, one
 * round at a time, so on a shared machine a burst of load hits all of them alike.
 */
function timeRoundRobin(
  backend: tf.KernelBackend,
  calls: Array<() => tf.TensorInfo | tf.TensorInfo[]>,
  warmup: number,
  runs: number
): number[] {
  const samples = calls.map((): number[] => [])
  for (let round = 0; round < warmup + runs; round++) {
    calls.forEach((call, i) => {
      const start = performance.now()
      const out = call()
      const elapsed = performance.now() - start
      for (const info of Array.isArray(out) ? out : [out]) backend.disposeData(info.dataId)
      if (round >= warmup) samples[i]?.push(elapsed)
    })
  }
  return samples.map(median)
}

/** What a kernel is called with, besides its backend. */
type KernelArgs = { inputs: tf.NamedTensorInfoMap; attrs: tf.NamedAttrMap }

/**
 * Times, on the wasm backend, the stock forward Conv2D, our Conv2DBackpropFilter and
 * Conv2DBackpropInput, and the stock Conv2DBackpropInput on the 28x28 DCGAN's layers.
 * Kernels are called directly on backend data, so only the kernels are timed. The forward
 * Conv2D reuses its filter, so its XNNPACK weight packing is cached; the backprop kernels
 * build (and pack) a new filter every call, as they must.
 */
export async function benchConvKernels(
  options: BenchConvOptions = {}
): Promise<Array<{ name: string; ms: number; gflops: number }>> {
  const { warmup = 2, runs = 7 } = options
  // Undefined (despite its type) when no backend has been initialised yet.
  const previous = tf.getBackend() as string | undefined
  if (!(await tf.setBackend('wasm'))) throw new Error("The 'wasm' backend could not be set.")
  registerWasmTrainingKernels()
  const backend = tf.engine().backend
  const stockForward = tf.getKernel('Conv2D', 'wasm')
  const stockBackpropInput = stockConv2DBackpropInputConfig()
  if (stockBackpropInput === undefined) {
    throw new Error("The wasm backend's stock Conv2DBackpropInput is not available.")
  }
  // It may have been unregistered before the backend ran the setup functions of its kernels.
  stockBackpropInput.setupFunc?.(backend)

  const results: ConvKernelTiming[] = []
  try {
    LAYERS.forEach((layer, index) => {
      const [x, filter] = [layer.x, layer.filter].map((shape, i) =>
        tf.randomNormal(shape, 0, 1, 'float32', 10 * index + i)
      ) as [tf.Tensor4D, tf.Tensor4D]
      const info = tf.backend_util.computeConv2DInfo(layer.x, layer.filter, STRIDES, 1, PAD)
      const dy = tf.randomNormal(info.outShape, 0, 1, 'float32', 10 * index + 2)
      const [batch, outHeight, outWidth, outChannels] = info.outShape
      const [filterHeight, filterWidth, inChannels] = layer.filter
      const flops =
        2 * batch * outHeight * outWidth * filterHeight * filterWidth * inChannels * outChannels
      const attrs = { strides: STRIDES, pad: PAD, dataFormat: 'NHWC', dimRoundingMode: 'floor' }
      const forward = { inputs: { x, filter }, attrs: { ...attrs, dilations: 1 } }
      const backpropFilter = { inputs: { x, dy }, attrs: { ...attrs, filterShape: layer.filter } }
      const backpropInput = { inputs: { dy, filter }, attrs: { ...attrs, inputShape: layer.x } }
      const call = (kernelFunc: tf.KernelFunc, args: KernelArgs) => () =>
        kernelFunc({ ...args, backend })

      const kernels: Array<[string, () => tf.TensorInfo | tf.TensorInfo[]]> = [
        ['Conv2D (stock, forward)', call(stockForward.kernelFunc, forward)],
        ['Conv2DBackpropFilter', call(conv2DBackpropFilterConfig.kernelFunc, backpropFilter)],
        ['Conv2DBackpropInput', call(conv2DBackpropInputConfig.kernelFunc, backpropInput)],
        ['Conv2DBackpropInput (stock)', call(stockBackpropInput.kernelFunc, backpropInput)]
      ]
      const times = timeRoundRobin(
        backend,
        kernels.map(([, run]) => run),
        warmup,
        runs
      )
      kernels.forEach(([kernelName], i) => {
        const ms = times[i] ?? NaN
        results.push({ name: `${layer.name} ${kernelName}`, ms, gflops: flops / (ms * 1e6) })
      })
      tf.dispose([x, filter, dy])
    })
  } finally {
    if (typeof previous === 'string' && previous !== 'wasm') await tf.setBackend(previous)
  }
  return results
}
