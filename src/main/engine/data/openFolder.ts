// A folder of images → an ImageDataset: scan, take what the cache already holds, decode the
// rest in parallel, and write the cache back when anything changed.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { DatasetOptions, DatasetProgress, SkippedFile } from '../../../shared/dataset'
import { convertChannels } from './channels'
import { cacheKeyFor, readCache, writeCache, type CacheIndex, type CacheRead } from './datasetCache'
import { DatasetError, describeFsError, throwIfAborted } from './datasetError'
import {
  decodeWithoutSharp,
  decodeWithSharp,
  ImageDecodeError,
  type DecodedImage,
  type DecodeOptions
} from './decodeImage'
import type { ImageDataset } from './imageDataset'
import { runPool, Slots } from './runPool'
import { scanFolder, type ScannedFile } from './scanFolder'

export interface OpenFolderOptions {
  options: DatasetOptions
  cacheDir?: string
  onProgress?: (p: DatasetProgress) => void
  signal?: AbortSignal
}

export interface OpenedFolder {
  dataset: ImageDataset
  skipped: SkippedFile[]
  warnings: string[]
  fromCache: boolean
  cacheKey?: string
  decodedFiles: number
}

/** Reads in flight: enough to hide file-system latency for many small files. */
const READ_LANES = 16
/** Files above this size are read and decoded a couple at a time, to bound memory. */
const LARGE_FILE_BYTES = 8 * 1024 * 1024
/** Files up to this size are read synchronously (see decodeFile). */
const SYNC_READ_BYTES = 256 * 1024
/** Longest stretch of synchronous work between two turns of the event loop. */
const PACE_MS = 15

type Source =
  | { from: 'cache'; at: number }
  | { from: 'decoded'; image: DecodedImage }
  | { from: 'skipped'; reason: string; keep: boolean }

