import * as tf from '@tensorflow/tfjs'
import sharp from 'sharp'

export interface GridLayout {
  rows: number
  cols: number
  /** Pixels between cells and around the edge, in the output. */
  gap?: number
  /** Nearest-neighbour upscale of each cell; default ×2 up to 32 px so small images are legible. */
  scale?: number
  /** Grey level of the gaps. */
  background?: number
}

/** Images in a batch, row-major: image i sits in row ⌊i / cols⌋, column i mod cols. */
export interface ImageBatch {
  /** NHWC uint8. */
  pixels: Uint8Array
  size: number
  channels: 1 | 3
}

export function defaultScale(size: number): number {
  return size <= 32 ? 2 : 1
}

/** Lays the images out in a grid (gaps, upscaling) as raw pixels; missing cells stay background. */
export function layoutGrid(
  batch: ImageBatch,
  layout: GridLayout
): { pixels: Uint8Array; width: number; height: number } {
  const { size, channels } = batch
  const { rows, cols } = layout
  const gap = layout.gap ?? 1
  const scale = layout.scale ?? defaultScale(size)
  const cell = size * scale
  const width = cols * cell + (cols + 1) * gap
  const height = rows * cell + (rows + 1) * gap
  const out = new Uint8Array(width * height * channels).fill(layout.background ?? 128)
  const count = Math.min(rows * cols, batch.pixels.length / (size * size * channels))

  for (let i = 0; i < count; i++) {
    const left = gap + (i % cols) * (cell + gap)
    const top = gap + Math.floor(i / cols) * (cell + gap)
    const base = i * size * size * channels
    for (let y = 0; y < cell; y++) {
      const srcRow = base + Math.floor(y / scale) * size * channels
      const dstRow = ((top + y) * width + left) * channels
      for (let x = 0; x < cell; x++) {
        const src = srcRow + Math.floor(x / scale) * channels
        const dst = dstRow + x * channels
        for (let c = 0; c < channels; c++) out[dst + c] = batch.pixels[src + c]!
      }
    }
  }
  return { pixels: out, width, height }
}

/** Encodes a grid of uint8 images as PNG bytes. */
export async function encodeGridPng(
  batch: ImageBatch,
  layout: GridLayout
): Promise<Uint8Array<ArrayBuffer>> {
  const { pixels, width, height } = layoutGrid(batch, layout)
  let image = sharp(pixels, { raw: { width, height, channels: batch.channels } })
  // Without this sharp widens one channel to sRGB: three times the bytes for the same grey.
  if (batch.channels === 1) image = image.toColourspace('b-w')
  const png = await image.png().toBuffer()
  // A plain Uint8Array (not a Buffer): it crosses process boundaries as-is.
  return new Uint8Array(png)
}

/** Generator output in [−1, 1] (NHWC) → uint8 pixels. Does not dispose `images`. */
export async function toUint8Pixels(images: tf.Tensor4D): Promise<Uint8Array> {
  const scaled = tf.tidy(() => images.add(1).mul(127.5).round().clipByValue(0, 255).toInt())
  const values = await scaled.data()
  scaled.dispose()
  return Uint8Array.from(values)
}

/** Generator output in [−1, 1] → PNG grid. */
export async function tensorGridPng(
  images: tf.Tensor4D,
  layout: GridLayout
): Promise<Uint8Array<ArrayBuffer>> {
  const [, size = 0, , channels] = images.shape
  if (channels !== 1 && channels !== 3)
    throw new Error(`a grid needs 1 or 3 channels, not ${channels}`)
  return encodeGridPng({ pixels: await toUint8Pixels(images), size, channels }, layout)
}
