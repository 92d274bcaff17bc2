import fs from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'

export { pngChunk } from '../../../../../src/main/engine/data/png'

export type Format = 'png' | 'jpeg' | 'webp' | 'gif' | 'tiff'

/** A solid-colour image file written with sharp; the folder is created as needed. */
export async function solidImage(
  file: string,
  colour: string,
  opts: { width?: number; height?: number; format?: Format } = {}
): Promise<string> {
  const { width = 40, height = 40 } = opts
  const format = opts.format ?? formatOf(file)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  await sharp({ create: { width, height, channels: 3, background: colour } })
    .toFormat(format)
    .toFile(file)
  return file
}

/** An 8-bit grayscale PNG (one channel in the file) of the given raw pixels. */
export async function grayPng(file: string, pixels: Uint8Array, size: number): Promise<string> {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  await sharp(pixels, { raw: { width: size, height: size, channels: 1 } })
    .toColourspace('b-w')
    .png()
    .toFile(file)
  return file
}

export function formatOf(file: string): Format {
  const ext = path.extname(file).slice(1).toLowerCase()
  if (ext === 'jpg' || ext === 'jpeg') return 'jpeg'
  if (ext === 'tif' || ext === 'tiff') return 'tiff'
  return ext as Format
}

/** A vertical gradient, so crops, rotations and resizes leave a trace. */
export function gradient(width: number, height: number, channels: 1 | 3 = 3): Uint8Array {
  const out = new Uint8Array(width * height * channels)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        out[(y * width + x) * channels + c] = (x * 7 + y * 13 + c * 50) % 256
      }
    }
  }
  return out
}
