import {
  Conv2DBackpropInput,
  getKernel,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo
} from '@tensorflow/tfjs'
import { asShape4, convGradientShapes } from './convGeometry'
import { KernelScope, requireInput } from './kernelScope'
import { replaceWasmKernel } from './replaceKernel'

// dx is the transposed conv of dy. Along one axis, with stride s, k taps and top padding p:
//   dx[h] = Σ_{i,t : s·i + t = h + p} dy[i] · W[t]
// Split u = h + p = s·q + r into a phase r ∈ [0, s); then t = s·m + r and i = q − m:
//   dx(q, r) = Σ_{m < M} dy[q − m] · W[s·m + r],   M = ⌈k / s⌉ (W zero-extended to s·M taps)
// i.e. per phase a stride-1 correlation of dy with the flipped sub-filter m ↦ W[s·(M−1−m) + r].
// All s_h·s_w phases read the same dy, so their sub-filters are stacked along the output
// channels of ONE stride-1 Conv2D (filter [M_h, M_w, O, s_h·s_w·C]), and a depth-to-space step
// puts phase (r_h, r_w) of cell (q_h, q_w) back at row s_h·q_h + r_h, column s_w·q_w + r_w.
// Prepending `shift` zero taps to W while adding `shift` to p leaves dx unchanged but moves the
// phase grid; the shift with the least taps × cells often makes the grid start exactly at dx's
// first row (5x5 stride 2 'same': 7 instead of 8 cells per axis); otherwise the result is cropped.

/** How one spatial axis of dx is computed by the phase-stacked conv. */
interface AxisPlan {
  /** Zero taps added before/after the filter (shift, then up to taps·stride taps). */
  filterPad: [number, number]
  /** Taps of each phase's sub-filter. */
  taps: number
  /** Explicit padding of dy in the stride-1 conv. */
  dyPad: [number, number]
  /** Where dx starts in the interleaved output. */
  crop: number
  /** Conv work along this axis: taps × output cells. */
  cost: number
}

function planAxis(
  inSize: number,
  outSize: number,
  filterSize: number,
  stride: number,
  padBefore: number
): AxisPlan {
  let best: AxisPlan | undefined
  for (let shift = 0; shift < stride; shift++) {
    const p = padBefore + shift
    const taps = Math.ceil((filterSize + shift) / stride)
    // dx[0] and dx[inSize-1] sit in cells qFirst and qLast. Cell q reads dy[q-taps+1 .. q],
    // so starting at qStart <= taps-1 needs only taps-1-qStart rows of zeros before dy. (A
    // later start would need dy cropped; only explicit padding >= the kernel gets there,
    // and its extra cells are cropped away.)
    const qFirst = Math.floor(p / stride)
    const qLast = Math.floor((p + inSize - 1) / stride)
    const qStart = Math.min(qFirst, taps - 1)
    const cells = qLast - qStart + 1
    const dyBefore = taps - 1 - qStart
    const dyAfter = Math.max(0, cells + taps - 1 - dyBefore - outSize)
    const plan: AxisPlan = {
      filterPad: [shift, taps * stride - filterSize - shift],
      taps,
      dyPad: [dyBefore, dyAfter],
      crop: p - qStart * stride,
      cost: taps * cells
    }
    if (best === undefined || plan.cost < best.cost) best = plan
  }
  if (best === undefined) throw new Error(`${Conv2DBackpropInput}: invalid stride ${stride}.`)
  return best
}

