// Plain PNG in and out without sharp, for the one case where sharp's fixed cost per call
// (about a millisecond) dominates: tiny images already at the dataset's resolution, such as an
// exported MNIST folder, and thumbnails. Anything unusual is left to sharp.
import zlib from 'node:zlib'

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** A PNG refused before it could make the process allocate more than its image needs. */
export class PngLimitError extends Error {}

/**
 * Inflated bytes allowed beyond what the image's rows need (a few sloppy encoders pad);
 * past that the file is refused, whatever its compressed data would inflate to.
 */
const INFLATE_SLACK = 1024

export interface RawImage {
  width: number
  height: number
  channels: 1 | 3
  pixels: Uint8Array
}

/** 8-bit grayscale (1), RGB (3) or RGBA (4) pixels, rows top to bottom, to PNG bytes. */
export function encodePng(
  pixels: Uint8Array,
  width: number,
  height: number,
  channels: 1 | 3 | 4
): Buffer<ArrayBuffer> {
  const stride = width * channels
  const filtered = Buffer.alloc(height * (stride + 1))
  for (let y = 0; y < height; y++) {
    // Filter byte 0 (none): these images are small, the gain from other filters is too.
    filtered.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1)
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8
  ihdr[9] = channels === 1 ? 0 : channels === 3 ? 2 : 6
  return Buffer.concat([
    SIGNATURE,
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib.deflateSync(filtered)),
    pngChunk('IEND', Buffer.alloc(0))
  ])
}

/** One PNG chunk: length, type, data and the CRC over type and data. */
export function pngChunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length)
  out.writeUInt32BE(data.length, 0)
  out.write(type, 4, 'latin1')
  out.set(data, 8)
  out.writeUInt32BE(zlib.crc32(out.subarray(4, 8 + data.length)), 8 + data.length)
  return out
}

const chunkType = (name: string): number =>
  ((name.charCodeAt(0) << 24) |
    (name.charCodeAt(1) << 16) |
    (name.charCodeAt(2) << 8) |
    name.charCodeAt(3)) >>>
  0
const IHDR = chunkType('IHDR')
const PLTE = chunkType('PLTE')
const IDAT = chunkType('IDAT')
const IEND = chunkType('IEND')
// Chunks that make sharp's result differ from the raw samples (colour management, gamma,
// EXIF orientation, transparency): their presence sends the file to sharp.
const NEEDS_SHARP = new Set(
  ['tRNS', 'iCCP', 'gAMA', 'cHRM', 'cICP', 'mDCV', 'eXIf', 'acTL'].map(chunkType)
)

/**
 * Decodes a non-interlaced 8-bit grayscale, RGB or palette PNG with no transparency or colour
 * profile, if it is `expectedSize` pixels square. Returns undefined for anything else, damaged
 * files included: the caller then asks sharp, which decodes or explains. Throws PngLimitError
 * for pixel data that inflates to more than the header's image holds (a decompression bomb):
 * inflating stops at that size, so a 1 MB file cannot take gigabytes.
 */
