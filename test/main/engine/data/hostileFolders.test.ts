import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { describe, expect, it, vi } from 'vitest'
import { openDataset } from '../../../../src/main/engine/data/index'
import { MAX_FILE_BYTES } from '../../../../src/main/engine/data/decodeFiles'
import { decodeImage } from '../../../../src/main/engine/data/decodeImage'
import { scanFolder } from '../../../../src/main/engine/data/scanFolder'
import { pngChunk, solidImage } from './helpers/images'
import { openWhileChanging } from './helpers/changingFolder'
import { peakGrowthDuring, resettablePeak } from './helpers/peakMemory'
import { tempDir } from '../../../helpers/tempDir'

const root = tempDir()
const MiB = 1024 * 1024
const folder = (p: string) => ({ kind: 'folder' as const, path: p })
const slashed = (p: string) => p.split(path.sep).join('/')
const reasons = (skipped: { path: string; reason: string }[]) =>
  Object.fromEntries(skipped.map((s) => [slashed(s.path), s.reason]))

/**
 * A `size`×`size` gray PNG whose pixel data inflates to `mib` MiB of zeros: one deflate block
 * of 1 MiB, repeated, so a 1 GiB bomb takes about a megabyte and a millisecond to make.
 */
function pngBomb(size: number, mib: number): Buffer {
  const block = zlib.deflateRawSync(Buffer.alloc(MiB), {
    finishFlush: zlib.constants.Z_FULL_FLUSH,
    level: 9
  })
  const adler = Buffer.alloc(4)
  adler.writeUInt32BE((((mib * MiB) % 65521) * 65536 + 1) >>> 0)
  const data = Buffer.concat([
    Buffer.from([0x78, 0xda]),
    ...new Array<Buffer>(mib).fill(block),
    zlib.deflateRawSync(Buffer.alloc(0)),
    adler
  ])
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr[8] = 8 // 8-bit gray
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', data),
    pngChunk('IEND', Buffer.alloc(0))
  ])
}

describe('decoding with limits', () => {
  it.skipIf(resettablePeak.skip)(
    'skips a 1 MB PNG that inflates to 1 GiB, with its reason, without allocating it',
    async () => {
      const dir = path.join(root, 'bomb')
      const bomb = pngBomb(32, 1024)
      expect(bomb.length).toBeLessThan(1.1 * MiB)
      fs.mkdirSync(path.join(dir, 'a'), { recursive: true })
      fs.writeFileSync(path.join(dir, 'a', 'bomb.png'), bomb)
      await solidImage(path.join(dir, 'a', 'ok.png'), '#808080', { width: 32, height: 32 })

      // The peak during the open alone (maxRSS, a high-water mark, could hide it).
      const { result, growth: grew } = await peakGrowthDuring(() =>
        openDataset(folder(dir), { resolution: 32 })
      )
      const { dataset, summary } = result
      expect(dataset.count).toBe(1)
      expect(reasons(summary.skipped)['a/bomb.png']).toMatch(
        /inflates to more than the 32×32 image holds.*decompression bomb/
      )
      // Inflating stops at the image's size (1 KiB here), not at the 1 GiB the data makes.
      expect(grew / MiB).toBeLessThan(100)
    }
  )

  it('decodes the same image when its data is honest, by the same path', async () => {
    const pixels = Buffer.alloc(32 * 33)
    for (let y = 0; y < 32; y++) pixels.fill(y * 8, y * 33 + 1, (y + 1) * 33)
    const ihdr = Buffer.alloc(13)
    ihdr.writeUInt32BE(32, 0)
    ihdr.writeUInt32BE(32, 4)
    ihdr[8] = 8
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      pngChunk('IHDR', ihdr),
      pngChunk('IDAT', zlib.deflateSync(pixels)),
      pngChunk('IEND', Buffer.alloc(0))
    ])
    const decoded = await decodeImage(png, { size: 32, fit: 'crop', background: '#000000' })
    expect(decoded.gray).toBe(true)
    expect(decoded.pixels[31 * 32]).toBe(31 * 8)
  })

  it('skips a file too large to read, unread, saying how large', async () => {
    const dir = path.join(root, 'huge-file')
    await solidImage(path.join(dir, 'a', 'ok.png'), '#ffffff')
    // Sparse: the test costs no disk.
    const big = path.join(dir, 'a', 'big.png')
    fs.writeFileSync(big, '')
    fs.truncateSync(big, MAX_FILE_BYTES + 1)
    const { dataset, summary } = await openDataset(folder(dir))
    expect(dataset.count).toBe(1)
    expect(reasons(summary.skipped)['a/big.png']).toMatch(
      /too large a file \(512 MB; the studio reads image files up to 512 MB\)/
    )
  })

  it('skips a file that changes between the scan and its decode', async () => {
    const dir = path.join(root, 'changing')
    // Still being copied in: more bytes arrive after the scan listed it.
    const { dataset, summary } = await openWhileChanging(dir, (growing) =>
      fs.appendFileSync(growing, Buffer.alloc(100))
    )
    expect(dataset.count).toBe(1)
    expect(reasons(summary.skipped)['a/2.png']).toMatch(
      /changed while the folder was being read \(\d+ bytes when listed, \d+ when read\)/
    )
  })
})

