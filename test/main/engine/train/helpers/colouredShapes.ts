import { generateShapes } from '../../../../../src/main/engine/data/shapes'
import type { ImageDataset } from '../../../../../src/main/engine/data/imageDataset'

/** One colour per class: red circles, green squares, blue triangles, yellow crosses. */
export const CLASS_COLOURS = [
  [235, 45, 45],
  [45, 210, 45],
  [60, 80, 255],
  [235, 215, 40]
] as const

/**
 * The built-in `shapes` set (four figures, random size, place and tilt) with each class
 * painted its own colour instead of a random one, so a class is told by colour as well
 * as by shape. The figure's coverage is read from the brightest channel.
 */
export function colouredShapes(size: 28 | 32 | 64, perClass: number): ImageDataset {
  const shapes = generateShapes({ size, channels: 3, perClass })
  const area = size * size
  const images = new Uint8Array(shapes.images.length)
  for (let n = 0; n < shapes.count; n++) {
    const colour = CLASS_COLOURS[shapes.labels[n]!]!
    for (let i = 0; i < area; i++) {
      const p = (n * area + i) * 3
      const v = Math.max(shapes.images[p]!, shapes.images[p + 1]!, shapes.images[p + 2]!) / 255
      for (let c = 0; c < 3; c++) images[p + c] = Math.round(v * colour[c]!)
    }
  }
  return { ...shapes, name: 'coloured-shapes', images }
}

/**
 * A fixed colour classifier: the mean colour of the image's bright pixels, nearest class
 * colour by direction (so a dim red is still red). −1 when nothing stands out.
 */
export function classifyByColour(pixels: Uint8Array, size: number, offset: number): number {
  const sum = [0, 0, 0]
  let n = 0
  for (let i = 0; i < size * size; i++) {
    const p = offset + i * 3
    if (Math.max(pixels[p]!, pixels[p + 1]!, pixels[p + 2]!) < 120) continue
    for (let c = 0; c < 3; c++) sum[c]! += pixels[p + c]!
    n++
  }
  if (n < 4) return -1
  const unit = (v: readonly number[]) => {
    const norm = Math.hypot(...v)
    return v.map((x) => x / norm)
  }
  const mean = unit(sum)
  let best = -1
  let bestCos = -Infinity
  CLASS_COLOURS.forEach((colour, label) => {
    const cos = unit(colour).reduce((s, x, c) => s + x * mean[c]!, 0)
    if (cos > bestCos) {
      bestCos = cos
      best = label
    }
  })
  return best
}
