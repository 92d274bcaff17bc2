import { describe, expect, it } from 'vitest'
import { BmpError, decodeBmp } from '../../../../src/main/engine/data/bmp'
import { encodeBmp, type BmpSpec } from './helpers/bmpFixtures'

const PALETTE = [
  [0, 0, 0],
  [255, 0, 0],
  [0, 200, 50],
  [20, 40, 250]
]

/** 5 × 3 (odd width, so rows need padding), colours from the palette. */
function paletteImage(): Uint8Array {
  const rgba = new Uint8Array(5 * 3 * 4)
  for (let i = 0; i < 15; i++) {
    const c = PALETTE[(i * 7 + (i >> 2)) % 4]!
    rgba.set([c[0]!, c[1]!, c[2]!, 255], i * 4)
  }
  return rgba
}

function rgbOf(rgba: Uint8Array): number[] {
  return Array.from(rgba).filter((_, i) => i % 4 !== 3)
}

describe('decodeBmp', () => {
  const rgba = paletteImage()
  const base = { width: 5, height: 3, rgba, palette: PALETTE }

  const cases: [string, Partial<BmpSpec>][] = [
    ['24-bit, bottom-up', { bpp: 24 }],
    ['24-bit, top-down', { bpp: 24, topDown: true }],
    ['24-bit, OS/2 core header', { bpp: 24, header: 'core' }],
    ['8-bit palette', { bpp: 8 }],
    ['8-bit palette, top-down', { bpp: 8, topDown: true }],
    ['4-bit palette', { bpp: 4 }],
    ['8-bit RLE', { bpp: 8, rle: true }],
    ['32-bit BI_RGB (alpha byte ignored)', { bpp: 32 }]
  ]
  for (const [name, spec] of cases) {
    it(`reads ${name}`, () => {
      const bmp = decodeBmp(encodeBmp({ ...base, bpp: 24, ...spec }))
      expect([bmp.width, bmp.height, bmp.channels]).toEqual([5, 3, 3])
      expect(Array.from(bmp.data)).toEqual(rgbOf(rgba))
    })
  }

  it('reads a 1-bit palette image', () => {
    const two = [
      [0, 0, 0],
      [255, 255, 255]
    ]
    const px = new Uint8Array(9 * 2 * 4)
    for (let i = 0; i < 18; i++) px.set(i % 3 === 0 ? [255, 255, 255, 255] : [0, 0, 0, 255], i * 4)
    const bmp = decodeBmp(encodeBmp({ width: 9, height: 2, rgba: px, bpp: 1, palette: two }))
    expect(Array.from(bmp.data)).toEqual(rgbOf(px))
  })

  it('reads 16-bit 5-5-5 and 5-6-5 (bit fields), scaling to 0–255', () => {
    const px = Uint8Array.from([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255])
    for (const header of ['info', 'v5'] as const) {
      const bmp = decodeBmp(encodeBmp({ width: 4, height: 1, rgba: px, bpp: 16, header }))
      expect(Array.from(bmp.data)).toEqual(rgbOf(px))
    }
  })

  it('keeps alpha from a V5 header with an alpha mask', () => {
    const px = Uint8Array.from([255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0])
    const bmp = decodeBmp(encodeBmp({ width: 3, height: 1, rgba: px, bpp: 32, header: 'v5' }))
    expect(bmp.channels).toBe(4)
    expect(Array.from(bmp.data)).toEqual(Array.from(px))
  })

  it('treats an alpha mask whose every alpha byte is 0 as opaque (a common writer quirk)', () => {
    const px = Uint8Array.from([255, 0, 0, 0, 0, 255, 0, 0])
    const bmp = decodeBmp(encodeBmp({ width: 2, height: 1, rgba: px, bpp: 32, header: 'v5' }))
    expect(Array.from(bmp.data)).toEqual([255, 0, 0, 255, 0, 255, 0, 255])
  })

  it('refuses truncated, oversized and non-BMP data with a reason', () => {
    const whole = encodeBmp({ ...base, bpp: 24 })
    expect(() => decodeBmp(whole.subarray(0, whole.length - 10))).toThrow(/truncated/)
    expect(() => decodeBmp(encodeBmp({ ...base, bpp: 8, rle: true }).subarray(0, 70))).toThrow(
      BmpError
    )
    expect(() => decodeBmp(whole, 10)).toThrow(/too large/)
    expect(() => decodeBmp(new TextEncoder().encode('BM but not really a bitmap'))).toThrow(
      BmpError
    )
  })
})
