import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { compareCodePoints } from '../../../../src/main/engine/data/codePointOrder'
import { DatasetError } from '../../../../src/main/engine/data/datasetError'
import { scanFolder } from '../../../../src/main/engine/data/scanFolder'
import { solidImage } from './helpers/images'
import { refuse } from './helpers/refuse'
import { runningAsRoot, tempDir } from '../../../helpers/tempDir'
import { torchvision } from '../../../helpers/requirement'

const root = tempDir()

/** Class folders whose order and nesting trip up naive sorts, as torchvision would read them. */
async function trickyTree(dir: string): Promise<void> {
  const files = [
    'B/z.png',
    'B/a/b.png',
    'B/a b/c.png',
    'B/a-c/d.png',
    'B/a/x/e.png',
    'a/1.png',
    'a/10.png',
    'a/2.png',
    'a/Ä.png',
    'a/Z.jpg',
    'é/1.png',
    '\ufb01/1.png', // U+FB01 'ﬁ': after 'é', before the emoji in code-point order …
    '😀/1.png' // … though its UTF-16 surrogates sort before U+FB01.
  ]
  for (const f of files) await solidImage(path.join(dir, f), '#336699', { width: 8, height: 8 })
}

describe('scanFolder: the ImageFolder rules', () => {
  it('orders classes by code point and files by (folder path, name), at any depth', async () => {
    const dir = path.join(root, 'tricky')
    await trickyTree(dir)
    const scan = await scanFolder(dir)
    expect(scan.labeled).toBe(true)
    expect(scan.classNames).toEqual(['B', 'a', 'é', '\ufb01', '😀'])
    expect(scan.files.map((f) => [f.rel.split(path.sep).join('/'), f.classIndex])).toEqual([
      ['B/z.png', 0],
      ['B/a/b.png', 0],
      ['B/a b/c.png', 0],
      ['B/a-c/d.png', 0],
      ['B/a/x/e.png', 0],
      ['a/1.png', 1],
      ['a/10.png', 1],
      ['a/2.png', 1],
      ['a/Z.jpg', 1],
      ['a/Ä.png', 1],
      ['é/1.png', 2],
      ['\ufb01/1.png', 3],
      ['😀/1.png', 4]
    ])
    expect(scan.skipped).toEqual([])
  })

  it('matches torchvision ImageFolder sample for sample (python3-torchvision)', async (ctx) => {
    torchvision.check(ctx)
    const dir = path.join(root, 'tricky-torch')
    await trickyTree(dir)
    const script = [
      'import json, sys, torchvision',
      'ds = torchvision.datasets.ImageFolder(sys.argv[1])',
      'print(json.dumps({"classes": ds.classes, "samples": ds.samples}))'
    ].join('\n')
    const out = execFileSync('/usr/bin/python3', ['-c', script, dir], { encoding: 'utf8' })
    const peer = JSON.parse(out) as { classes: string[]; samples: [string, number][] }
    const scan = await scanFolder(dir)
    expect(scan.classNames).toEqual(peer.classes)
    expect(scan.files.map((f) => [f.path, f.classIndex])).toEqual(peer.samples)
  })

  it('compares strings by code point, as Python does', () => {
    const names = ['😀', '\ufb01', 'b', 'B', 'é', 'a', 'ab', '']
    expect([...names].sort(compareCodePoints)).toEqual([
      '',
      'B',
      'a',
      'ab',
      'b',
      'é',
      '\ufb01',
      '😀'
    ])
  })

  it('reads a folder of loose images with no class folders as one unlabeled class', async () => {
    const dir = path.join(root, 'My Pictures')
    for (const f of ['b.png', 'a.jpg', 'c.webp']) await solidImage(path.join(dir, f), '#102030')
    fs.writeFileSync(path.join(dir, 'readme.txt'), 'hello')
    const scan = await scanFolder(dir)
    expect(scan.labeled).toBe(false)
    expect(scan.classNames).toEqual(['My Pictures'])
    expect(scan.files.map((f) => f.rel)).toEqual(['a.jpg', 'b.png', 'c.webp'])
    expect(scan.skipped).toEqual([
      {
        path: 'readme.txt',
        reason: expect.stringMatching(/not an image/),
        code: 'skip-not-image',
        params: { ext: '.txt', extensions: expect.stringContaining('.png') }
      }
    ])
  })

  it('lists what it passes over: loose images beside class folders, other files, empty folders', async () => {
    const dir = path.join(root, 'mess')
    await solidImage(path.join(dir, 'cats', '1.png'), '#ffffff')
    await solidImage(path.join(dir, 'cats', '2.png'), '#ffffff')
    await solidImage(path.join(dir, 'dogs', 'only.png'), '#000000')
    await solidImage(path.join(dir, 'loose.png'), '#000000')
    await solidImage(path.join(dir, '.hidden', 'x.png'), '#000000')
    await solidImage(path.join(dir, 'cats', '.DS_Store.png'), '#000000')
    fs.writeFileSync(path.join(dir, 'cats', 'notes.txt'), '')
    fs.writeFileSync(path.join(dir, 'cats', 'LICENSE'), '')
    fs.mkdirSync(path.join(dir, 'empty'))
    const scan = await scanFolder(dir)
    expect(scan.classNames).toEqual(['cats', 'dogs'])
    expect(scan.files).toHaveLength(3)
    const reasons = Object.fromEntries(
      scan.skipped.map((s) => [s.path.split(path.sep).join('/'), s.reason])
    )
    expect(reasons['loose.png']).toMatch(/outside any class folder/)
    expect(reasons['cats/notes.txt']).toMatch(/not an image type.*\.txt/)
    expect(reasons['cats/LICENSE']).toMatch(/no file extension/)
    expect(Object.keys(reasons)).toHaveLength(3)
    expect(scan.warnings.join('\n')).toMatch(/"empty" holds no images/)
    expect(scan.warnings.join('\n')).toMatch(/Class "dogs" has only one image/)
  })

  it('follows symbolic links but not round a loop, and lists broken links', async () => {
    const dir = path.join(root, 'links')
    await solidImage(path.join(dir, 'cats', 'a.png'), '#ffffff')
    await solidImage(path.join(dir, 'elsewhere', 'deep', 'b.png'), '#ffffff')
    fs.symlinkSync('..', path.join(dir, 'cats', 'parent'))
    fs.symlinkSync('.', path.join(dir, 'cats', 'self'))
    fs.symlinkSync(path.join(dir, 'elsewhere', 'deep'), path.join(dir, 'cats', 'deep'))
    fs.symlinkSync(path.join(dir, 'nowhere.png'), path.join(dir, 'cats', 'broken.png'))
    const scan = await scanFolder(dir)
    const cats = scan.files.filter((f) => f.classIndex === scan.classNames.indexOf('cats'))
    // The link to elsewhere/deep is followed, like os.walk(followlinks=True).
    expect(cats.map((f) => f.rel.split(path.sep).join('/'))).toContain('cats/deep/b.png')
    expect(scan.skipped.some((s) => /link loop/.test(s.reason))).toBe(true)
    expect(scan.skipped.find((s) => s.path.endsWith('broken.png'))?.reason).toMatch(
      /broken symbolic link/
    )
  })

  it('skips a subfolder it may not read, saying so', async () => {
    const dir = path.join(root, 'locked')
    await solidImage(path.join(dir, 'open', 'a.png'), '#ffffff')
    await solidImage(path.join(dir, 'shut', 'inner', 'b.png'), '#ffffff')
    await solidImage(path.join(dir, 'shut', 'c.png'), '#ffffff')
    const shut = path.join(dir, 'shut')
    // As root, mode 000 does not stop reads, so the refusal is injected instead.
    const spy = runningAsRoot ? refuse('readdirSync', shut) : undefined
    if (!runningAsRoot) fs.chmodSync(shut, 0o000)
    try {
      const scan = await scanFolder(dir)
      expect(scan.classNames).toEqual(['open'])
      expect(scan.skipped).toEqual([
        {
          path: 'shut',
          reason: expect.stringMatching(/permission denied.*permissions/),
          code: 'skip-folder-unreadable',
          params: { detail: 'permission denied' }
        }
      ])
      expect(scan.warnings.join()).toMatch(/"shut" holds no images/)
    } finally {
      spy?.mockRestore()
      fs.chmodSync(shut, 0o755)
    }
  })
})

