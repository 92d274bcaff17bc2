import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  DatasetSummarySchema,
  resolveDatasetOptions,
  type DatasetProgress
} from '../../../../src/shared/dataset'
import { openDataset } from '../../../../src/main/engine/data/index'
import { solidImage } from './helpers/images'
import { tempDir } from '../../../helpers/tempDir'

const root = tempDir()

async function folderOf(name: string, perClass: number, classes = ['cat', 'dog']) {
  const dir = path.join(root, name)
  for (const c of classes) {
    for (let i = 0; i < perClass; i++) {
      await solidImage(
        path.join(dir, c, `${String(i).padStart(3, '0')}.png`),
        c === 'cat' ? '#ff8800' : '#0088ff',
        {
          width: 24 + i,
          height: 20
        }
      )
    }
  }
  return dir
}

describe('openDataset', () => {
  it('returns a summary that satisfies the contract shared with the renderer', async () => {
    const dir = await folderOf('contract', 5)
    const { dataset, summary } = await openDataset({ kind: 'folder', path: dir })
    expect(() => DatasetSummarySchema.parse(summary)).not.toThrow()
    expect(summary).toMatchObject({
      name: 'contract',
      count: 10,
      resolution: 32,
      channels: 3,
      labeled: true,
      fromCache: false,
      decodedFiles: 10
    })
    expect(summary.classes.map((c) => [c.name, c.count, c.thumbnails.length])).toEqual([
      ['cat', 5, 4],
      ['dog', 5, 4]
    ])
    // Thumbnails are PNG files.
    expect(Buffer.from(summary.classes[0]!.thumbnails[0]!.subarray(1, 4)).toString()).toBe('PNG')
    expect(dataset.images.length).toBe(10 * 32 * 32 * 3)
    expect(Array.from(dataset.labels)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1])
    for (const src of [
      { kind: 'builtin', name: 'shapes' },
      { kind: 'builtin', name: 'fashion-mnist', split: 'test' }
    ] as const) {
      if (src.name === 'fashion-mnist' && !fs.existsSync('/usr/share/datasets/fashion-mnist'))
        continue
      const opened = await openDataset(src, { limitPerClass: 3 })
      expect(() => DatasetSummarySchema.parse(opened.summary)).not.toThrow()
    }
  })

  it('keeps the first images of each class with limitPerClass', async () => {
    const dir = await folderOf('limited', 4)
    const { dataset, summary } = await openDataset(
      { kind: 'folder', path: dir },
      { limitPerClass: 2 }
    )
    expect(dataset.count).toBe(4)
    expect(summary.classes.map((c) => c.count)).toEqual([2, 2])
  })

  it('reports progress by phase: scan, cache, decode, cache', async () => {
    const dir = await folderOf('progress', 3)
    const events: DatasetProgress[] = []
    await openDataset(
      { kind: 'folder', path: dir },
      {
        cacheDir: path.join(root, 'progress-cache'),
        onProgress: (p) => events.push(p)
      }
    )
    const phases = events.map((e) => e.phase).filter((p, i, all) => p !== all[i - 1])
    expect(phases).toEqual(['cache', 'decode', 'cache'])
    const decode = events.filter((e) => e.phase === 'decode')
    expect(decode[0]).toEqual({ phase: 'decode', done: 0, total: 6 })
    expect(decode.at(-1)).toEqual({ phase: 'decode', done: 6, total: 6 })
  })

  it('stops when aborted, writing no cache', async () => {
    const dir = await folderOf('abort', 20)
    const cacheDir = path.join(root, 'abort-cache')
    const controller = new AbortController()
    const opening = openDataset(
      { kind: 'folder', path: dir },
      {
        cacheDir,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'decode' && p.done >= 1) controller.abort()
        }
      }
    )
    await expect(opening).rejects.toMatchObject({
      code: 'aborted',
      message: expect.stringMatching(/cancelled/)
    })
    expect(
      fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).filter((n) => !n.endsWith('.tmp')) : []
    ).toEqual([])

    const already = new AbortController()
    already.abort()
    await expect(
      openDataset({ kind: 'builtin', name: 'shapes' }, { signal: already.signal })
    ).rejects.toMatchObject({ code: 'aborted' })
  })

  it('refuses invalid options and sources with a message naming the problem', async () => {
    await expect(
      openDataset({ kind: 'builtin', name: 'shapes' }, { resolution: 30 as never })
    ).rejects.toMatchObject({ code: 'bad-options', message: expect.stringMatching(/resolution/) })
    await expect(
      openDataset({ kind: 'builtin', name: 'shapes' }, { background: 'red' })
    ).rejects.toMatchObject({ code: 'bad-options', message: expect.stringMatching(/#000000/) })
    await expect(openDataset({ kind: 'zip', path: 'x' } as never)).rejects.toMatchObject({
      code: 'bad-options'
    })
  })

  it('fills in defaults by source: 28 px for IDX and fashion-mnist, 32 otherwise', () => {
    expect(resolveDatasetOptions({ kind: 'idx', path: '/x' })).toEqual({
      resolution: 28,
      channels: 'auto',
      fit: 'crop',
      background: '#000000'
    })
    expect(resolveDatasetOptions({ kind: 'builtin', name: 'fashion-mnist' }).resolution).toBe(28)
    expect(resolveDatasetOptions({ kind: 'builtin', name: 'shapes' }).resolution).toBe(32)
    expect(
      resolveDatasetOptions({ kind: 'folder', path: '/x' }, { resolution: 64, fit: undefined })
    ).toMatchObject({
      resolution: 64,
      fit: 'crop'
    })
  })
})
