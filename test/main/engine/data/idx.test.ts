import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { DatasetError, openDataset } from '../../../../src/main/engine/data/index'
import { findIdxFiles, parseIdx } from '../../../../src/main/engine/data/idx'
import { tempDir } from '../../../helpers/tempDir'

const root = tempDir()

function idx(dims: number[], data: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length)
  header[2] = 0x08
  header[3] = dims.length
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i))
  return Buffer.concat([header, data])
}

/** `count` images of side `side`, image i filled with 10·i, labels i % classes. */
function writeSet(dir: string, prefix: string, count: number, side = 28, classes = 3, gzip = true) {
  fs.mkdirSync(dir, { recursive: true })
  const images = new Uint8Array(count * side * side)
  for (let i = 0; i < count; i++) images.fill(10 * i, i * side * side, (i + 1) * side * side)
  const labels = Uint8Array.from({ length: count }, (_, i) => i % classes)
  const ext = gzip ? '.gz' : ''
  const pack = (b: Buffer) => (gzip ? zlib.gzipSync(b) : b)
  fs.writeFileSync(
    path.join(dir, `${prefix}-images-idx3-ubyte${ext}`),
    pack(idx([count, side, side], images))
  )
  fs.writeFileSync(path.join(dir, `${prefix}-labels-idx1-ubyte${ext}`), pack(idx([count], labels)))
}

describe('IDX files', () => {
  it('parses the header and data, and says what is wrong with a bad file', () => {
    const good = idx([2, 3], Uint8Array.of(1, 2, 3, 4, 5, 6))
    const parsed = parseIdx(good, 'f')
    expect(parsed.dims).toEqual([2, 3])
    expect(Array.from(parsed.data)).toEqual([1, 2, 3, 4, 5, 6])
    const bad = (buf: Uint8Array) => {
      try {
        parseIdx(buf, 'f')
      } catch (err) {
        expect(err).toBeInstanceOf(DatasetError)
        return (err as DatasetError).message
      }
      throw new Error('no error')
    }
    expect(bad(Buffer.from('PK\u0003\u0004zip'))).toMatch(/magic number/)
    expect(bad(good.subarray(0, good.length - 1))).toMatch(/truncated \(5 of 6 data bytes\)/)
    const floats = Buffer.from(good)
    floats[2] = 0x0d
    expect(bad(floats)).toMatch(/only unsigned bytes/)
  })

  it('opens a gzipped train/test folder: train by default, both with split all', async () => {
    const dir = path.join(root, 'digits')
    writeSet(dir, 'train', 12)
    writeSet(dir, 't10k', 5)
    const train = await openDataset({ kind: 'idx', path: dir })
    expect(train.dataset).toMatchObject({
      name: 'digits',
      count: 12,
      size: 28,
      channels: 1,
      labeled: true
    })
    expect(train.dataset.classNames).toEqual(['0', '1', '2'])
    expect(Array.from(train.dataset.labels.slice(0, 4))).toEqual([0, 1, 2, 0])
    expect(train.dataset.images[28 * 28 * 3]).toBe(30)
    expect(train.summary.classes.map((c) => c.count)).toEqual([4, 4, 4])

    const all = await openDataset({ kind: 'idx', path: dir, split: 'all' })
    expect(all.dataset.count).toBe(17)
    const test = await openDataset({ kind: 'idx', path: dir, split: 'test' })
    expect(test.dataset.count).toBe(5)
  })

  it('opens one raw (not gzipped) images file, finding its labels beside it', async () => {
    const dir = path.join(root, 'raw')
    writeSet(dir, 'train', 4, 28, 2, false)
    const { dataset } = await openDataset({
      kind: 'idx',
      path: path.join(dir, 'train-images-idx3-ubyte')
    })
    expect(dataset.count).toBe(4)
    expect(dataset.classNames).toEqual(['0', '1'])
  })

  it('resizes to 32 or 64, converts to 3 channels, and limits per class', async () => {
    const dir = path.join(root, 'resize')
    writeSet(dir, 'train', 9)
    const { dataset } = await openDataset(
      { kind: 'idx', path: dir },
      { resolution: 64, channels: 3, limitPerClass: 2 }
    )
    expect(dataset).toMatchObject({ size: 64, channels: 3, count: 6 })
    expect(dataset.images.length).toBe(6 * 64 * 64 * 3)
    // Image 1 is flat 10: resizing a flat image keeps it flat.
    const second = dataset.images.subarray(64 * 64 * 3, 2 * 64 * 64 * 3)
    expect(second.every((v) => v === 10)).toBe(true)
    expect(Array.from(dataset.labels)).toEqual([0, 1, 2, 0, 1, 2])
  })

  it('reads images without labels as one unlabeled class', async () => {
    const dir = path.join(root, 'nolabels')
    writeSet(dir, 'train', 3)
    fs.rmSync(path.join(dir, 'train-labels-idx1-ubyte.gz'))
    const { dataset } = await openDataset({ kind: 'idx', path: dir })
    expect(dataset).toMatchObject({ labeled: false, classNames: ['nolabels'], count: 3 })
  })

  it('says what is wrong: no IDX files, mismatched labels, a damaged gzip', async () => {
    const empty = path.join(root, 'no-idx')
    fs.mkdirSync(empty)
    await expect(openDataset({ kind: 'idx', path: empty })).rejects.toMatchObject({
      code: 'no-idx-images'
    })
    await expect(openDataset({ kind: 'idx', path: path.join(root, 'nope') })).rejects.toMatchObject(
      {
        code: 'not-found'
      }
    )

    const mismatch = path.join(root, 'mismatch')
    writeSet(mismatch, 'train', 4)
    fs.writeFileSync(
      path.join(mismatch, 'train-labels-idx1-ubyte.gz'),
      zlib.gzipSync(idx([3], Uint8Array.of(0, 1, 2)))
    )
    await expect(openDataset({ kind: 'idx', path: mismatch })).rejects.toThrow(
      /3 labels for 4 images/
    )

    const damaged = path.join(root, 'damaged')
    writeSet(damaged, 'train', 4)
    const gz = fs.readFileSync(path.join(damaged, 'train-images-idx3-ubyte.gz'))
    fs.writeFileSync(
      path.join(damaged, 'train-images-idx3-ubyte.gz'),
      gz.subarray(0, gz.length - 12)
    )
    await expect(openDataset({ kind: 'idx', path: damaged })).rejects.toMatchObject({
      code: 'bad-idx'
    })
  })

  it('lists train before test', () => {
    const dir = path.join(root, 'order')
    writeSet(dir, 't10k', 1)
    writeSet(dir, 'train', 1)
    expect(findIdxFiles(dir, 'all').map((p) => p.split)).toEqual(['train', 'test'])
  })
})
