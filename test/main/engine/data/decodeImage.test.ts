import fs from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { decodeImage, type DecodeOptions } from '../../../../src/main/engine/data/decodeImage'
import { openDataset } from '../../../../src/main/engine/data/index'
import { encodeBmp } from './helpers/bmpFixtures'
import { gradient, grayPng, solidImage } from './helpers/images'
import { tempDir } from '../../../helpers/tempDir'

const root = tempDir()
const crop: DecodeOptions = { size: 32, fit: 'crop', background: '#000000' }

function pixelAt(img: { pixels: Uint8Array; gray: boolean }, x: number, y: number, size = 32) {
  const c = img.gray ? 1 : 3
  const p = (y * size + x) * c
  return img.gray ? [img.pixels[p]!] : Array.from(img.pixels.subarray(p, p + 3))
}

describe('decoding every supported file type', () => {
  it('opens png, jpg, jpeg, webp, gif, bmp, tif and tiff, in any letter case', async () => {
    const dir = path.join(root, 'every-type')
    const names = [
      'a.png',
      'b.jpg',
      'c.jpeg',
      'd.webp',
      'e.gif',
      'g.tif',
      'h.tiff',
      'i.PNG',
      'j.JpG'
    ]
    for (const name of names) await solidImage(path.join(dir, 'things', name), '#c83232')
    const bmp = encodeBmp({
      width: 2,
      height: 2,
      bpp: 24,
      rgba: Uint8Array.from([
        200, 50, 50, 255, 200, 50, 50, 255, 200, 50, 50, 255, 200, 50, 50, 255
      ])
    })
    fs.writeFileSync(path.join(dir, 'things', 'f.bmp'), bmp)
    fs.writeFileSync(path.join(dir, 'things', 'k.BMP'), bmp)

    const { dataset, summary } = await openDataset({ kind: 'folder', path: dir })
    expect(summary.skipped).toEqual([])
    expect(dataset.count).toBe(names.length + 2)
    expect(dataset.channels).toBe(3)
    // Every file is the same colour: lossy formats land within a few levels of it.
    for (let i = 0; i < dataset.count; i++) {
      const p = i * 32 * 32 * 3 + (16 * 32 + 16) * 3
      const rgb = Array.from(dataset.images.subarray(p, p + 3))
      expect(
        rgb.map((v, c) => Math.abs(v - [200, 50, 50][c]!)).every((d) => d <= 8),
        `${rgb}`
      ).toBe(true)
    }
  })

  it('takes the first frame of an animated GIF', async () => {
    const red = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#ff0000' } })
      .png()
      .toBuffer()
    const blue = await sharp({
      create: { width: 8, height: 8, channels: 3, background: '#0000ff' }
    })
      .png()
      .toBuffer()
    const gif = await sharp([red, blue], { join: { animated: true } })
      .gif()
      .toBuffer()
    expect((await sharp(gif).metadata()).pages).toBe(2)
    const img = await decodeImage(gif, crop)
    expect(pixelAt(img, 5, 5)).toEqual([255, 0, 0])
  })
})

describe('channels', () => {
  it('gives one channel when every image is gray (gray PNG, gray JPEG, RGB with R = G = B)', async () => {
    const dir = path.join(root, 'grays')
    await grayPng(path.join(dir, 'a', '1.png'), gradient(32, 32, 1), 32)
    await sharp(gradient(40, 40, 1), { raw: { width: 40, height: 40, channels: 1 } })
      .toColourspace('b-w')
      .jpeg()
      .toFile(path.join(dir, 'a', '2.jpg'))
    await solidImage(path.join(dir, 'b', '3.png'), '#808080')
    const { dataset } = await openDataset({ kind: 'folder', path: dir })
    expect(dataset.channels).toBe(1)
    expect(dataset.images.length).toBe(3 * 32 * 32)

    const forced = await openDataset({ kind: 'folder', path: dir }, { channels: 3 })
    expect(forced.dataset.channels).toBe(3)
    const px = forced.dataset.images
    for (let i = 0; i < px.length; i += 3)
      expect(px[i] === px[i + 1] && px[i] === px[i + 2]).toBe(true)
  })

  it('gives three channels when any image has colour, and luma when 1 is asked for', async () => {
    const dir = path.join(root, 'mixed')
    await grayPng(path.join(dir, 'a', '1.png'), gradient(32, 32, 1), 32)
    await solidImage(path.join(dir, 'b', '2.png'), '#ff0000')
    const { dataset } = await openDataset({ kind: 'folder', path: dir })
    expect(dataset.channels).toBe(3)
    const gray = await openDataset({ kind: 'folder', path: dir }, { channels: 1 })
    expect(gray.dataset.channels).toBe(1)
    // Pure red in ITU-R 601 luma (Pillow's 'L', which torchvision's Grayscale uses): 76.
    expect(gray.dataset.images[32 * 32 + 100]).toBe(76)
  })
})

