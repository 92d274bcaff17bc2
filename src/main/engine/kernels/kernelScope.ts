import {
  getKernel,
  type KernelBackend,
  type NamedAttrMap,
  type NamedTensorInfoMap,
  type TensorInfo
} from '@tensorflow/tfjs'

type Pair = [number, number]

/** A kernel's named input, or a clear error if the caller left it out. */
export function requireInput(
  kernelName: string,
  inputs: NamedTensorInfoMap,
  name: string
): TensorInfo {
  const input = inputs[name]
  if (input === undefined) throw new Error(`${kernelName}: missing input '${name}'.`)
  return input
}

/**
 * Runs one backend's registered kernels directly on TensorInfos (no tensors, no tape, no
 * engine bookkeeping) and remembers every output, so a composite kernel frees all of its
 * intermediates in one place, also when a step throws.
 */
export class KernelScope {
  private readonly owned: TensorInfo[] = []

  constructor(
    private readonly backend: KernelBackend,
    private readonly backendName: string
  ) {}

  run(kernelName: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
    const kernel = getKernel(kernelName, this.backendName)
    if (kernel === undefined) {
      throw new Error(`Kernel '${kernelName}' is not registered for backend '${this.backendName}'.`)
    }
    const out = kernel.kernelFunc({ inputs, backend: this.backend, attrs })
    if (Array.isArray(out)) {
      throw new Error(`Kernel '${kernelName}' returned several outputs; expected one.`)
    }
    this.owned.push(out)
    return out
  }

  /** Hands `result` to the caller: `dispose` will not free it. */
  keep(result: TensorInfo): TensorInfo {
    const index = this.owned.indexOf(result)
    if (index >= 0) this.owned.splice(index, 1)
    return result
  }

  /** Frees every output not kept. Backend data is ref-counted, so Reshape outputs are safe too. */
  dispose(): void {
    for (const info of this.owned.splice(0)) this.backend.disposeData(info.dataId)
  }

  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape })
  }

  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    return this.run('Transpose', { x }, { perm })
  }

  pad(x: TensorInfo, paddings: Pair[]): TensorInfo {
    return this.run('PadV2', { x }, { paddings, constantValue: 0 })
  }

  slice(x: TensorInfo, begin: number[], size: number[]): TensorInfo {
    return this.run('Slice', { x }, { begin, size })
  }

  /**
   * Reverses axis 0. wasm's Reverse (like GatherV2, or StridedSlice with stride -1) spends
   * ~40 ns per element on index arithmetic; a reflecting MirrorPad, whose first rows are the
   * reversed input, plus a contiguous Slice of those rows is ~5x faster (2.5 vs 12 ms for a
   * 5x5x64x128 filter's phase stack).
   */
  reverseAxis0(x: TensorInfo): TensorInfo {
    const [length = 1, ...rest] = x.shape
    if (length === 1) return this.reshape(x, x.shape)
    const mirrored = this.run(
      'MirrorPad',
      { x },
      { paddings: [[length - 1, 0], ...rest.map((): Pair => [0, 0])], mode: 'reflect' }
    )
    return this.slice(
      mirrored,
      x.shape.map(() => 0),
      x.shape
    )
  }

  /** Stride-1 NHWC Conv2D with explicit [top, bottom] / [left, right] padding. */
  conv2d(x: TensorInfo, filter: TensorInfo, padH: Pair, padW: Pair, dilations: Pair): TensorInfo {
    return this.run(
      'Conv2D',
      { x, filter },
      { strides: [1, 1], pad: [[0, 0], padH, padW, [0, 0]], dataFormat: 'NHWC', dilations }
    )
  }
}
