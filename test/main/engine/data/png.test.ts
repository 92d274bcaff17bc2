import sharp from 'sharp'
import zlib from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { decodeWithSharp, decodeWithoutSharp } from '../../../../src/main/engine/data/decodeImage'
import { decodeSimplePng, encodePng } from '../../../../src/main/engine/data/png'
import { gradient, pngChunk } from './helpers/images'

const options = { size: 32, fit: 'crop' as const, background: '#000000' }

describe('PNG without sharp', () => {
  it('round-trips gray, RGB and RGBA through encodePng, and sharp reads the result', async () => {
    for (const channels of [1, 3, 4] as const) {
      const pixels = Uint8Array.from({ length: 7 * 5 * channels }, (_, i) => (i * 37) % 256)
      const png = encodePng(pixels, 7, 5, channels)
      expect(await sharp(png).metadata()).toMatchObject({ width: 7, height: 5, channels })
      // sharp hands gray back as RGB; its first channel is the gray.
      const back = await sharp(png).raw().toBuffer({ resolveWithObject: true })
      const stride = back.info.channels
      const firstChannels = Array.from(back.data).filter((_, i) => i % stride < channels)
      expect(firstChannels).toEqual(Array.from(pixels))
    }
  })

  it('undoes each of the five PNG row filters, as libpng does', async () => {
    for (const channels of [1, 3] as const) {
      const pixels = gradient(32, 32, channels)
      const file = pngWithEveryFilter(pixels, 32, 32, channels)
      const fast = decodeSimplePng(file, 32)
      expect(Array.from(fast!.pixels)).toEqual(Array.from(pixels))
      const slow = await decodeWithSharp(file, options)
      expect(
        Buffer.from(decodeWithoutSharp(file, options)!.pixels).equals(Buffer.from(slow.pixels))
      ).toBe(true)
    }
  })

  it('gives the same pixels as sharp for PNGs written by libpng: gray, RGB and palette', async () => {
    const rgb = gradient(32, 32, 3)
    const gray = gradient(32, 32, 1)
    const files = [
      // Adaptive filtering makes libpng pick a filter per row: all five turn up.
      await sharp(gray, { raw: { width: 32, height: 32, channels: 1 } })
        .toColourspace('b-w')
        .png({ adaptiveFiltering: true, compressionLevel: 9 })
        .toBuffer(),
      await sharp(rgb, { raw: { width: 32, height: 32, channels: 3 } })
        .png({ adaptiveFiltering: true })
        .toBuffer(),
      await sharp(rgb, { raw: { width: 32, height: 32, channels: 3 } })
        .png({ palette: true, colours: 64, dither: 0 })
        .toBuffer()
    ]
    for (const file of files) {
      const fast = decodeWithoutSharp(file, options)
      expect(fast, 'the fast path takes this file').toBeDefined()
      const slow = await decodeWithSharp(file, options)
      expect(fast!.gray).toBe(slow.gray)
      expect(Buffer.from(fast!.pixels).equals(Buffer.from(slow.pixels))).toBe(true)
    }
  })

  it('leaves to sharp what it does not handle exactly: other sizes, alpha, 16-bit, interlace', async () => {
    const rgb = gradient(32, 32, 3)
    const raw = { raw: { width: 32, height: 32, channels: 3 as const } }
    const rgba = new Uint8Array(32 * 32 * 4).fill(200)
    const cases = [
      await sharp(rgb, raw).resize(40, 32).png().toBuffer(),
      await sharp(rgba, { raw: { width: 32, height: 32, channels: 4 } })
        .png()
        .toBuffer(),
      await sharp(rgb, raw).toColourspace('rgb16').png().toBuffer(),
      await sharp(rgb, raw).png({ progressive: true }).toBuffer(),
      await sharp(rgb, raw).jpeg().toBuffer()
    ]
    for (const file of cases) expect(decodeSimplePng(file, 32)).toBeUndefined()
  })

  it('returns undefined for damaged data rather than guessing (sharp then explains)', async () => {
    const good = encodePng(gradient(32, 32, 3), 32, 32, 3)
    const flipped = Buffer.from(good)
    flipped[50] = flipped[50]! ^ 0xff
    expect(decodeSimplePng(good, 32)).toBeDefined()
    expect(decodeSimplePng(flipped, 32)).toBeUndefined()
    expect(decodeSimplePng(good.subarray(0, good.length - 20), 32)).toBeUndefined()
    expect(decodeSimplePng(new Uint8Array(0), 32)).toBeUndefined()
  })
})

/** A PNG whose row y uses filter y % 5 (none, sub, up, average, Paeth). */
function pngWithEveryFilter(px: Uint8Array, width: number, height: number, channels: 1 | 3) {
  const stride = width * channels
  const at = (x: number, y: number) => (x < 0 || y < 0 ? 0 : px[y * stride + x]!)
  const rows = new Uint8Array(height * (stride + 1))
  for (let y = 0; y < height; y++) {
    const filter = y % 5
    rows[y * (stride + 1)] = filter
    for (let x = 0; x < stride; x++) {
      const [a, b, c] = [at(x - channels, y), at(x, y - 1), at(x - channels, y - 1)]
      const p = a + b - c
      const paeth =
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
          ? a
          : Math.abs(p - b) <= Math.abs(p - c)
            ? b
            : c
      const predicted = [0, a, b, (a + b) >> 1, paeth][filter]!
      rows[y * (stride + 1) + 1 + x] = (at(x, y) - predicted) & 255
    }
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8
  ihdr[9] = channels === 1 ? 0 : 2
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib.deflateSync(rows)),
    pngChunk('IEND', new Uint8Array(0))
  ])
}
