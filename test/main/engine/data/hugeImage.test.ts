import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { openDataset } from '../../../../src/main/engine/data/index'
import { peakGrowthDuring, resettablePeak } from './helpers/peakMemory'
import { tempDir } from '../../../helpers/tempDir'

const root = tempDir()
const MB = 1024 * 1024
const SIDE = 12000

/**
 * Writes a SIDE × SIDE PNG in a child process, so the memory that takes never counts in
 * this one: a decode could otherwise reuse it unseen. Upscaling a tiny image streams.
 */
function writeHugePng(file: string): void {
  const script = `
    import sharp from 'sharp'
    const tiny = await sharp({
      create: { width: 12, height: 12, channels: 3, background: '#3366cc' }
    }).png().toBuffer()
    await sharp(tiny, { limitInputPixels: false })
      .resize(${SIDE}, ${SIDE}, { kernel: 'nearest' })
      .png({ compressionLevel: 1 })
      .toFile(process.argv[1])
  `
  execFileSync(process.execPath, ['--input-type=module', '-e', script, file], {
    cwd: path.resolve(import.meta.dirname, '../../../..'),
    stdio: 'inherit'
  })
}

describe('a 12000 × 12000 image', () => {
  it.skipIf(resettablePeak.skip)(
    'is resized with bounded memory (streamed decode, no full-size copy)',
    async () => {
      const dir = path.join(root, 'huge')
      const file = path.join(dir, 'big', 'huge.png')
      fs.mkdirSync(path.dirname(file), { recursive: true })
      writeHugePng(file)
      expect((await sharp(file).metadata()).width).toBe(SIDE)

      const { result, growth } = await peakGrowthDuring(() =>
        openDataset({ kind: 'folder', path: dir })
      )
      const { dataset, summary } = result
      expect(summary.skipped).toEqual([])
      expect(dataset.count).toBe(1)
      expect(Array.from(dataset.images.subarray(0, 3))).toEqual([0x33, 0x66, 0xcc])
      // The decoded picture alone would be 432 MB (12000² × 3); the peak grows by far less.
      expect(growth / MB).toBeLessThan(200)

      // The gauge sees a full-size decode when there is one: the same file decoded whole
      // grows the peak by about its 412 MiB (less what freed memory it reuses).
      const whole = await peakGrowthDuring(() =>
        sharp(file, { limitInputPixels: false }).raw().toBuffer()
      )
      expect(whole.result.length).toBe(SIDE * SIDE * 3)
      expect(whole.growth / MB).toBeGreaterThan(300)
    }
  )

  it('refuses an image over the pixel limit with a reason, without decoding it', async () => {
    const dir = path.join(root, 'too-big')
    fs.mkdirSync(path.join(dir, 'a'), { recursive: true })
    // A PNG header claiming 20000 × 20000 (400 megapixels), no pixel data needed to refuse it.
    const tiny = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } })
      .png()
      .toBuffer()
    const forged = Buffer.from(tiny)
    forged.writeUInt32BE(20000, 16)
    forged.writeUInt32BE(20000, 20)
    const zlib = await import('node:zlib')
    forged.writeUInt32BE(zlib.crc32(forged.subarray(12, 29)), 29)
    fs.writeFileSync(path.join(dir, 'a', 'claims-huge.png'), forged)
    await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } }).toFile(
      path.join(dir, 'a', 'ok.png')
    )
    const { summary } = await openDataset({ kind: 'folder', path: dir })
    expect(summary.count).toBe(1)
    expect(summary.skipped[0]?.reason).toMatch(/too large: over the 200-megapixel limit/)
  })
})