export function decodeSimplePng(file: Uint8Array, expectedSize: number): RawImage | undefined {
  if (file.length < 33) return undefined
  // Plain Uint8Array views: Buffer's subarray costs several times more, per chunk, per file.
  const buf = new Uint8Array(file.buffer, file.byteOffset, file.byteLength)
  for (let i = 0; i < 8; i++) if (buf[i] !== SIGNATURE[i]) return undefined
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  let width = 0
  let height = 0
  let colorType = -1
  let palette: Uint8Array | undefined
  const idat: Uint8Array[] = []
  let ended = false
  for (let off = 8; off + 12 <= buf.length;) {
    const length = view.getUint32(off)
    const end = off + 12 + length
    if (end > buf.length) return undefined
    const type = view.getUint32(off + 4)
    if (zlib.crc32(buf.subarray(off + 4, off + 8 + length)) !== view.getUint32(off + 8 + length)) {
      return undefined
    }
    if (type === IHDR) {
      if (length !== 13) return undefined
      width = view.getUint32(off + 8)
      height = view.getUint32(off + 12)
      colorType = buf[off + 17]!
      const simple = buf[off + 16] === 8 && colorType <= 3 && colorType !== 1 && buf[off + 20] === 0
      if (!simple || width !== expectedSize || height !== expectedSize) return undefined
    } else if (type === PLTE) palette = buf.subarray(off + 8, off + 8 + length)
    else if (type === IDAT) idat.push(buf.subarray(off + 8, off + 8 + length))
    else if (type === IEND) {
      ended = true
      break
    } else if (NEEDS_SHARP.has(type)) return undefined
    off = end
  }
  if (!ended || width === 0 || idat.length === 0 || (colorType === 3 && !palette)) return undefined

  const bpp = colorType === 2 ? 3 : 1
  const stride = width * bpp
  const expected = height * (stride + 1)
  let raw: Buffer
  try {
    // A chunk the size of the image: the default 16 KB output chunk per call is most of the
    // cost of inflating a small image.
    const data = idat.length === 1 ? (idat[0] as Uint8Array) : Buffer.concat(idat)
    raw = zlib.inflateSync(data, {
      chunkSize: Math.max(64, expected + 16),
      maxOutputLength: expected + INFLATE_SLACK
    })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new PngLimitError(
        `refused: its PNG pixel data inflates to more than the ${width}×${height} image holds ` +
          `(over ${expected + INFLATE_SLACK} bytes); a damaged or hostile file (a decompression bomb)`
      )
    }
    return undefined
  }
  if (raw.length < expected) return undefined
  const samples = unfilter(
    new Uint8Array(raw.buffer, raw.byteOffset, raw.length),
    height,
    stride,
    bpp
  )
  if (!samples) return undefined
  if (colorType !== 3) return { width, height, channels: bpp === 1 ? 1 : 3, pixels: samples }

  const pal = palette as Uint8Array
  const pixels = new Uint8Array(width * height * 3)
  for (let i = 0; i < samples.length; i++) {
    const p = samples[i]! * 3
    if (p + 2 >= pal.length) return undefined
    pixels[i * 3] = pal[p]!
    pixels[i * 3 + 1] = pal[p + 1]!
    pixels[i * 3 + 2] = pal[p + 2]!
  }
  return { width, height, channels: 3, pixels }
}

/** Undoes PNG's per-row filters (none, sub, up, average, Paeth), one tight loop per filter. */
function unfilter(raw: Uint8Array, height: number, stride: number, bpp: number) {
  const out = new Uint8Array(height * stride)
  for (let y = 0; y < height; y++) {
    const src = y * (stride + 1) + 1
    const row = y * stride
    const prev = row - stride
    const filter = raw[src - 1]
    // The row above a first row, and the pixel left of a first pixel, count as zeros.
    if (filter === 0 || (filter === 2 && y === 0)) {
      out.set(raw.subarray(src, src + stride), row)
    } else if (filter === 1) {
      for (let x = 0; x < bpp; x++) out[row + x] = raw[src + x]!
      for (let x = bpp; x < stride; x++) out[row + x] = (raw[src + x]! + out[row + x - bpp]!) & 255
    } else if (filter === 2) {
      for (let x = 0; x < stride; x++) out[row + x] = (raw[src + x]! + out[prev + x]!) & 255
    } else if (filter === 3) {
      for (let x = 0; x < stride; x++) {
        const left = x >= bpp ? out[row + x - bpp]! : 0
        const up = y > 0 ? out[prev + x]! : 0
        out[row + x] = (raw[src + x]! + ((left + up) >> 1)) & 255
      }
    } else if (filter === 4) {
      for (let x = 0; x < stride; x++) {
        const left = x >= bpp ? out[row + x - bpp]! : 0
        const up = y > 0 ? out[prev + x]! : 0
        const upLeft = x >= bpp && y > 0 ? out[prev + x - bpp]! : 0
        const p = left + up - upLeft
        const pa = Math.abs(p - left)
        const pb = Math.abs(p - up)
        const pc = Math.abs(p - upLeft)
        out[row + x] =
          (raw[src + x]! + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft)) & 255
      }
    } else return undefined
  }
  return out
}