describe('scanFolder: folders it cannot use', () => {
  it('says when the folder does not exist', async () => {
    const err = await scanFolder(path.join(root, 'no-such-folder')).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DatasetError)
    expect(err).toMatchObject({
      code: 'not-found',
      message: expect.stringMatching(/does not exist/)
    })
  })

  it('says when the folder is empty, and how to lay it out', async () => {
    const dir = path.join(root, 'empty-one')
    fs.mkdirSync(dir)
    await expect(scanFolder(dir)).rejects.toMatchObject({
      code: 'empty-folder',
      message: expect.stringMatching(/is empty.*one subfolder per class/)
    })
  })

  it('says when there are files but no images, naming one', async () => {
    const dir = path.join(root, 'no-images')
    fs.mkdirSync(path.join(dir, 'docs'), { recursive: true })
    fs.writeFileSync(path.join(dir, 'docs', 'report.pdf'), '%PDF')
    const err = (await scanFolder(dir).catch((e: unknown) => e)) as DatasetError
    expect(err.code).toBe('no-images-other-files')
    expect(err.params).toMatchObject({
      path: dir,
      count: 1,
      example: path.join('docs', 'report.pdf')
    })
    expect(err.message).toMatch(/No images found.*report\.pdf/)
    expect(err.skipped).toHaveLength(1)
  })

  it('says when it is given a file instead of a folder', async () => {
    const file = await solidImage(path.join(root, 'single.png'), '#000000')
    await expect(scanFolder(file)).rejects.toMatchObject({ code: 'not-a-folder' })
  })
})
