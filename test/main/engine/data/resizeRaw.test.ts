import { describe, expect, it } from 'vitest'
import { rawResizer } from '../../../../src/main/engine/data/resizeRaw'

describe('rawResizer', () => {
  const opts = { channels: 1, fit: 'crop' as const, background: [0] }

  it('keeps a flat image flat at any size, and the same size unchanged', () => {
    const flat = new Uint8Array(28 * 28).fill(77)
    for (const size of [14, 32, 64]) {
      const out = rawResizer({ ...opts, width: 28, height: 28, size })(flat)
      expect(out.length).toBe(size * size)
      expect(out.every((v) => v === 77)).toBe(true)
    }
    const ramp = Uint8Array.from({ length: 28 * 28 }, (_, i) => i % 251)
    expect(
      Array.from(rawResizer({ ...opts, width: 28, height: 28, size: 28 as never })(ramp))
    ).toEqual(Array.from(ramp))
  })

  it('averages when shrinking (no aliasing) and interpolates when growing', () => {
    // A 1-pixel checkerboard halved: inside, every output pixel is the mean, not a sample
    // (at the border the filter loses its outer taps and renormalises, as Pillow's does).
    const checker = Uint8Array.from({ length: 8 * 8 }, (_, i) =>
      ((i % 8) + (i >> 3)) % 2 ? 200 : 0
    )
    const half = rawResizer({ ...opts, width: 8, height: 8, size: 4 })(checker)
    for (const p of [5, 6, 9, 10]) expect(Math.abs(half[p]! - 100)).toBeLessThanOrEqual(1)
    // A left-to-right ramp stays a left-to-right ramp when doubled.
    const ramp = Uint8Array.from({ length: 4 * 4 }, (_, i) => (i % 4) * 60)
    const doubled = rawResizer({ ...opts, width: 4, height: 4, size: 8 })(ramp)
    const row = Array.from(doubled.subarray(0, 8))
    expect(row).toEqual([...row].sort((a, b) => a - b))
    expect(row[0]).toBe(0)
    expect(row[7]).toBe(180)
  })

  it('crops the centre of a wide image, or letterboxes it on the background', () => {
    // 6 × 2, columns 10·x, three channels.
    const wide = Uint8Array.from({ length: 6 * 2 * 3 }, (_, i) => 10 * (Math.floor(i / 3) % 6))
    const crop = rawResizer({
      width: 6,
      height: 2,
      channels: 3,
      size: 2,
      fit: 'crop',
      background: []
    })
    expect(Array.from(crop(wide).filter((_, i) => i % 3 === 0))).toEqual([20, 30, 20, 30])
    const box = rawResizer({
      width: 6,
      height: 2,
      channels: 3,
      size: 6,
      fit: 'letterbox',
      background: [1, 2, 3]
    })(wide)
    expect(Array.from(box.subarray(0, 3))).toEqual([1, 2, 3])
    expect(Array.from(box.subarray(6 * 6 * 3 - 3))).toEqual([1, 2, 3])
    expect(box[(2 * 6 + 5) * 3]).toBe(50)
  })
})
