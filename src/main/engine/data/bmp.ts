// sharp (libvips) has no BMP loader, and the npm BMP decoders are small, old and unmaintained,
// so the studio reads BMP itself: Windows and OS/2 headers; 1, 4, 8 bit palettes (plain or
// RLE), 16, 24 and 32 bit (plain or bit fields, with alpha); bottom-up or top-down.
// Embedded JPEG/PNG (compression 4/5) is reported as unsupported.

export interface BmpImage {
  width: number
  height: number
  channels: 3 | 4
  /** Rows top to bottom, RGB or RGBA. */
  data: Uint8Array
}

export class BmpError extends Error {}

const BI_RGB = 0
const BI_RLE8 = 1
const BI_RLE4 = 2
const BI_BITFIELDS = 3
const BI_ALPHABITFIELDS = 6

export function isBmp(buf: Uint8Array): boolean {
  return buf.length >= 2 && buf[0] === 0x42 && buf[1] === 0x4d
}

export function decodeBmp(buf: Uint8Array, maxPixels = Number.POSITIVE_INFINITY): BmpImage {
  if (buf.length < 26 || !isBmp(buf)) throw new BmpError('not a BMP file')
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  const dataOffset = view.getUint32(10, true)
  const headerSize = view.getUint32(14, true)
  const core = headerSize === 12
  if (!core && (headerSize < 40 || 14 + headerSize > buf.length)) {
    throw new BmpError(`unknown or truncated BMP header (${headerSize} bytes)`)
  }
  const width = core ? view.getUint16(18, true) : view.getInt32(18, true)
  const rawHeight = core ? view.getInt16(20, true) : view.getInt32(22, true)
  const bpp = view.getUint16(core ? 24 : 28, true)
  const compression = core ? BI_RGB : view.getUint32(30, true)
  const topDown = rawHeight < 0
  const height = Math.abs(rawHeight)
  if (width <= 0 || height <= 0) throw new BmpError(`bad BMP size ${width}×${rawHeight}`)
  if (width * height > maxPixels) {
    throw new BmpError(`too large: ${width}×${height} pixels is over the limit`)
  }

  // Masks live in the header from the 52-byte version on; a 40-byte header with bit fields
  // is followed by three (or four) of them.
  let masks: number[] | undefined
  if (compression === BI_BITFIELDS || compression === BI_ALPHABITFIELDS) {
    const count = compression === BI_ALPHABITFIELDS || headerSize >= 56 ? 4 : 3
    masks = Array.from({ length: count }, (_, i) => readU32(view, 54 + i * 4))
  } else if (bpp === 16) masks = [0x7c00, 0x03e0, 0x001f]
  else if (bpp === 32) masks = [0xff0000, 0xff00, 0xff]
  if (headerSize >= 108 && masks && compression !== BI_RGB && masks.length === 3) {
    masks.push(readU32(view, 66))
  }

  let palette: Uint8Array | undefined
  if (bpp <= 8) {
    const entrySize = core ? 3 : 4
    const colorsUsed = core ? 0 : view.getUint32(46, true)
    const count = colorsUsed > 0 && colorsUsed <= 256 ? colorsUsed : 1 << bpp
    const start = 14 + headerSize + (compression === BI_BITFIELDS && headerSize === 40 ? 12 : 0)
    const entries = Math.max(0, Math.min(count, Math.floor((dataOffset - start) / entrySize)))
    if (entries === 0) throw new BmpError('palette missing')
    palette = new Uint8Array(256 * 3)
    for (let i = 0; i < entries; i++) {
      const p = start + i * entrySize
      palette[i * 3] = buf[p + 2]!
      palette[i * 3 + 1] = buf[p + 1]!
      palette[i * 3 + 2] = buf[p]!
    }
  }

  const pixels = buf.subarray(dataOffset)
  // Rows as stored (bottom-up unless the height was negative) → a top-down row index.
  const rowAt = (stored: number) => (topDown ? stored : height - 1 - stored)

  if (bpp <= 8) {
    let indices: Uint8Array
    if (compression === BI_RLE8 || compression === BI_RLE4) {
      indices = decodeRle(pixels, width, height, compression === BI_RLE4, rowAt)
    } else if (compression === BI_RGB) {
      indices = unpackIndices(pixels, width, height, bpp, rowAt)
    } else throw new BmpError(`unsupported compression ${compression} for ${bpp}-bit BMP`)
    const pal = palette as Uint8Array
    const out = new Uint8Array(width * height * 3)
    for (let i = 0; i < indices.length; i++) {
      const p = indices[i]! * 3
      out[i * 3] = pal[p]!
      out[i * 3 + 1] = pal[p + 1]!
      out[i * 3 + 2] = pal[p + 2]!
    }
    return { width, height, channels: 3, data: out }
  }

  if (compression !== BI_RGB && compression !== BI_BITFIELDS && compression !== BI_ALPHABITFIELDS) {
    throw new BmpError(
      compression === 4 || compression === 5
        ? 'BMP with embedded JPEG/PNG data is not supported; save it as PNG or JPEG instead'
        : `unsupported BMP compression ${compression}`
    )
  }
  const stride = (((bpp * width + 31) >>> 5) << 2) >>> 0
  if (pixels.length < stride * (height - 1) + Math.ceil((bpp * width) / 8)) {
    throw new BmpError('truncated: the file ends before its pixel data')
  }
  if (bpp === 24) {
    const out = new Uint8Array(width * height * 3)
    for (let s = 0; s < height; s++) {
      const src = s * stride
      const dst = rowAt(s) * width * 3
      for (let x = 0; x < width; x++) {
        out[dst + x * 3] = pixels[src + x * 3 + 2]!
        out[dst + x * 3 + 1] = pixels[src + x * 3 + 1]!
        out[dst + x * 3 + 2] = pixels[src + x * 3]!
      }
    }
    return { width, height, channels: 3, data: out }
  }
  if (bpp !== 16 && bpp !== 32) throw new BmpError(`unsupported bit depth ${bpp}`)
  const fields = (masks ?? []).map(fieldOf)
  const [red, green, blue] = fields
  if (!red || !green || !blue) throw new BmpError('bad colour masks')
  const alpha = fields[3] && fields[3].mask !== 0 ? fields[3] : undefined
  const channels = alpha ? 4 : 3
  const out = new Uint8Array(width * height * channels)
  const pv = new DataView(pixels.buffer, pixels.byteOffset, pixels.byteLength)
  let anyAlpha = false
  for (let s = 0; s < height; s++) {
    const src = s * stride
    const dst = rowAt(s) * width * channels
    for (let x = 0; x < width; x++) {
      const v = bpp === 16 ? pv.getUint16(src + x * 2, true) : pv.getUint32(src + x * 4, true)
      const o = dst + x * channels
      out[o] = red.read(v)
      out[o + 1] = green.read(v)
      out[o + 2] = blue.read(v)
      if (alpha) {
        out[o + 3] = alpha.read(v)
        if (out[o + 3] !== 0) anyAlpha = true
      }
    }
  }
  // Many writers put an alpha mask in the header but leave every alpha byte 0: that means
  // "no alpha", not "fully transparent".
  if (alpha && !anyAlpha) for (let i = 3; i < out.length; i += 4) out[i] = 255
  return { width, height, channels, data: out }
}