describe('fitting to the square', () => {
  // 96 × 32: red, green and blue thirds.
  async function thirds(): Promise<Buffer> {
    const px = new Uint8Array(96 * 32 * 3)
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 96; x++) px[(y * 96 + x) * 3 + Math.floor(x / 32)] = 255
    }
    return sharp(px, { raw: { width: 96, height: 32, channels: 3 } })
      .png()
      .toBuffer()
  }

  it('crop (the default) keeps the centre and fills the square', async () => {
    const img = await decodeImage(await thirds(), crop)
    for (const [x, y] of [
      [0, 0],
      [31, 31],
      [16, 16]
    ]) {
      expect(pixelAt(img, x!, y!)).toEqual([0, 255, 0])
    }
  })

  it('letterbox keeps the whole picture and pads with the background colour', async () => {
    const img = await decodeImage(await thirds(), {
      ...crop,
      fit: 'letterbox',
      background: '#ffffff'
    })
    expect(pixelAt(img, 16, 0)).toEqual([255, 255, 255])
    expect(pixelAt(img, 16, 31)).toEqual([255, 255, 255])
    expect(pixelAt(img, 2, 16)).toEqual([255, 0, 0])
    expect(pixelAt(img, 16, 16)).toEqual([0, 255, 0])
    expect(pixelAt(img, 29, 16)).toEqual([0, 0, 255])
  })
})

describe('orientation and transparency', () => {
  it('applies the EXIF orientation before cropping', async () => {
    // 40 × 20, left half white. Orientation 6 shows it turned a quarter clockwise:
    // 20 × 40 with the white half on top.
    const px = new Uint8Array(40 * 20 * 3)
    for (let y = 0; y < 20; y++)
      for (let x = 0; x < 20; x++) px.fill(255, (y * 40 + x) * 3, (y * 40 + x) * 3 + 3)
    const jpeg = await sharp(px, { raw: { width: 40, height: 20, channels: 3 } })
      .jpeg({ quality: 100 })
      .withMetadata({ orientation: 6 })
      .toBuffer()
    const img = await decodeImage(jpeg, crop)
    expect(pixelAt(img, 16, 1)[0]).toBeGreaterThan(240)
    expect(pixelAt(img, 16, 30)[0]).toBeLessThan(15)
    // Left and right of the same row agree: nothing of the unrotated left/right split.
    expect(Math.abs(pixelAt(img, 1, 4)[0]! - pixelAt(img, 30, 4)[0]!)).toBeLessThan(10)
  })

  it('composites transparent pixels on the chosen background', async () => {
    const px = new Uint8Array(32 * 32 * 4)
    for (let i = 0; i < 32 * 32; i++) {
      // Left half fully transparent green, right half half-transparent green.
      px.set([0, 255, 0, i % 32 < 16 ? 0 : 128], i * 4)
    }
    const png = await sharp(px, { raw: { width: 32, height: 32, channels: 4 } })
      .png()
      .toBuffer()
    const img = await decodeImage(png, { ...crop, background: '#ff0000' })
    expect(pixelAt(img, 4, 4)).toEqual([255, 0, 0])
    const half = pixelAt(img, 28, 4)
    expect(Math.abs(half[0]! - 127)).toBeLessThanOrEqual(2)
    expect(Math.abs(half[1]! - 128)).toBeLessThanOrEqual(2)
    expect(half[2]).toBe(0)
  })
})