export async function openFolder(folder: string, opts: OpenFolderOptions): Promise<OpenedFolder> {
  const { options, cacheDir, onProgress, signal } = opts
  const root = path.resolve(folder)
  const size = options.resolution
  const settings = { root, resolution: size, fit: options.fit, background: options.background }
  const cacheKey = cacheDir ? cacheKeyFor(settings) : undefined
  // The cache is read while the folder is scanned: both take a while on a big set.
  const cacheRead: Promise<CacheRead> =
    cacheDir && cacheKey ? readCache(cacheDir, cacheKey) : Promise.resolve({ status: 'missing' })
  let scan
  try {
    scan = await scanFolder(root, { onProgress, signal })
  } catch (err) {
    await cacheRead
    throw err
  }
  const files = limitPerClass(scan.files, scan.classNames.length, options.limitPerClass)
  const warnings = [...scan.warnings]

  onProgress?.({ phase: 'cache', done: 0, total: 1 })
  const cache = await cacheRead
  onProgress?.({ phase: 'cache', done: 1, total: 1 })
  if (cache.status === 'damaged') {
    warnings.push(`The dataset cache was unusable (${cache.problem}); it has been rebuilt.`)
  }
  const cached = cache.status === 'ok' ? cache : undefined

  // What the cache already knows, keyed by path and checked against size and mtime.
  const sources: (Source | undefined)[] = new Array(files.length)
  const toDecode: number[] = []
  const known = new Map<string, { size: number; mtimeMs: number; source: Source }>()
  if (cached) {
    const { files: paths, sizes, mtimes } = cached.index
    for (let at = 0; at < paths.length; at++) {
      known.set(paths[at]!, {
        size: sizes[at]!,
        mtimeMs: mtimes[at]!,
        source: { from: 'cache', at }
      })
    }
    for (const s of cached.index.skipped) {
      known.set(s.path, { ...s, source: { from: 'skipped', reason: s.reason, keep: true } })
    }
  }
  files.forEach((file, i) => {
    const hit = known.get(file.rel)
    if (hit && hit.size === file.size && hit.mtimeMs === file.mtimeMs) sources[i] = hit.source
    else toDecode.push(i)
  })

  await decodeFiles(files, toDecode, sources, opts)

  // Assemble in ImageFolder order; classes whose every file failed are dropped.
  const usable = files.map((_, i) => i).filter((i) => sources[i]?.from !== 'skipped')
  const skipped: SkippedFile[] = [...scan.skipped]
  files.forEach((file, i) => {
    const s = sources[i]
    if (s?.from === 'skipped') skipped.push({ path: file.rel, reason: s.reason })
  })
  if (usable.length === 0) {
    throw new DatasetError(
      'no-images',
      `None of the ${files.length} image file(s) in "${scan.root}" could be read; ` +
        'the list of skipped files says why. Fix or replace them and open the folder again.',
      { skipped }
    )
  }
  const isGray = (i: number): boolean => {
    const s = sources[i] as Source
    return s.from === 'decoded'
      ? s.image.gray
      : cached?.index.gray[(s as { at: number }).at] === '1'
  }
  const channels: 1 | 3 = usable.every(isGray) ? 1 : 3
  const images = assemble(usable, sources, channels, size, cached)

  const { classNames, labels } = relabel(
    usable.map((i) => files[i]!.classIndex),
    scan.classNames
  )
  for (const name of scan.classNames) {
    if (!classNames.includes(name)) {
      warnings.push(
        `Class "${name}" has no readable images and is left out; see the skipped files.`
      )
    }
  }

  const unchanged =
    cached !== undefined &&
    toDecode.length === 0 &&
    images === cached.images &&
    cached.index.skipped.length === countKept(sources)
  if (cacheDir && cacheKey && !unchanged) {
    onProgress?.({ phase: 'cache', done: 0, total: 1 })
    const keptSkips = files.flatMap((file, i) => {
      const s = sources[i]
      return s?.from === 'skipped' && s.keep
        ? [{ path: file.rel, size: file.size, mtimeMs: file.mtimeMs, reason: s.reason }]
        : []
    })
    await writeCache(
      cacheDir,
      cacheKey,
      {
        ...settings,
        channels,
        files: usable.map((i) => files[i]!.rel),
        sizes: usable.map((i) => files[i]!.size),
        mtimes: usable.map((i) => files[i]!.mtimeMs),
        gray: usable.map((i) => (isGray(i) ? '1' : '0')).join(''),
        skipped: keptSkips
      },
      images
    )
    onProgress?.({ phase: 'cache', done: 1, total: 1 })
  }

  const wanted = options.channels === 'auto' ? channels : options.channels
  return {
    dataset: {
      name: scan.name,
      classNames,
      labeled: scan.labeled,
      size,
      channels: wanted,
      count: usable.length,
      images: convertChannels(images, channels, wanted),
      labels
    },
    skipped,
    warnings,
    fromCache: cached !== undefined && toDecode.length === 0,
    cacheKey,
    decodedFiles: toDecode.length
  }
}

function countKept(sources: (Source | undefined)[]): number {
  return sources.reduce((n, s) => n + (s?.from === 'skipped' && s.keep ? 1 : 0), 0)
}

function limitPerClass(files: ScannedFile[], classes: number, limit?: number): ScannedFile[] {
  if (limit === undefined) return files
  const taken = new Array<number>(classes).fill(0)
  return files.filter((f) => (taken[f.classIndex] = (taken[f.classIndex] ?? 0) + 1) <= limit)
}

async function decodeFiles(
  files: ScannedFile[],
  toDecode: number[],
  sources: (Source | undefined)[],
  { options, onProgress, signal }: OpenFolderOptions
): Promise<void> {
  const decodeOptions = {
    size: options.resolution,
    fit: options.fit,
    background: options.background
  }
  const large = new Slots(2)
  // sharp runs on libuv's thread pool; more decodes in flight than threads only queue there.
  const sharpSlots = new Slots(Math.max(2, Math.min(os.availableParallelism(), 4)))
  const pacer = new Pacer(signal)
  const total = toDecode.length
  const every = Math.max(1, Math.floor(total / 100))
  let done = 0
  onProgress?.({ phase: 'decode', done: 0, total })
  await runPool(toDecode, READ_LANES, async (i) => {
    await pacer.pace()
    const file = files[i] as ScannedFile
    const work = () => decodeFile(file, decodeOptions, sharpSlots)
    sources[i] = file.size > LARGE_FILE_BYTES ? await large.use(work) : await work()
    done++
    if (done % every === 0 || done === total) onProgress?.({ phase: 'decode', done, total })
  })
  throwIfAborted(signal)
}