function readU32(view: DataView, offset: number): number {
  return offset + 4 <= view.byteLength ? view.getUint32(offset, true) : 0
}

function fieldOf(mask: number) {
  let shift = 0
  while (shift < 32 && mask !== 0 && ((mask >>> shift) & 1) === 0) shift++
  let bits = 0
  while (shift + bits < 32 && ((mask >>> (shift + bits)) & 1) === 1) bits++
  const max = bits > 0 ? 2 ** bits - 1 : 1
  return { mask, read: (v: number) => Math.round((((v & mask) >>> shift) * 255) / max) }
}

function unpackIndices(
  pixels: Uint8Array,
  width: number,
  height: number,
  bpp: number,
  rowAt: (stored: number) => number
): Uint8Array {
  const stride = ((bpp * width + 31) >>> 5) << 2
  if (pixels.length < stride * (height - 1) + Math.ceil((bpp * width) / 8)) {
    throw new BmpError('truncated: the file ends before its pixel data')
  }
  const out = new Uint8Array(width * height)
  const perByte = 8 / bpp
  const mask = (1 << bpp) - 1
  for (let s = 0; s < height; s++) {
    const dst = rowAt(s) * width
    for (let x = 0; x < width; x++) {
      const byte = pixels[s * stride + Math.floor(x / perByte)]!
      const shift = 8 - bpp * ((x % perByte) + 1)
      out[dst + x] = (byte >> shift) & mask
    }
  }
  return out
}

function decodeRle(
  data: Uint8Array,
  width: number,
  height: number,
  four: boolean,
  rowAt: (stored: number) => number
): Uint8Array {
  const out = new Uint8Array(width * height)
  let x = 0
  let y = 0
  let i = 0
  const put = (index: number) => {
    if (x < width && y < height) out[rowAt(y) * width + x] = index
    x++
  }
  const need = (n: number) => {
    if (i + n > data.length) throw new BmpError('truncated: the RLE data ends early')
  }
  while (y < height) {
    need(2)
    const count = data[i++]!
    const value = data[i++]!
    if (count > 0) {
      for (let k = 0; k < count; k++) put(four ? (k % 2 === 0 ? value >> 4 : value & 15) : value)
    } else if (value === 0) {
      x = 0
      y++
    } else if (value === 1) break
    else if (value === 2) {
      need(2)
      x += data[i++]!
      y += data[i++]!
    } else {
      const bytes = four ? Math.ceil(value / 2) : value
      need(bytes)
      for (let k = 0; k < value; k++) {
        const b = data[i + (four ? k >> 1 : k)]!
        put(four ? (k % 2 === 0 ? b >> 4 : b & 15) : b)
      }
      i += bytes + (bytes % 2)
    }
  }
  return out
}
