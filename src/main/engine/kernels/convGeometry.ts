import {
  backend_util,
  type Conv2DBackpropFilterAttrs,
  type NamedAttrMap,
  type NamedTensorInfoMap
} from '@tensorflow/tfjs'
import { requireInput } from './kernelScope'

export type Shape4 = [number, number, number, number]

type ConvAttrs = Pick<
  Conv2DBackpropFilterAttrs,
  'strides' | 'pad' | 'dataFormat' | 'dimRoundingMode'
>

/** The geometry both backprop kernels need: strides and the forward pass's top/left padding. */
export interface ConvGeometry {
  strideHeight: number
  strideWidth: number
  padTop: number
  padLeft: number
}

export function asShape4(kernelName: string, what: string, shape: readonly number[]): Shape4 {
  const [a, b, c, d] = shape
  if (
    shape.length !== 4 ||
    a === undefined ||
    b === undefined ||
    c === undefined ||
    d === undefined
  ) {
    throw new Error(`${kernelName}: ${what} must be rank 4, got shape [${shape.join(', ')}].`)
  }
  return [a, b, c, d]
}

/**
 * Resolves 'same' / 'valid' / a number / explicit padding of the forward conv of `xShape` by
 * `filterShape` (NHWC only). Only top/left are taken: the kernels size the bottom/right from
 * dy's actual shape, which stays correct whatever rounding produced it.
 */
export function forwardConvGeometry(
  kernelName: string,
  xShape: Shape4,
  filterShape: Shape4,
  { strides, pad, dataFormat, dimRoundingMode }: ConvAttrs
): ConvGeometry {
  if (dataFormat !== 'NHWC') {
    throw new Error(
      `${kernelName} on wasm supports dataFormat 'NHWC' only, got '${String(dataFormat)}'.`
    )
  }
  const info = backend_util.computeConv2DInfo(
    xShape,
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast'
  )
  return {
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left
  }
}

export function assertEqual(
  kernelName: string,
  what: string,
  actual: number,
  expected: number
): void {
  if (actual !== expected) {
    throw new Error(`${kernelName}: ${what} is ${actual}, expected ${expected}.`)
  }
}

/** Every size both backprop kernels read: the forward conv's x, dy and filter, checked together. */
export interface ConvGradientShapes extends ConvGeometry {
  xShape: Shape4
  batch: number
  inHeight: number
  inWidth: number
  inChannels: number
  outHeight: number
  outWidth: number
  outChannels: number
  filterHeight: number
  filterWidth: number
}

/**
 * An operand's shape: its input tensor's where the kernel has one, else the attr that gives it
 * (a gradient kernel has the shape of what it computes only). Errors name the one that is wrong.
 */
function operandShape(
  kernelName: string,
  inputs: NamedTensorInfoMap,
  input: string,
  attrs: NamedAttrMap,
  attr: string
): Shape4 {
  const tensor = inputs[input]
  if (tensor) return asShape4(kernelName, input, tensor.shape)
  const shape = attrs[attr]
  if (!Array.isArray(shape)) {
    throw new Error(`${kernelName}: missing input '${input}' or attr '${attr}'.`)
  }
  return asShape4(kernelName, attr, shape as number[])
}

/**
 * Reads and checks the shapes of a conv gradient kernel's operands: dy, and x and the filter
 * from its inputs (`x`, `filter`) or, for the one it computes, its attrs (`inputShape`,
 * `filterShape`).
 */
export function convGradientShapes(
  kernelName: string,
  inputs: NamedTensorInfoMap,
  attrs: NamedAttrMap = {}
): ConvGradientShapes {
  const xShape = operandShape(kernelName, inputs, 'x', attrs, 'inputShape')
  const dyShape = asShape4(kernelName, 'dy', requireInput(kernelName, inputs, 'dy').shape)
  const filterShape = operandShape(kernelName, inputs, 'filter', attrs, 'filterShape')
  const geometry = forwardConvGeometry(
    kernelName,
    xShape,
    filterShape,
    attrs as unknown as ConvAttrs
  )
  const [batch, inHeight, inWidth, inChannels] = xShape
  const [dyBatch, outHeight, outWidth, outChannels] = dyShape
  const [filterHeight, filterWidth] = filterShape
  assertEqual(kernelName, 'dy batch', dyBatch, batch)
  assertEqual(kernelName, 'filter input depth', filterShape[2], inChannels)
  assertEqual(kernelName, 'filter output depth', filterShape[3], outChannels)
  return {
    ...geometry,
    xShape,
    batch,
    inHeight,
    inWidth,
    inChannels,
    outHeight,
    outWidth,
    outChannels,
    filterHeight,
    filterWidth
  }
}
