// IDX files, the MNIST format: a magic number giving the element type and the number of
// dimensions, the dimensions as big-endian uint32, then the data. Gzipped or raw.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import type { DatasetOptions, IdxSplit } from '../../../shared/dataset'
import { convertChannels, rgbToGray } from './channels'
import { compareCodePoints } from './codePointOrder'
import { DatasetError, describeFsError } from './datasetError'
import type { ImageDataset } from './imageDataset'
import { rawResizer } from './resizeRaw'

const UBYTE = 0x08

export interface IdxArray {
  dims: number[]
  data: Uint8Array
}

/** Parses IDX bytes (unsigned-byte data only, which is what image and label files hold). */
export function parseIdx(buf: Uint8Array, file: string): IdxArray {
  const bad = (why: string) =>
    new DatasetError('bad-idx', `"${file}" is not a usable IDX file: ${why}.`, {
      params: { file, reason: why }
    })
  if (buf.length < 4 || buf[0] !== 0 || buf[1] !== 0) {
    throw bad('it does not start with the IDX magic number (0x0000, type, dimensions)')
  }
  if (buf[2] !== UBYTE) {
    throw bad(
      `its element type is 0x${buf[2]!.toString(16)}, and only unsigned bytes (0x08) are read`
    )
  }
  const ndims = buf[3]!
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  if (ndims === 0 || buf.length < 4 + 4 * ndims) throw bad('its header is cut short')
  const dims = Array.from({ length: ndims }, (_, i) => view.getUint32(4 + 4 * i))
  const expected = dims.reduce((a, b) => a * b, 1)
  const start = 4 + 4 * ndims
  if (buf.length - start < expected) {
    throw bad(`it is truncated (${buf.length - start} of ${expected} data bytes)`)
  }
  return { dims, data: buf.subarray(start, start + expected) }
}

/** Unpacked IDX data allowed per file: EMNIST, among the largest such sets, is about half. */
const MAX_IDX_BYTES = 2 ** 30

export async function readIdxFile(file: string): Promise<IdxArray> {
  let buf: Buffer
  try {
    buf = await fs.promises.readFile(file)
  } catch (err) {
    throw new DatasetError('unreadable', `Cannot read "${file}": ${describeFsError(err)}.`, {
      cause: err,
      params: { path: file, reason: describeFsError(err) }
    })
  }
  if (buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      buf = await new Promise<Buffer>((resolve, reject) =>
        zlib.gunzip(buf, { maxOutputLength: MAX_IDX_BYTES }, (err, out) =>
          err ? reject(err) : resolve(out)
        )
      )
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new DatasetError(
          'bad-idx',
          `"${file}" unpacks to more than ${MAX_IDX_BYTES / 2 ** 30} GB, more than any IDX image ` +
            'set the studio reads (a damaged or hostile file?). Download it again.',
          { cause: err, params: { file, reason: `> ${MAX_IDX_BYTES / 2 ** 30} GB` } }
        )
      }
      throw new DatasetError(
        'bad-idx',
        `"${file}" is a damaged gzip file (${(err as Error).message}). Download it again.`,
        { cause: err, params: { file, reason: (err as Error).message } }
      )
    }
  }
  return parseIdx(buf, file)
}

export interface IdxPair {
  images: string
  labels?: string
  split: 'train' | 'test'
}

/** Names of IDX image files, as MNIST spells them (`train-images-idx3-ubyte.gz`) or with dots. */
export const IDX_IMAGES = /images[-.]idx3[-.]ubyte(\.gz)?$/i

/**
 * The image files (and their label files) of an IDX folder, train before test; `where` may
 * also be one images file. MNIST names: `train-images-idx3-ubyte.gz`, `t10k-labels-idx1-ubyte`.
 */
export function findIdxFiles(where: string, split: IdxSplit = 'train'): IdxPair[] {
  let stat: fs.Stats
  try {
    stat = fs.statSync(where)
  } catch (err) {
    throw new DatasetError(
      'not-found',
      `"${where}" does not exist (${describeFsError(err)}). Choose the folder holding the ` +
        'MNIST-style files (e.g. train-images-idx3-ubyte.gz and train-labels-idx1-ubyte.gz).',
      { params: { path: where } }
    )
  }
  let candidates = [where]
  if (stat.isDirectory()) {
    try {
      candidates = fs
        .readdirSync(where)
        .filter((n) => IDX_IMAGES.test(n))
        .map((n) => path.join(where, n))
    } catch (err) {
      throw new DatasetError(
        'unreadable',
        `Cannot list the folder "${where}": ${describeFsError(err)}. Check its permissions.`,
        { cause: err, params: { path: where, reason: describeFsError(err) } }
      )
    }
  }
  const pairs = candidates.map((images): IdxPair => {
    const base = path.basename(images)
    const split = /^(t10k|test)/i.test(base) ? 'test' : 'train'
    return { images, labels: labelsFileFor(images), split }
  })
  pairs.sort((a, b) =>
    a.split === b.split ? compareCodePoints(a.images, b.images) : a.split === 'train' ? -1 : 1
  )
  const chosen =
    split === 'all' || pairs.length === 1 ? pairs : pairs.filter((p) => p.split === split)
  if (chosen.length === 0) {
    throw new DatasetError(
      'no-idx-images',
      `No IDX image files${split === 'all' ? '' : ` for the ${split} split`} in "${where}" ` +
        '(looked for names like train-images-idx3-ubyte[.gz] and t10k-images-idx3-ubyte[.gz]).',
      { params: { path: where } }
    )
  }
  return chosen
}

