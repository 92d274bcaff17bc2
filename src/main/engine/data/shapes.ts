// The built-in `shapes` set: four classes of simple figures drawn in code, each image with its
// own position, size, rotation and colour, all fixed by the seed. Small and easy enough that a
// conditional GAN visibly learns it in seconds, and it needs no files.
import type { DatasetOptions, Resolution } from '../../../shared/dataset'
import { rgbToGray } from './channels'
import type { ImageDataset } from './imageDataset'
import { createRng } from './prng'

export const SHAPE_CLASSES = ['circle', 'square', 'triangle', 'cross'] as const
export const SHAPES_PER_CLASS = 1000
export const SHAPES_SEED = 20240

/** Signed distance (pixels, negative inside) from (x, y) to a shape of radius r at the origin. */
type Sdf = (x: number, y: number, r: number) => number

// Math.hypot guards against overflow at a large cost; these lengths are a few pixels.
const length = (x: number, y: number): number => Math.sqrt(x * x + y * y)

const box = (x: number, y: number, bx: number, by: number): number => {
  const dx = Math.abs(x) - bx
  const dy = Math.abs(y) - by
  return length(Math.max(dx, 0), Math.max(dy, 0)) + Math.min(Math.max(dx, dy), 0)
}

const SDFS: Record<(typeof SHAPE_CLASSES)[number], Sdf> = {
  circle: (x, y, r) => length(x, y) - r,
  square: (x, y, r) => box(x, y, r * 0.8, r * 0.8),
  // Equilateral triangle pointing up (Inigo Quilez's exact distance), y flipped to point up.
  triangle: (x, y, r) => {
    const k = Math.sqrt(3)
    const h = r * 0.95
    let px = Math.abs(x) - h
    let py = -y + h / k
    if (px + k * py > 0) {
      const nx = (px - k * py) / 2
      py = (-k * px - py) / 2
      px = nx
    }
    px -= Math.min(Math.max(px, -2 * h), 0)
    return -length(px, py) * Math.sign(py)
  },
  cross: (x, y, r) => Math.min(box(x, y, r, r * 0.28), box(x, y, r * 0.28, r))
}

export interface ShapesOptions {
  size: Resolution
  channels: 1 | 3
  perClass?: number
  seed?: number
}

export function generateShapes(o: ShapesOptions): ImageDataset {
  const perClass = o.perClass ?? SHAPES_PER_CLASS
  const { size } = o
  const count = perClass * SHAPE_CLASSES.length
  const area = size * size
  const rgb = new Uint8Array(count * area * 3)
  const labels = new Uint16Array(count)
  const rng = createRng(o.seed ?? SHAPES_SEED)
  const between = (lo: number, hi: number) => lo + (hi - lo) * rng()

  // Classes interleaved (0, 1, 2, 3, 0, …) so that any prefix is balanced.
  for (let n = 0; n < count; n++) {
    const label = n % SHAPE_CLASSES.length
    labels[n] = label
    const sdf = SDFS[SHAPE_CLASSES[label]!]
    const r = between(0.16, 0.32) * size
    const margin = r + 0.04 * size
    const cx = between(margin, size - margin)
    const cy = between(margin, size - margin)
    const angle = label === 0 ? 0 : between(-0.35, 0.35)
    const fg = brightColour(rng)
    const shade = between(0, 0.18) * 255
    const [cos, sin] = [Math.cos(angle), Math.sin(angle)]
    const base = n * area * 3
    rgb.fill(Math.round(shade), base, base + area * 3)
    // Only pixels near the figure can be covered; the rest keep the ground.
    const reach = r * 1.5 + 1
    const [x0, x1] = [Math.max(0, Math.floor(cx - reach)), Math.min(size, Math.ceil(cx + reach))]
    const [y0, y1] = [Math.max(0, Math.floor(cy - reach)), Math.min(size, Math.ceil(cy + reach))]
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const dx = x + 0.5 - cx
        const dy = y + 0.5 - cy
        // Antialiased edge: coverage from the distance to the outline, one pixel wide.
        const d = sdf(cos * dx + sin * dy, -sin * dx + cos * dy, r)
        const a = Math.min(1, Math.max(0, 0.5 - d))
        if (a === 0) continue
        const p = base + (y * size + x) * 3
        for (let c = 0; c < 3; c++) rgb[p + c] = Math.round(shade * (1 - a) + fg[c]! * a)
      }
    }
  }
  return {
    name: 'shapes',
    classNames: [...SHAPE_CLASSES],
    labeled: true,
    size,
    channels: o.channels,
    count,
    images: o.channels === 3 ? rgb : rgbToGray(rgb),
    labels
  }
}

export function shapesFromOptions(options: DatasetOptions): ImageDataset {
  return generateShapes({
    size: options.resolution,
    channels: options.channels === 1 ? 1 : 3,
    perClass: Math.min(options.limitPerClass ?? SHAPES_PER_CLASS, SHAPES_PER_CLASS)
  })
}

/** A saturated colour light enough (luma ≥ 110) to stand out on the dark ground in gray too. */
function brightColour(rng: () => number): number[] {
  for (;;) {
    const rgb = hsvToRgb(rng(), 0.4 + 0.6 * rng(), 0.75 + 0.25 * rng())
    if (0.299 * rgb[0]! + 0.587 * rgb[1]! + 0.114 * rgb[2]! >= 110) return rgb
  }
}

function hsvToRgb(h: number, s: number, v: number): number[] {
  const f = (n: number) => {
    const k = (n + h * 6) % 6
    return Math.round(255 * (v - v * s * Math.max(0, Math.min(k, 4 - k, 1))))
  }
  return [f(5), f(3), f(1)]
}
