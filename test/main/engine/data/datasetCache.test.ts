import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { DatasetProgress } from '../../../../src/shared/dataset'
import { openDataset } from '../../../../src/main/engine/data/index'
import { atomicWrite } from '../../../../src/main/engine/fs/atomicWrite'
import { gradient, grayPng, solidImage } from './helpers/images'
import { tempDir } from '../../../helpers/tempDir'

const root = tempDir()

/** A folder of 2 classes × 3 gray PNGs at 32 px, and a cache folder for it. */
async function setup(name: string) {
  const dir = path.join(root, name)
  const cacheDir = path.join(root, `${name}-cache`)
  for (const cls of ['a', 'b']) {
    for (let i = 0; i < 3; i++) {
      const px = gradient(32, 32, 1).map((v) => (v + i * 40 + (cls === 'b' ? 7 : 0)) % 256)
      await grayPng(path.join(dir, cls, `${i}.png`), px, 32)
    }
  }
  const open = async (extra: Parameters<typeof openDataset>[1] = {}) => {
    const events: DatasetProgress[] = []
    const result = await openDataset(
      { kind: 'folder', path: dir },
      { cacheDir, onProgress: (p) => events.push(p), ...extra }
    )
    const decodeTotal = events.find((e) => e.phase === 'decode' && e.done === 0)?.total ?? 0
    return { ...result, decodeTotal }
  }
  return { dir, cacheDir, open }
}

/** The image file the cache's index names (the only one there, as old ones are removed). */
function binOf(cacheDir: string): string {
  const bins = fs.readdirSync(cacheDir).filter((n) => n.endsWith('.bin'))
  expect(bins).toHaveLength(1)
  return bins[0]!
}
const touch = (file: string, ms: number) => fs.utimesSync(file, new Date(ms), new Date(ms))

