import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { DatasetError, openDataset } from '../../../../src/main/engine/data/index'
import { solidImage } from './helpers/images'
import { openWhileChanging } from './helpers/changingFolder'
import { refuse } from './helpers/refuse'
import { runningAsRoot, tempDir } from '../../../helpers/tempDir'

const root = tempDir()
const folder = (p: string) => ({ kind: 'folder' as const, path: p })

async function failure(p: Promise<unknown>): Promise<DatasetError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(err).toBeInstanceOf(DatasetError)
  return err as DatasetError
}

describe('folders that cannot be used say what is wrong and what to do', () => {
  it('a folder that does not exist', async () => {
    const err = await failure(openDataset(folder(path.join(root, 'missing'))))
    expect(err.code).toBe('not-found')
    expect(err.params).toEqual({ path: path.join(root, 'missing') })
    expect(err.message).toMatch(/does not exist\. Check the path/)
  })

  it('an empty folder', async () => {
    fs.mkdirSync(path.join(root, 'empty'))
    const err = await failure(openDataset(folder(path.join(root, 'empty'))))
    expect(err.code).toBe('empty-folder')
    expect(err.params).toMatchObject({ path: path.join(root, 'empty') })
    expect(err.message).toMatch(/one subfolder per class/)
  })

  it('a folder with no images', async () => {
    fs.mkdirSync(path.join(root, 'text', 'a'), { recursive: true })
    fs.writeFileSync(path.join(root, 'text', 'a', 'x.csv'), '1,2')
    const err = await failure(openDataset(folder(path.join(root, 'text'))))
    // The code and the values its message quotes, for the UI to say it in the user's language.
    expect(err.code).toBe('no-images-other-files')
    expect(err.params).toMatchObject({
      path: path.join(root, 'text'),
      count: 1,
      example: path.join('a', 'x.csv')
    })
  })

  it('a folder whose every image is broken: an error listing them, and no cache left behind', async () => {
    const dir = path.join(root, 'all-broken')
    fs.mkdirSync(path.join(dir, 'a'), { recursive: true })
    fs.writeFileSync(path.join(dir, 'a', 'x.png'), 'not a png')
    fs.writeFileSync(path.join(dir, 'a', 'y.jpg'), '')
    const cacheDir = path.join(root, 'cache-all-broken')
    const err = await failure(openDataset(folder(dir), { cacheDir }))
    expect(err.code).toBe('no-readable-images')
    expect(err.params).toEqual({ path: dir, count: 2 })
    expect(err.message).toMatch(/None of the 2 image file\(s\)/)
    expect(err.skipped.map((s) => s.path).sort()).toEqual([
      path.join('a', 'x.png'),
      path.join('a', 'y.jpg')
    ])
    expect(fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir) : []).toEqual([])
  })
})

