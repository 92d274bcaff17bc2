// BMP files written by hand, byte by byte, to test the decoder on the variants it claims.

export interface BmpSpec {
  width: number
  height: number
  /** RGBA, rows top to bottom. */
  rgba: Uint8Array
  bpp: 1 | 4 | 8 | 16 | 24 | 32
  topDown?: boolean
  /** 'v5' writes a 124-byte header with bit-field masks (alpha included) for 16/32 bit. */
  header?: 'core' | 'info' | 'v5'
  rle?: boolean
  palette?: number[][]
}

export function encodeBmp(spec: BmpSpec): Uint8Array {
  const { width, height, rgba, bpp } = spec
  const header = spec.header ?? 'info'
  const headerSize = header === 'core' ? 12 : header === 'v5' ? 124 : 40
  const palette = bpp <= 8 ? (spec.palette ?? []) : []
  const entry = header === 'core' ? 3 : 4
  const stride = Math.ceil((bpp * width) / 32) * 4
  const storedRow = (y: number) => (spec.topDown ? y : height - 1 - y)
  const index = (x: number, y: number) => {
    const p = (y * width + x) * 4
    const found = palette.findIndex(
      (c) => c[0] === rgba[p] && c[1] === rgba[p + 1] && c[2] === rgba[p + 2]
    )
    if (found < 0) throw new Error('colour not in palette')
    return found
  }

  let pixels: Uint8Array
  if (spec.rle) {
    if (bpp !== 8) throw new Error('only RLE8 here')
    const bytes: number[] = []
    for (let s = 0; s < height; s++) {
      const y = spec.topDown ? s : height - 1 - s
      let x = 0
      while (x < width) {
        let run = 1
        while (x + run < width && run < 255 && index(x + run, y) === index(x, y)) run++
        bytes.push(run, index(x, y))
        x += run
      }
      bytes.push(0, 0)
    }
    bytes.push(0, 1)
    pixels = Uint8Array.from(bytes)
  } else {
    pixels = new Uint8Array(stride * height)
    const dv = new DataView(pixels.buffer)
    for (let y = 0; y < height; y++) {
      const row = storedRow(y) * stride
      for (let x = 0; x < width; x++) {
        const p = (y * width + x) * 4
        const [r, g, b, a] = [rgba[p]!, rgba[p + 1]!, rgba[p + 2]!, rgba[p + 3]!]
        if (bpp === 24) {
          pixels[row + x * 3] = b
          pixels[row + x * 3 + 1] = g
          pixels[row + x * 3 + 2] = r
        } else if (bpp === 32) {
          dv.setUint32(row + x * 4, ((a << 24) | (r << 16) | (g << 8) | b) >>> 0, true)
        } else if (bpp === 16) {
          // 5-6-5 with bit fields, else 5-5-5.
          const v =
            header === 'v5'
              ? ((r >> 3) << 11) | ((g >> 2) << 5) | (b >> 3)
              : ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3)
          dv.setUint16(row + x * 2, v, true)
        } else {
          const i = index(x, y)
          const perByte = 8 / bpp
          const byte = row + Math.floor(x / perByte)
          pixels[byte] = pixels[byte]! | (i << (8 - bpp * ((x % perByte) + 1)))
        }
      }
    }
  }

  const dataOffset = 14 + headerSize + palette.length * entry
  const out = new Uint8Array(dataOffset + pixels.length)
  const dv = new DataView(out.buffer)
  out[0] = 0x42
  out[1] = 0x4d
  dv.setUint32(2, out.length, true)
  dv.setUint32(10, dataOffset, true)
  dv.setUint32(14, headerSize, true)
  if (header === 'core') {
    dv.setUint16(18, width, true)
    dv.setInt16(20, spec.topDown ? -height : height, true)
    dv.setUint16(22, 1, true)
    dv.setUint16(24, bpp, true)
  } else {
    dv.setInt32(18, width, true)
    dv.setInt32(22, spec.topDown ? -height : height, true)
    dv.setUint16(26, 1, true)
    dv.setUint16(28, bpp, true)
    const bitfields = header === 'v5' && (bpp === 16 || bpp === 32)
    dv.setUint32(30, spec.rle ? 1 : bitfields ? 3 : 0, true)
    dv.setUint32(34, pixels.length, true)
    dv.setUint32(46, palette.length, true)
    if (bitfields) {
      const masks =
        bpp === 16 ? [0xf800, 0x07e0, 0x001f, 0] : [0x00ff0000, 0x0000ff00, 0x000000ff, 0xff000000]
      masks.forEach((m, i) => dv.setUint32(54 + i * 4, m >>> 0, true))
    }
  }
  palette.forEach((c, i) => {
    const p = 14 + headerSize + i * entry
    out[p] = c[2]!
    out[p + 1] = c[1]!
    out[p + 2] = c[0]!
  })
  out.set(pixels, dataOffset)
  return out
}