describe('the dataset cache', () => {
  it('makes the second open of an unchanged folder come from the cache, byte for byte', async () => {
    const { cacheDir, open } = await setup('unchanged')
    const first = await open()
    expect(first.summary.fromCache).toBe(false)
    expect(first.summary.decodedFiles).toBe(6)
    expect(first.decodeTotal).toBe(6)
    const names = fs.readdirSync(cacheDir).sort()
    expect(names).toHaveLength(2)
    expect(names[1]).toBe(`${first.summary.cacheKey}.json`)

    const second = await open()
    expect(second.summary.fromCache).toBe(true)
    expect(second.summary.decodedFiles).toBe(0)
    expect(second.decodeTotal).toBe(0)
    expect(Buffer.from(second.dataset.images).equals(Buffer.from(first.dataset.images))).toBe(true)
    expect(Array.from(second.dataset.labels)).toEqual(Array.from(first.dataset.labels))
    // Nothing changed, so nothing was written.
    expect(fs.readdirSync(cacheDir).sort()).toEqual(names)
  })

  it('re-decodes only a touched file, a new file; drops a removed one', async () => {
    const { dir, cacheDir, open } = await setup('changes')
    const first = await open()

    touch(path.join(dir, 'a', '1.png'), Date.now() + 5000)
    const touched = await open()
    expect(touched.summary.decodedFiles).toBe(1)
    expect(touched.decodeTotal).toBe(1)
    expect(touched.summary.fromCache).toBe(false)
    expect(Buffer.from(touched.dataset.images).equals(Buffer.from(first.dataset.images))).toBe(true)

    await solidImage(path.join(dir, 'b', '9.png'), '#ff0000', { width: 32, height: 32 })
    const added = await open()
    expect(added.summary.decodedFiles).toBe(1)
    expect(added.dataset.count).toBe(7)
    // A colour image joined a gray set: three channels now, the gray images copied across.
    expect(added.dataset.channels).toBe(3)
    expect(added.dataset.images[0]).toBe(first.dataset.images[0])

    fs.rmSync(path.join(dir, 'b', '9.png'))
    const removed = await open()
    expect(removed.summary.decodedFiles).toBe(0)
    expect(removed.dataset.channels).toBe(1)
    expect(Buffer.from(removed.dataset.images).equals(Buffer.from(first.dataset.images))).toBe(true)
    // The rewrite replaced the old bin rather than leaving it beside the new one.
    expect(fs.readdirSync(cacheDir).filter((n) => n.endsWith('.bin'))).toHaveLength(1)

    const again = await open()
    expect(again.summary.fromCache).toBe(true)
  })

  it('keeps one cache per decode setting and class limit; the channel choice needs no decode', async () => {
    const { open } = await setup('settings')
    await open()
    const rgb = await open({ channels: 3 })
    expect(rgb.summary.fromCache).toBe(true)
    expect(rgb.dataset.channels).toBe(3)
    const bigger = await open({ resolution: 64 })
    expect(bigger.summary.decodedFiles).toBe(6)
    const letterbox = await open({ fit: 'letterbox' })
    expect(letterbox.summary.decodedFiles).toBe(6)
    // A trial on a few images per class keeps its own small cache beside the whole set's.
    const trial = await open({ limitPerClass: 1 })
    expect(trial.summary.decodedFiles).toBe(2)
    expect((await open()).summary.fromCache).toBe(true)
    expect((await open({ resolution: 64 })).summary.fromCache).toBe(true)
  })

  it('detects a damaged or truncated image file and rebuilds', async () => {
    const { cacheDir, open } = await setup('damaged')
    const first = await open()
    const bin = path.join(cacheDir, binOf(cacheDir))

    const bytes = fs.readFileSync(bin)
    bytes[100] = bytes[100]! ^ 0xff
    fs.writeFileSync(bin, bytes)
    const flipped = await open()
    expect(flipped.summary.fromCache).toBe(false)
    expect(flipped.summary.decodedFiles).toBe(6)
    expect(flipped.summary.warnings.join()).toMatch(
      /cache was unusable \(its image file does not match/
    )
    expect(Buffer.from(flipped.dataset.images).equals(Buffer.from(first.dataset.images))).toBe(true)

    const bin2 = path.join(cacheDir, binOf(cacheDir))
    fs.truncateSync(bin2, 1000)
    const truncated = await open()
    expect(truncated.summary.decodedFiles).toBe(6)
    expect(truncated.summary.warnings.join()).toMatch(/truncated \(1000 of 6144 bytes\)/)
    expect((await open()).summary.fromCache).toBe(true)
  })

  it('detects a damaged index, or one whose image file is gone, and rebuilds', async () => {
    const { cacheDir, open } = await setup('bad-index')
    const { summary } = await open()
    const index = path.join(cacheDir, `${summary.cacheKey}.json`)
    const text = fs.readFileSync(index, 'utf8')

    fs.writeFileSync(index, text.slice(0, text.length / 2))
    expect((await open()).summary.warnings.join()).toMatch(/index is not valid JSON/)

    const json = JSON.parse(fs.readFileSync(index, 'utf8')) as { sizes: number[] }
    json.sizes.pop()
    fs.writeFileSync(index, JSON.stringify(json))
    expect((await open()).summary.warnings.join()).toMatch(/does not add up/)

    fs.rmSync(path.join(cacheDir, binOf(cacheDir)))
    const gone = await open()
    expect(gone.summary.decodedFiles).toBe(6)
    expect(gone.summary.warnings.join()).toMatch(/image file could not be read/)
  })

  it('survives a crash mid-write: a half-written temporary file is never read as the cache', async () => {
    const { cacheDir, open } = await setup('crash')
    const { summary } = await open()
    // What a crash between writing and renaming leaves: temporary files under other names.
    fs.writeFileSync(path.join(cacheDir, `${summary.cacheKey}.json.123.abcd.tmp`), '{"trunc')
    fs.writeFileSync(path.join(cacheDir, `${summary.cacheKey}.deadbeef0000.bin.123.abcd.tmp`), 'xx')
    const again = await open()
    expect(again.summary.fromCache).toBe(true)
    expect(again.dataset.count).toBe(6)
  })
})

describe('atomicWrite', () => {
  it('replaces the whole file and leaves no temporary file behind', async () => {
    const dir = path.join(root, 'atomic')
    fs.mkdirSync(dir)
    const target = path.join(dir, 'f.json')
    await atomicWrite(target, 'one')
    await atomicWrite(target, 'two')
    expect(fs.readFileSync(target, 'utf8')).toBe('two')
    expect(fs.readdirSync(dir)).toEqual(['f.json'])
  })

  it('leaves the old file whole when the write fails', async () => {
    const dir = path.join(root, 'atomic-fail')
    fs.mkdirSync(dir)
    const target = path.join(dir, 'f.json')
    await atomicWrite(target, 'old')
    // A folder in the way makes the final rename fail.
    const blocked = path.join(dir, 'sub')
    fs.mkdirSync(path.join(blocked, 'x'), { recursive: true })
    await expect(atomicWrite(blocked, 'new')).rejects.toThrow()
    expect(fs.readFileSync(target, 'utf8')).toBe('old')
    expect(fs.readdirSync(dir).sort()).toEqual(['f.json', 'sub'])
  })
})