describe('bad files are skipped with a reason, never fatal', () => {
  const dir = path.join(root, 'bad-files')
  const cacheDir = path.join(root, 'cache-bad-files')

  it('zero-byte, truncated and fake images; a one-image class warns', async () => {
    await solidImage(path.join(dir, 'good', '1.png'), '#ff0000')
    await solidImage(path.join(dir, 'good', '2.png'), '#00ff00')
    await solidImage(path.join(dir, 'lonely', 'only.jpg'), '#0000ff')
    fs.writeFileSync(path.join(dir, 'good', 'zero.png'), '')
    const png = fs.readFileSync(
      await solidImage(path.join(root, 'whole.png'), '#123456', { width: 300, height: 300 })
    )
    fs.writeFileSync(path.join(dir, 'good', 'cut.png'), png.subarray(0, Math.floor(png.length / 2)))
    const jpeg = fs.readFileSync(
      await solidImage(path.join(root, 'whole.jpg'), '#123456', { width: 300, height: 300 })
    )
    fs.writeFileSync(
      path.join(dir, 'good', 'cut.jpg'),
      jpeg.subarray(0, Math.floor(jpeg.length / 2))
    )
    fs.writeFileSync(path.join(dir, 'good', 'fake.png'), 'I am a text file with a .png name\n')

    const { dataset, summary } = await openDataset(folder(dir), { cacheDir })
    expect(dataset.count).toBe(3)
    expect(summary.classes.map((c) => [c.name, c.count])).toEqual([
      ['good', 2],
      ['lonely', 1]
    ])
    const reason = (name: string) =>
      summary.skipped.find((s) => s.path === path.join('good', name))?.reason
    expect(reason('zero.png')).toBe('empty file (0 bytes)')
    expect(reason('cut.png')).toMatch(/^truncated: the file ends before its PNG data does/)
    expect(reason('cut.jpg')).toMatch(/^truncated: the file ends before its JPEG data does/)
    expect(reason('fake.png')).toMatch(/not an image/)
    // In code form too, for the studio to say in the user's language.
    expect(summary.skipped.find((s) => s.path === path.join('good', 'zero.png'))).toMatchObject({
      code: 'skip-undecodable',
      params: { detail: 'empty file (0 bytes)' }
    })
    expect(summary.warnings.join('\n')).toMatch(/Class "lonely" has only one image/)
    // The same warning in code form, with the class it names, for the UI to word.
    expect(summary.notes).toContainEqual({
      message: expect.stringMatching(/Class "lonely" has only one image/),
      code: 'class-has-one-image',
      params: { name: 'lonely' }
    })
    expect(summary.notes?.map((n) => n.message)).toEqual(summary.warnings)
  })

  it('gives each bad file its own reason when many fail at once', async () => {
    // libvips has one error buffer for all threads: its messages get swapped between files
    // decoded in parallel, so the reasons must come from the files themselves.
    const d = path.join(root, 'many-bad')
    const png = fs.readFileSync(path.join(dir, 'good', 'cut.png'))
    const jpg = fs.readFileSync(path.join(dir, 'good', 'cut.jpg'))
    const whole = fs.readFileSync(path.join(root, 'whole.png'))
    const corrupt = Buffer.from(whole)
    corrupt.fill(0x55, 60, 200) // inside IDAT: the zlib stream no longer checks out
    fs.mkdirSync(path.join(d, 'a'), { recursive: true })
    await solidImage(path.join(d, 'a', 'good.png'), '#ffffff')
    for (let i = 0; i < 30; i++) {
      fs.writeFileSync(path.join(d, 'a', `p${i}.png`), png)
      fs.writeFileSync(path.join(d, 'a', `j${i}.jpg`), jpg)
      fs.writeFileSync(path.join(d, 'a', `c${i}.png`), corrupt)
      fs.writeFileSync(path.join(d, 'a', `t${i}.webp`), 'plain text')
    }
    const { summary } = await openDataset(folder(d))
    expect(summary.count).toBe(1)
    expect(summary.skipped).toHaveLength(120)
    const expected: Record<string, RegExp> = {
      p: /^truncated: .* PNG data/,
      j: /^truncated: .* JPEG data/,
      c: /^damaged: the PNG data is corrupt/,
      t: /^not an image/
    }
    for (const s of summary.skipped) expect(s.reason).toMatch(expected[path.basename(s.path)[0]!]!)
  })

  it('remembers broken files in the cache, so an unchanged one is not decoded again', async () => {
    const { summary } = await openDataset(folder(dir), { cacheDir })
    expect(summary.fromCache).toBe(true)
    expect(summary.decodedFiles).toBe(0)
    expect(summary.skipped).toHaveLength(4)
    // The cache keeps each reason's code and values too.
    expect(summary.skipped.map((s) => s.code)).toEqual(Array(4).fill('skip-undecodable'))
    expect(summary.skipped.every((s) => s.params?.detail === s.reason)).toBe(true)
  })

  it('a file it may not read (mode 000, or an injected EACCES when running as root)', async () => {
    const d = path.join(root, 'perm')
    await solidImage(path.join(d, 'a', '1.png'), '#ff0000')
    const locked = await solidImage(path.join(d, 'a', '2.png'), '#00ff00')
    const spies = runningAsRoot ? [refuse('openSync', locked), refuse('open', locked)] : []
    if (!runningAsRoot) fs.chmodSync(locked, 0o000)
    try {
      const { dataset, summary } = await openDataset(folder(d))
      expect(dataset.count).toBe(1)
      expect(summary.skipped).toEqual([
        {
          path: path.join('a', '2.png'),
          reason: 'cannot read: permission denied',
          code: 'skip-unreadable',
          params: { detail: 'permission denied' }
        }
      ])
    } finally {
      for (const spy of spies) spy.mockRestore()
      fs.chmodSync(locked, 0o644)
    }
  })

  it('a file deleted after the scan, before its decode', async () => {
    const d = path.join(root, 'vanishing')
    const { dataset, summary } = await openWhileChanging(d, (doomed) => {
      if (fs.existsSync(doomed)) fs.rmSync(doomed)
    })
    expect(dataset.count).toBe(1)
    expect(summary.skipped).toEqual([
      {
        path: path.join('a', '2.png'),
        reason: expect.stringMatching(/no longer exists/),
        code: 'skip-unreadable',
        params: { detail: expect.stringMatching(/no longer exists/) }
      }
    ])
  })

  it('a symbolic link loop is not followed forever', async () => {
    const d = path.join(root, 'loop')
    await solidImage(path.join(d, 'a', '1.png'), '#ff0000')
    fs.symlinkSync('..', path.join(d, 'a', 'up'))
    fs.symlinkSync('.', path.join(d, 'a', 'here'))
    const { dataset, summary } = await openDataset(folder(d))
    expect(dataset.count).toBe(1)
    expect(summary.skipped.filter((s) => /link loop/.test(s.reason))).toHaveLength(2)
  })
})
