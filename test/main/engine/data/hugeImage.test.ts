import fs from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { openDataset } from '../../../../src/main/engine/data/index'
import { tempDir } from './helpers/tempDir'

const root = tempDir()
const MB = 1024 * 1024

/**
 * How far resident memory rises above its level now while `work` runs. Process maxRSS is a
 * high-water mark that writing the huge file may already have raised, hiding the decode's
 * peak; so on Linux the mark is first reset to the current RSS (/proc/self/clear_refs) and
 * read back as VmHWM. Where it cannot be reset the old mark counts too, so the figure can
 * only come out too high, never too low. Per process, so other work on the machine does
 * not enter it.
 */
async function peakGrowthDuring<T>(work: () => Promise<T>): Promise<{ result: T; growth: number }> {
  const reset = resetPeakRss()
  const before = process.memoryUsage().rss
  const result = await work()
  const peak = reset ? vmHwm() : process.resourceUsage().maxRSS * 1024
  return { result, growth: peak - before }
}

function resetPeakRss(): boolean {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5')
    return true
  } catch {
    return false
  }
}

function vmHwm(): number {
  const status = fs.readFileSync('/proc/self/status', 'utf8')
  const kb = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1]
  if (kb === undefined) throw new Error('/proc/self/status has no VmHWM line')
  return Number(kb) * 1024
}

describe('a 12000 × 12000 image', () => {
  it('is resized with bounded memory (streamed decode, no full-size copy)', async () => {
    const dir = path.join(root, 'huge')
    fs.mkdirSync(path.join(dir, 'big'), { recursive: true })
    // Written by upscaling a tiny image: libvips streams it, so making it costs little memory.
    const tiny = await sharp({
      create: { width: 12, height: 12, channels: 3, background: '#3366cc' }
    })
      .png()
      .toBuffer()
    await sharp(tiny, { limitInputPixels: false })
      .resize(12000, 12000, { kernel: 'nearest' })
      .png({ compressionLevel: 1 })
      .toFile(path.join(dir, 'big', 'huge.png'))
    expect((await sharp(path.join(dir, 'big', 'huge.png')).metadata()).width).toBe(12000)

    const { result, growth } = await peakGrowthDuring(() =>
      openDataset({ kind: 'folder', path: dir })
    )
    const { dataset, summary } = result
    expect(summary.skipped).toEqual([])
    expect(dataset.count).toBe(1)
    expect(Array.from(dataset.images.subarray(0, 3))).toEqual([0x33, 0x66, 0xcc])
    // The decoded picture alone would be 432 MB (12000² × 3); the peak grows by far less.
    expect(growth / MB).toBeLessThan(200)
  })

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
