// A folder of images → an ImageDataset: scan, take what the cache already holds, decode the
// rest in parallel, and write the cache back when anything changed.
import path from 'node:path'
import type {
  DatasetNote,
  DatasetOptions,
  DatasetProgress,
  SkippedFile
} from '../../../shared/dataset'
import { convertChannels } from './channels'
import { cacheKeyFor, readCache, writeCache, type CacheIndex, type CacheRead } from './datasetCache'
import { DatasetError } from './datasetError'
import { decodeFiles, type DecodeOutcome } from './decodeFiles'
import type { ImageDataset } from './imageDataset'
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
  /** `warnings` in code form, one for one. */
  notes: DatasetNote[]
  fromCache: boolean
  cacheKey?: string
  decodedFiles: number
}

type Source = CachedSource | DecodeOutcome
type CachedSource = { from: 'cache'; at: number }

export async function openFolder(folder: string, opts: OpenFolderOptions): Promise<OpenedFolder> {
  const { options, cacheDir, onProgress, signal } = opts
  const root = path.resolve(folder)
  const size = options.resolution
  const settings = { root, resolution: size, fit: options.fit, background: options.background }
  const cacheKey = cacheDir ? cacheKeyFor(settings, options.limitPerClass) : undefined
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
  const notes = [...scan.notes]

  onProgress?.({ phase: 'cache', done: 0, total: 1 })
  const cache = await cacheRead
  onProgress?.({ phase: 'cache', done: 1, total: 1 })
  if (cache.status === 'damaged') {
    notes.push({
      message: `The dataset cache was unusable (${cache.problem}); it has been rebuilt.`,
      code: 'cache-rebuilt',
      params: { reason: cache.problem }
    })
  }
  const cached = cache.status === 'ok' ? cache : undefined

  // What the cache already knows, by path, checked against size and mtime. An unchanged
  // folder lists its files in the cache's order, so most look-ups need no map.
  const sources: (Source | undefined)[] = new Array(files.length)
  const toDecode: number[] = []
  const index = cached?.index
  let positions: Map<string, number> | undefined
  const skips = new Map(index?.skipped.map((s) => [s.path, s]))
  files.forEach((file, i) => {
    if (index) {
      let at = index.files[i] === file.rel ? i : -1
      if (at < 0) {
        positions ??= new Map(index.files.map((rel, j) => [rel, j]))
        at = positions.get(file.rel) ?? -1
      }
      if (at >= 0 && index.sizes[at] === file.size && index.mtimes[at] === file.mtimeMs) {
        sources[i] = { from: 'cache', at }
        return
      }
      const skip = skips.get(file.rel)
      if (skip && skip.size === file.size && skip.mtimeMs === file.mtimeMs) {
        sources[i] = {
          from: 'skipped',
          reason: skip.reason,
          keep: true,
          code: skip.code,
          params: skip.params
        }
        return
      }
    }
    toDecode.push(i)
  })

  const decodeOptions = { size, fit: options.fit, background: options.background }
  const decoded = await decodeFiles(
    toDecode.map((i) => files[i] as ScannedFile),
    decodeOptions,
    { onProgress, signal }
  )
  toDecode.forEach((i, k) => (sources[i] = decoded[k]))

  // Assemble in ImageFolder order; classes whose every file failed are dropped.
  const usable = files.map((_, i) => i).filter((i) => sources[i]?.from !== 'skipped')
  const skipped: SkippedFile[] = [...scan.skipped]
  files.forEach((file, i) => {
    const s = sources[i]
    if (s?.from === 'skipped')
      skipped.push({ path: file.rel, reason: s.reason, code: s.code, params: s.params })
  })
  if (usable.length === 0) {
    throw new DatasetError(
      'no-readable-images',
      `None of the ${files.length} image file(s) in "${scan.root}" could be read; ` +
        'the list of skipped files says why. Fix or replace them and open the folder again.',
      { skipped, params: { path: scan.root, count: files.length } }
    )
  }
  const isGray = (i: number): boolean => {
    const s = sources[i] as Source
    return s.from === 'decoded' ? s.image.gray : cached?.index.gray[(s as CachedSource).at] === '1'
  }
  const channels: 1 | 3 = usable.every(isGray) ? 1 : 3
  const images = assemble(usable, sources, channels, size, cached)

  const { classNames, labels } = relabel(
    usable.map((i) => files[i]!.classIndex),
    scan.classNames
  )
  for (const name of scan.classNames) {
    if (!classNames.includes(name)) {
      notes.push({
        message: `Class "${name}" has no readable images and is left out; see the skipped files.`,
        code: 'class-unreadable',
        params: { name }
      })
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
        ? [
            {
              path: file.rel,
              size: file.size,
              mtimeMs: file.mtimeMs,
              reason: s.reason,
              code: s.code,
              params: s.params
            }
          ]
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
    warnings: notes.map((n) => n.message),
    notes,
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
      const at = (s as CachedSource).at * area * cachedChannels
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
