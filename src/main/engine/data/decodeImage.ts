// One image file's bytes → a square of pixels at the dataset's resolution, with EXIF
// orientation applied, transparency composited on the background, and grayscale detected.
import sharp, { type OutputInfo, type Sharp } from 'sharp'
import { BmpError, decodeBmp, isBmp } from './bmp'
import { decodeSimplePng, PngLimitError } from './png'

export interface DecodeOptions {
  size: number
  fit: 'crop' | 'letterbox'
  /** '#rrggbb' */
  background: string
}

export interface DecodedImage {
  /** True when every pixel has R = G = B; `pixels` then holds one channel. */
  gray: boolean
  /** size × size × (gray ? 1 : 3), rows top to bottom. */
  pixels: Uint8Array
}

/** A file that is not a usable image; `message` is the reason shown beside its name. */
export class ImageDecodeError extends Error {}

/**
 * Images above this many pixels are refused before decoding (sharp's limitInputPixels);
 * below it, libvips streams the decode through the resize (and JPEG/WebP shrink on load),
 * so a 12000 × 12000 picture needs tens of megabytes, not the 432 MB it holds.
 */
export const MAX_INPUT_PIXELS = 200_000_000

export async function decodeImage(buf: Uint8Array, options: DecodeOptions): Promise<DecodedImage> {
  return decodeWithoutSharp(buf, options) ?? (await decodeWithSharp(buf, options))
}

/**
 * The PNG fast path: a plain PNG already at the dataset's size decodes in JavaScript in tens
 * of microseconds, where a sharp pipeline costs about a millisecond whatever the image.
 * Undefined when the file needs sharp; the two paths give the same pixels.
 */
export function decodeWithoutSharp(
  buf: Uint8Array,
  options: DecodeOptions
): DecodedImage | undefined {
  let simple
  try {
    simple = decodeSimplePng(buf, options.size)
  } catch (err) {
    if (err instanceof PngLimitError) throw new ImageDecodeError(err.message)
    throw err
  }
  return simple && toDecoded(simple.pixels, simple.channels)
}

export async function decodeWithSharp(
  buf: Uint8Array,
  options: DecodeOptions
): Promise<DecodedImage> {
  if (buf.length === 0) throw new ImageDecodeError('empty file (0 bytes)')
  let input: Sharp
  if (isBmp(buf)) {
    let bmp
    try {
      bmp = decodeBmp(buf, MAX_INPUT_PIXELS)
    } catch (err) {
      if (err instanceof BmpError) throw new ImageDecodeError(`unreadable BMP: ${err.message}`)
      throw err
    }
    input = sharp(bmp.data, {
      raw: { width: bmp.width, height: bmp.height, channels: bmp.channels },
      limitInputPixels: MAX_INPUT_PIXELS
    })
  } else {
    // 'truncated' refuses cut-off files but tolerates harmless warnings many cameras produce.
    input = sharp(buf, {
      limitInputPixels: MAX_INPUT_PIXELS,
      failOn: 'truncated',
      autoOrient: true
    })
  }

  let out: { data: Buffer; info: OutputInfo }
  try {
    out = await input
      .flatten({ background: options.background })
      .resize(options.size, options.size, {
        fit: options.fit === 'crop' ? 'cover' : 'contain',
        position: 'centre',
        background: options.background
      })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true })
  } catch {
    // Not sharp's message: libvips keeps one error buffer for all threads, so with decodes in
    // parallel a message may be another file's, or "Unknown error". The bytes tell reliably.
    throw new ImageDecodeError(await diagnose(buf))
  }
  const { channels, width, height } = out.info
  if (width !== options.size || height !== options.size) {
    throw new ImageDecodeError(`decoded to ${width}×${height} instead of ${options.size}`)
  }
  if (channels === 3 || channels === 1) return toDecoded(out.data, channels)
  // Flatten leaves no alpha, but keep to RGB whatever libvips hands back.
  const rgb = new Uint8Array(width * height * 3)
  for (let i = 0, n = width * height; i < n; i++) {
    for (let c = 0; c < 3; c++) rgb[i * 3 + c] = out.data[i * channels + Math.min(c, channels - 1)]!
  }
  return toDecoded(rgb, 3)
}

function toDecoded(pixels: Uint8Array, channels: 1 | 3): DecodedImage {
  if (channels === 1) return { gray: true, pixels }
  const n = pixels.length / 3
  for (let i = 0; i < n; i++) {
    const r = pixels[i * 3]
    if (r !== pixels[i * 3 + 1] || r !== pixels[i * 3 + 2]) {
      return { gray: false, pixels }
    }
  }
  const gray = new Uint8Array(n)
  for (let i = 0; i < n; i++) gray[i] = pixels[i * 3]!
  return { gray: true, pixels: gray }
}

const FORMAT_NAMES = { png: 'PNG', jpeg: 'JPEG', gif: 'GIF', webp: 'WebP', tiff: 'TIFF' }
type Format = keyof typeof FORMAT_NAMES

/** Says why sharp could not decode these bytes: not an image, cut short, too big, or corrupt. */
export async function diagnose(buf: Uint8Array): Promise<string> {
  const format = sniff(buf)
  if (!format) {
    return 'not an image: the contents are not PNG, JPEG, WebP, GIF, BMP or TIFF data'
  }
  const name = FORMAT_NAMES[format]
  if (endsEarly(buf, format)) {
    return `truncated: the file ends before its ${name} data does (an interrupted copy or download?)`
  }
  const corrupt = `damaged: the ${name} data is corrupt`
  try {
    const meta = await sharp(buf, { limitInputPixels: false }).metadata()
    const pixels = (meta.width ?? 0) * (meta.height ?? 0)
    if (pixels > MAX_INPUT_PIXELS) {
      return `too large: over the ${MAX_INPUT_PIXELS / 1e6}-megapixel limit (scale it down first)`
    }
  } catch {
    // Even the header is unreadable (the PNG reader also checks the first chunks' checksums).
  }
  return corrupt
}

function sniff(b: Uint8Array): Format | undefined {
  const ascii = (at: number, text: string) =>
    [...text].every((ch, i) => b[at + i] === ch.charCodeAt(0))
  if (b[0] === 0x89 && ascii(1, 'PNG')) return 'png'
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg'
  if (ascii(0, 'GIF8')) return 'gif'
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'webp'
  if (ascii(0, 'II*\u0000') || ascii(0, 'MM\u0000*')) return 'tiff'
  return undefined
}

/** Whether the container's own structure says the file was cut off. */
function endsEarly(b: Uint8Array, format: Format): boolean {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength)
  switch (format) {
    case 'png': {
      // Walk the chunks: a whole file reaches IEND inside its length.
      for (let at = 8; at + 8 <= b.length;) {
        if (view.getUint32(at + 4) === 0x49454e44) return false
        at += 12 + view.getUint32(at)
      }
      return true
    }
    case 'jpeg': {
      // The end-of-image marker, allowing for padding some writers add after it.
      for (let at = b.length - 2; at >= Math.max(2, b.length - 1024); at--) {
        if (b[at] === 0xff && b[at + 1] === 0xd9) return false
      }
      return true
    }
    case 'gif':
      return b[b.length - 1] !== 0x3b
    case 'webp':
      return b.length >= 12 && view.getUint32(4, true) + 8 > b.length
    default:
      return false
  }
}