const conv2DBackpropInput: KernelFunc = ({ inputs, backend, attrs }): TensorInfo => {
  const dy = requireInput(Conv2DBackpropInput, inputs, 'dy')
  const filter = requireInput(Conv2DBackpropInput, inputs, 'filter')
  const g = convGradientShapes(Conv2DBackpropInput, inputs, attrs)

  const rows = planAxis(g.inHeight, g.outHeight, g.filterHeight, g.strideHeight, g.padTop)
  const cols = planAxis(g.inWidth, g.outWidth, g.filterWidth, g.strideWidth, g.padLeft)
  const phases = g.strideHeight * g.strideWidth

  const scope = new KernelScope(backend as KernelBackend, 'wasm')
  try {
    // [kh, kw, C, O] -> zero-extended [Mh·sh, Mw·sw, C, O]; tap t = s·m + r split into (m, r)
    // -> [Mh, Mw, O, (rh, rw, C)]; then flip m on both axes, which is reversing the flattened
    // (m_h, m_w) axis. (The 6-D form of this transpose hits wasm's slow generic path; with sw
    // and C merged it is a fast 5-D one.)
    const extended = scope.pad(filter, [rows.filterPad, cols.filterPad, [0, 0], [0, 0]])
    const split = scope.reshape(extended, [
      rows.taps,
      g.strideHeight,
      cols.taps,
      g.strideWidth * g.inChannels,
      g.outChannels
    ])
    const stacked = scope.transpose(split, [0, 2, 4, 1, 3])
    const byTap = scope.reshape(stacked, [
      rows.taps * cols.taps,
      g.outChannels * phases * g.inChannels
    ])
    const flipped = scope.reverseAxis0(byTap)
    const phaseFilter = scope.reshape(flipped, [
      rows.taps,
      cols.taps,
      g.outChannels,
      phases * g.inChannels
    ])

    const cells = scope.conv2d(dy, phaseFilter, rows.dyPad, cols.dyPad, [1, 1])
    const [, cellRows, cellCols] = asShape4(Conv2DBackpropInput, 'conv output', cells.shape)
    const fullHeight = cellRows * g.strideHeight
    const fullWidth = cellCols * g.strideWidth

    // Depth to space as [B·cellRows, cellCols, sh, sw·C] -> [B·cellRows, sh, cellCols, sw·C]:
    // the same data movement as DepthToSpace (which also needs sh = sw), ~40x faster on wasm.
    let full = cells
    if (phases > 1) {
      const byRow = scope.reshape(cells, [
        g.batch * cellRows,
        cellCols,
        g.strideHeight,
        g.strideWidth * g.inChannels
      ])
      const interleaved = scope.transpose(byRow, [0, 2, 1, 3])
      full = scope.reshape(interleaved, [g.batch, fullHeight, fullWidth, g.inChannels])
    }

    if (
      rows.crop === 0 &&
      cols.crop === 0 &&
      fullHeight === g.inHeight &&
      fullWidth === g.inWidth
    ) {
      return scope.keep(full)
    }
    // Crop as [B, H, W·C] so each copied run is a whole row, not C values.
    const flat = scope.reshape(full, [g.batch, fullHeight, fullWidth * g.inChannels])
    const cropped = scope.slice(
      flat,
      [0, rows.crop, cols.crop * g.inChannels],
      [g.batch, g.inHeight, g.inWidth * g.inChannels]
    )
    return scope.keep(scope.reshape(cropped, g.xShape))
  } finally {
    scope.dispose()
  }
}

export const conv2DBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInput
}

let stockConfig: KernelConfig | undefined

/**
 * The wasm backend's own Conv2DBackpropInput as it was before `registerConv2DBackpropInput`
 * replaced it (for benchmarks). Its setupFunc only ran if the backend was initialised before
 * the replacement, so call `setupFunc(backend)` before using it.
 */
export function stockConv2DBackpropInputConfig(): KernelConfig | undefined {
  if (stockConfig !== undefined) return stockConfig
  const current = getKernel(Conv2DBackpropInput, 'wasm') as KernelConfig | undefined
  return current?.kernelFunc === conv2DBackpropInput ? undefined : current
}

/** Replaces the wasm backend's loop-based Conv2DBackpropInput with the sub-pixel one; idempotent. */
export function registerConv2DBackpropInput(): void {
  stockConfig ??= replaceWasmKernel(Conv2DBackpropInput, conv2DBackpropInput)
}
