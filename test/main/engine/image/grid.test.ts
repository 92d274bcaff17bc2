import * as tf from '@tensorflow/tfjs'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { encodeGridPng, layoutGrid, tensorGridPng } from '../../../../src/main/engine/image/grid'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

describe('sample grids', () => {
  it('lays cells out row-major with 1px gaps, upscaled ×2 at 28px', () => {
    // Four 28×28 grey images of levels 0, 50, 100, 150 in a 2×2 grid.
    const size = 28
    const pixels = new Uint8Array(4 * size * size)
    for (let i = 0; i < 4; i++) pixels.fill(i * 50, i * size * size, (i + 1) * size * size)
    const grid = layoutGrid({ pixels, size, channels: 1 }, { rows: 2, cols: 2, background: 255 })
    expect(grid.width).toBe(2 * 56 + 3)
    expect(grid.height).toBe(2 * 56 + 3)
    const at = (x: number, y: number) => grid.pixels[y * grid.width + x]
    expect(at(0, 0)).toBe(255) // gap
    expect(at(1, 1)).toBe(0) // first cell's corner
    expect(at(56, 56)).toBe(0) // its far corner: 28 px doubled
    expect(at(57, 1)).toBe(255) // the gap between columns
    expect(at(58, 1)).toBe(50) // second cell, first row
    expect(at(1, 58)).toBe(100) // first cell of the second row
    expect(at(113, 113)).toBe(150)
  })

  it('keeps 64px cells at their size', () => {
    const grid = layoutGrid(
      { pixels: new Uint8Array(64 * 64 * 3), size: 64, channels: 3 },
      { rows: 1, cols: 3 }
    )
    expect([grid.width, grid.height]).toEqual([3 * 64 + 4, 66])
  })

  it('encodes a PNG that decodes to the same pixels', async () => {
    const pixels = Uint8Array.from({ length: 2 * 4 * 4 * 3 }, (_, i) => (i * 37) % 256)
    const png = await encodeGridPng(
      { pixels, size: 4, channels: 3 },
      { rows: 1, cols: 2, scale: 1, gap: 0 }
    )
    expect(png).toBeInstanceOf(Uint8Array)
    expect(Buffer.from(png.subarray(1, 4)).toString()).toBe('PNG')
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true })
    expect([info.width, info.height, info.channels]).toEqual([8, 4, 3])
    // Cell 0's top-left pixel and cell 1's.
    expect(Array.from(data.subarray(0, 3))).toEqual(Array.from(pixels.subarray(0, 3)))
    expect(Array.from(data.subarray(12, 15))).toEqual(Array.from(pixels.subarray(48, 51)))
  })

  it('maps generator output [−1, 1] to 0…255', async () => {
    const images = tf.tensor4d([-1, 0, 1, 1.5], [1, 2, 2, 1])
    const png = await tensorGridPng(images, { rows: 1, cols: 1, scale: 1, gap: 0 })
    images.dispose()
    expect((await sharp(png).metadata()).channels).toBe(1) // a grey PNG, not RGB
    const data = await sharp(png).extractChannel(0).raw().toBuffer()
    expect(Array.from(data)).toEqual([0, 128, 255, 255])
  })
})