describe('scanning with links and files that move', () => {
  it('names a cycle of links as a cycle', async () => {
    const dir = path.join(root, 'cycle')
    await solidImage(path.join(dir, 'cats', '1.png'), '#ffffff')
    fs.symlinkSync('b', path.join(dir, 'cats', 'a'))
    fs.symlinkSync('a', path.join(dir, 'cats', 'b'))
    const scan = await scanFolder(dir)
    expect(scan.files.map((f) => slashed(f.rel))).toEqual(['cats/1.png'])
    const why = reasons(scan.skipped)
    expect(why['cats/a']).toBe('symbolic link cycle: cats/a → cats/b → cats/a; not followed')
    expect(why['cats/b']).toBe('symbolic link cycle: cats/b → cats/a → cats/b; not followed')
  })

  it('does not follow a link to an ancestor: no class counts another class’s images', async () => {
    const dir = path.join(root, 'ancestor')
    await solidImage(path.join(dir, 'cats', '1.png'), '#ffffff')
    await solidImage(path.join(dir, 'dogs', '1.png'), '#000000')
    await solidImage(path.join(dir, 'dogs', '2.png'), '#000000')
    fs.symlinkSync('..', path.join(dir, 'cats', 'all'))
    fs.symlinkSync(dir, path.join(dir, 'dogs', 'root'))
    const scan = await scanFolder(dir)
    expect(scan.files.map((f) => [slashed(f.rel), scan.classNames[f.classIndex]])).toEqual([
      ['cats/1.png', 'cats'],
      ['dogs/1.png', 'dogs'],
      ['dogs/2.png', 'dogs']
    ])
    const why = reasons(scan.skipped)
    expect(why['cats/all']).toMatch(/link to the chosen folder itself, a folder that contains it/)
    expect(why['dogs/root']).toMatch(/a folder that contains it \(a link loop\); not followed/)
  })

  it('does not follow links out of the chosen folder, naming where they lead', async () => {
    const outside = path.join(root, 'outside')
    await solidImage(path.join(outside, 'secret', 'x.png'), '#123456')
    const dir = path.join(root, 'inside')
    await solidImage(path.join(dir, 'cats', '1.png'), '#ffffff')
    fs.symlinkSync(path.join(outside, 'secret'), path.join(dir, 'cats', 'more'))
    fs.symlinkSync(path.join(outside, 'secret', 'x.png'), path.join(dir, 'cats', 'x.png'))
    fs.symlinkSync(path.join(outside, 'secret'), path.join(dir, 'birds'))
    // Inside the folder, a link is followed as before.
    fs.symlinkSync(path.join(dir, 'cats', '1.png'), path.join(dir, 'cats', 'again.png'))
    const scan = await scanFolder(dir)
    expect(scan.classNames).toEqual(['cats'])
    expect(scan.files.map((f) => slashed(f.rel))).toEqual(['cats/1.png', 'cats/again.png'])
    const why = reasons(scan.skipped)
    const real = fs.realpathSync(path.join(outside, 'secret'))
    for (const link of ['cats/more', 'birds']) {
      expect(why[link]).toBe(
        `symbolic link to ${real}, outside the chosen folder; not followed (copy what it ` +
          'points to into the folder, or open a folder that holds both)'
      )
    }
    expect(why['cats/x.png']).toMatch(/outside the chosen folder; not followed/)
  })

  it('counts a folder reached by two links in one class once', async () => {
    const dir = path.join(root, 'twice')
    await solidImage(path.join(dir, 'shared', '1.png'), '#ffffff')
    await solidImage(path.join(dir, 'cats', '1.png'), '#ffffff')
    fs.symlinkSync(path.join(dir, 'shared'), path.join(dir, 'cats', 'l1'))
    fs.symlinkSync(path.join(dir, 'shared'), path.join(dir, 'cats', 'l2'))
    const scan = await scanFolder(dir)
    const cats = scan.files.filter((f) => scan.classNames[f.classIndex] === 'cats')
    expect(cats.map((f) => slashed(f.rel))).toEqual(['cats/1.png', 'cats/l1/1.png'])
    expect(reasons(scan.skipped)['cats/l2']).toMatch(/the same folder as cats.l1, already counted/)
  })

  it('skips files and folders that vanish during the scan, with why, and goes on', async () => {
    const dir = path.join(root, 'vanishing-scan')
    await solidImage(path.join(dir, 'cats', '1.png'), '#ffffff')
    const doomed = await solidImage(path.join(dir, 'cats', '2.png'), '#ffffff')
    await solidImage(path.join(dir, 'cats', 'sub', '3.png'), '#ffffff')
    await solidImage(path.join(dir, 'dogs', '1.png'), '#000000')
    const sub = path.join(dir, 'cats', 'sub')
    const realStat = fs.statSync
    const realReaddir = fs.readdirSync
    let removing = false
    // Deleted just as the scan reaches them: another program moving files away.
    const statSpy = vi.spyOn(fs, 'statSync').mockImplementation(((p: fs.PathLike, o?: never) => {
      if (String(p) === doomed && fs.existsSync(doomed)) fs.rmSync(doomed)
      return realStat(p, o)
    }) as typeof fs.statSync)
    const readdirSpy = vi.spyOn(fs, 'readdirSync').mockImplementation(((
      p: fs.PathLike,
      o?: never
    ) => {
      if (String(p) === sub && !removing) {
        removing = true
        fs.rmSync(sub, { recursive: true })
      }
      return realReaddir(p, o)
    }) as typeof fs.readdirSync)
    try {
      const scan = await scanFolder(dir)
      expect(scan.files.map((f) => slashed(f.rel))).toEqual(['cats/1.png', 'dogs/1.png'])
      const why = reasons(scan.skipped)
      expect(why['cats/2.png']).toMatch(/it no longer exists \(deleted or moved while/)
      expect(why['cats/sub']).toMatch(/folder not read: it no longer exists/)
    } finally {
      statSpy.mockRestore()
      readdirSpy.mockRestore()
    }
  })
})