function labelsFileFor(images: string): string | undefined {
  const dir = path.dirname(images)
  const base = path
    .basename(images)
    .replace(/images/i, 'labels')
    .replace(/idx3/i, 'idx1')
  const stem = base.replace(/\.gz$/i, '')
  return [stem + '.gz', stem].map((n) => path.join(dir, n)).find((f) => fs.existsSync(f))
}

export interface IdxSet {
  images: Uint8Array
  labels?: Uint8Array
  count: number
  /** Images from each pair, in order. */
  counts: number[]
  height: number
  width: number
  channels: 1 | 3
  /** SHA-256 of each labels file's data, to recognise well-known sets by their labels. */
  labelDigests: string[]
}

/** Reads and concatenates the chosen IDX pairs, checking that they agree. */
export async function readIdxPairs(pairs: IdxPair[]): Promise<IdxSet> {
  const parts: { images: IdxArray; labels?: IdxArray; file: string }[] = []
  for (const pair of pairs) {
    const images = await readIdxFile(pair.images)
    const labels = pair.labels ? await readIdxFile(pair.labels) : undefined
    parts.push({ images, labels, file: pair.images })
  }
  const first = parts[0]
  if (!first) throw new DatasetError('dataset-empty', 'No IDX files were given.')
  const shapeOf = (a: IdxArray, file: string) => {
    const [n, h, w, c = 1] = a.dims
    if (a.dims.length < 3 || a.dims.length > 4 || (c !== 1 && c !== 3) || !h || !w) {
      throw new DatasetError(
        'bad-idx',
        `"${file}" holds an array of shape [${a.dims.join(', ')}], not images ` +
          '([count, height, width] or [count, height, width, 1 or 3]).',
        { params: { file, reason: `[${a.dims.join(', ')}]` } }
      )
    }
    return { n: n as number, h, w, c: c as 1 | 3 }
  }
  const shape = shapeOf(first.images, first.file)
  const counts: number[] = []
  for (const part of parts) {
    const s = shapeOf(part.images, part.file)
    if (s.h !== shape.h || s.w !== shape.w || s.c !== shape.c) {
      throw new DatasetError(
        'bad-idx',
        `"${part.file}" has images of another size than "${first.file}".`,
        { params: { file: part.file, reason: `≠ ${first.file}` } }
      )
    }
    if (part.labels && (part.labels.dims.length !== 1 || part.labels.dims[0] !== s.n)) {
      throw new DatasetError(
        'bad-idx',
        `The labels beside "${part.file}" do not match it: ${part.labels.dims[0]} labels for ${s.n} images.`,
        { params: { file: part.file, reason: `${part.labels.dims[0]} ≠ ${s.n}` } }
      )
    }
    counts.push(s.n)
  }
  const labeled = parts.every((p) => p.labels)
  return {
    images: concat(parts.map((p) => p.images.data)),
    labels: labeled ? concat(parts.map((p) => (p.labels as IdxArray).data)) : undefined,
    count: counts.reduce((a, b) => a + b, 0),
    counts,
    height: shape.h,
    width: shape.w,
    channels: shape.c,
    labelDigests: parts.flatMap((p) =>
      p.labels ? [crypto.createHash('sha256').update(p.labels.data).digest('hex')] : []
    )
  }
}

function concat(arrays: Uint8Array[]): Uint8Array {
  if (arrays.length === 1) return arrays[0] as Uint8Array
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0))
  let at = 0
  for (const a of arrays) {
    out.set(a, at)
    at += a.length
  }
  return out
}

/** '0', '1', … up to the largest label, as MNIST's digits are named. */
export function numberedClassNames(set: IdxSet): string[] {
  let max = 0
  for (const l of set.labels ?? []) max = Math.max(max, l)
  return Array.from({ length: max + 1 }, (_, i) => String(i))
}

/** An IDX set as an ImageDataset at the chosen resolution and channels. */
export function idxToDataset(
  set: IdxSet,
  name: string,
  classNames: string[],
  options: DatasetOptions
): ImageDataset {
  const size = options.resolution
  const keep = selectPerClass(set, options.limitPerClass)
  const pixelsIn = set.height * set.width * set.channels
  const pixelsOut = size * size * set.channels
  const images = new Uint8Array(keep.length * pixelsOut)
  const same = set.height === size && set.width === size
  const resize = same
    ? undefined
    : rawResizer({
        width: set.width,
        height: set.height,
        channels: set.channels,
        size,
        fit: options.fit,
        background: padding(options.background, set.channels)
      })
  keep.forEach((i, j) => {
    const src = set.images.subarray(i * pixelsIn, (i + 1) * pixelsIn)
    images.set(resize ? resize(src) : src, j * pixelsOut)
  })
  const wanted = options.channels === 'auto' ? set.channels : options.channels
  return {
    name,
    classNames: set.labels ? classNames : [name],
    labeled: set.labels !== undefined,
    size,
    channels: wanted,
    count: keep.length,
    images: convertChannels(images, set.channels, wanted),
    labels: Uint16Array.from(keep, (i) => set.labels?.[i] ?? 0)
  }
}

function selectPerClass(set: IdxSet, limit?: number): number[] {
  const all = Array.from({ length: set.count }, (_, i) => i)
  if (limit === undefined) return all
  const taken = new Map<number, number>()
  return all.filter((i) => {
    const label = set.labels?.[i] ?? 0
    const n = (taken.get(label) ?? 0) + 1
    taken.set(label, n)
    return n <= limit
  })
}

/** '#rrggbb' as a pixel of `channels`: the colour itself, or its luma for gray sets. */
function padding(hex: string, channels: 1 | 3): number[] {
  const v = Number.parseInt(hex.slice(1), 16)
  const rgb = Uint8Array.of((v >> 16) & 255, (v >> 8) & 255, v & 255)
  return channels === 3 ? [...rgb] : [...rgbToGray(rgb)]
}