async function decodeFile(
  file: ScannedFile,
  options: DecodeOptions,
  sharpSlots: Slots
): Promise<Source> {
  let buf: Buffer
  try {
    // Small files are read synchronously: a few microseconds each, against tens for the
    // thread-pool round trips of an asynchronous read. The Pacer keeps the event loop turning.
    buf = file.size <= SYNC_READ_BYTES ? fs.readFileSync(file.path) : await readFile(file.path)
  } catch (err) {
    // Not kept in the cache: permissions get fixed and files come back.
    return { from: 'skipped', reason: `cannot read: ${describeFsError(err)}`, keep: false }
  }
  try {
    const image =
      decodeWithoutSharp(buf, options) ??
      (await sharpSlots.use(() => decodeWithSharp(buf, options)))
    return { from: 'decoded', image }
  } catch (err) {
    if (err instanceof ImageDecodeError) return { from: 'skipped', reason: err.message, keep: true }
    return { from: 'skipped', reason: `cannot decode: ${String(err)}`, keep: false }
  }
}

/** fs.readFile's callback form: a fraction of the overhead of fs.promises.readFile per file. */
function readFile(file: string): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    fs.readFile(file, (err, data) => (err ? reject(err) : resolve(data)))
  )
}

/**
 * Work that never waits on I/O runs as one long chain of microtasks and starves the event
 * loop (progress messages, the WebSocket bridge, abort). Every few milliseconds all lanes
 * park on one setImmediate so the loop can turn; then the abort signal is checked.
 */
class Pacer {
  private last = performance.now()
  private parked: Promise<void> | undefined

  constructor(private signal: AbortSignal | undefined) {}

  async pace(): Promise<void> {
    if (!this.parked && performance.now() - this.last > PACE_MS) {
      this.parked = new Promise((resolve) =>
        setImmediate(() => {
          this.parked = undefined
          this.last = performance.now()
          resolve()
        })
      )
    }
    if (this.parked) await this.parked
    throwIfAborted(this.signal)
  }
}

/** One uint8 NHWC array in `channels`, from decoded images and the cache's bin. */
function assemble(
  usable: number[],
  sources: (Source | undefined)[],
  channels: 1 | 3,
  size: number,
  cached: { index: CacheIndex; images: Uint8Array } | undefined
): Uint8Array {
  const area = size * size
  const cachedChannels = cached?.index.channels ?? channels
  // Reopening an unchanged folder: the cache's bytes are the dataset as they stand.
  if (
    cached &&
    cachedChannels === channels &&
    usable.length === cached.index.files.length &&
    usable.every((i, j) => {
      const s = sources[i] as Source
      return s.from === 'cache' && s.at === j
    })
  ) {
    return cached.images
  }
  const out = new Uint8Array(usable.length * area * channels)
  usable.forEach((i, j) => {
    const s = sources[i] as Source
    const dst = j * area * channels
    let src: Uint8Array
    let srcChannels: 1 | 3
    if (s.from === 'decoded') {
      src = s.image.pixels
      srcChannels = s.image.gray ? 1 : 3
    } else {
      const at = (s as { at: number }).at * area * cachedChannels
      src = (cached as { images: Uint8Array }).images.subarray(at, at + area * cachedChannels)
      srcChannels = cachedChannels
    }
    if (srcChannels === channels) out.set(src, dst)
    else if (channels === 3) {
      for (let p = 0; p < area; p++) out.fill(src[p]!, dst + p * 3, dst + p * 3 + 3)
    } else {
      // Only gray images reach a 1-channel set, so R stands for all three.
      for (let p = 0; p < area; p++) out[dst + p] = src[p * 3]!
    }
  })
  return out
}

/** Labels renumbered over the classes that kept at least one image. */
function relabel(classIndexes: number[], names: string[]) {
  const used = [...new Set(classIndexes)].sort((a, b) => a - b)
  const remap = new Map(used.map((c, i) => [c, i]))
  return {
    classNames: used.map((c) => names[c] as string),
    labels: Uint16Array.from(classIndexes, (c) => remap.get(c) as number)
  }
}
