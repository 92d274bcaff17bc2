// The decoded set of a folder on disk: `<key>.<generation>.bin` (the uint8 NHWC images) and
// `<key>.json` (which file each image came from, with its size and mtime). Both are written
// atomically, the bin first, and the index names the bin and its SHA-256; so a crash leaves
// either the old pair or the new one, and a damaged or truncated bin is noticed on load.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { ResolutionSchema } from '../../../shared/dataset'
import { ErrorParamsSchema } from '../../../shared/errorCodes'
import { atomicWrite } from '../fs/atomicWrite'
import { readWhole } from '../fs/readWhole'

const CACHE_VERSION = 1
/** Temporary files of a crashed write are removed once they are this old. */
const STALE_MS = 10 * 60 * 1000

// The per-file arrays (tens of thousands of entries) are checked by hand in readCache:
// schema validation of them costs more than the rest of a reopen.
const CacheHeaderSchema = z.object({
  version: z.literal(CACHE_VERSION),
  key: z.string(),
  root: z.string(),
  resolution: ResolutionSchema,
  fit: z.enum(['crop', 'letterbox']),
  background: z.string(),
  channels: z.union([z.literal(1), z.literal(3)]),
  bin: z.string(),
  binBytes: z.int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Files that failed to decode, kept so that an unchanged broken file is not retried. */
  skipped: z.array(
    z.object({
      path: z.string(),
      size: z.number(),
      mtimeMs: z.number(),
      reason: z.string(),
      // Absent in caches written before skip reasons had codes: the UI shows `reason` then.
      code: z.string().optional(),
      params: ErrorParamsSchema.optional()
    })
  )
})
interface CacheIndex extends z.infer<typeof CacheHeaderSchema> {
  /** Decoded images in bin order: relative path, size in bytes, mtime in ms. */
  files: string[]
  sizes: number[]
  mtimes: number[]
  /** One '1' (every pixel R = G = B) or '0' per file. */
  gray: string
}
export type { CacheIndex }
export type CacheContents = Omit<CacheIndex, 'version' | 'key' | 'bin' | 'binBytes' | 'sha256'>

export interface DecodeSettings {
  root: string
  resolution: 28 | 32 | 64
  fit: 'crop' | 'letterbox'
  background: string
}

/**
 * One cache per folder, decode settings and per-class limit (a trial with a few images per
 * class then does not shrink the cache of the whole set). The channel choice is applied
 * after loading, so it is not part of the key.
 */
export function cacheKeyFor(settings: DecodeSettings, limitPerClass?: number): string {
  const { root, resolution, fit, background } = settings
  const text = JSON.stringify([
    CACHE_VERSION,
    root,
    resolution,
    fit,
    background.toLowerCase(),
    limitPerClass ?? null
  ])
  return crypto.createHash('sha256').update(text).digest('hex').slice(0, 24)
}

export type CacheRead =
  | { status: 'missing' }
  | { status: 'damaged'; problem: string }
  | { status: 'ok'; index: CacheIndex; images: Uint8Array }

export async function readCache(cacheDir: string, key: string): Promise<CacheRead> {
  let text: string
  try {
    text = await fs.promises.readFile(indexPath(cacheDir, key), 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' }
    return { status: 'damaged', problem: `its index could not be read (${String(err)})` }
  }
  let index: CacheIndex
  try {
    const json = JSON.parse(text) as Record<string, unknown>
    const header = CacheHeaderSchema.parse(json)
    const { files, sizes, mtimes, gray } = json
    if (
      !isArrayOf(files, 'string') ||
      !isArrayOf(sizes, 'number') ||
      !isArrayOf(mtimes, 'number') ||
      typeof gray !== 'string' ||
      !/^[01]*$/.test(gray)
    ) {
      throw new Error('bad per-file arrays')
    }
    index = { ...header, files, sizes, mtimes, gray }
  } catch {
    return { status: 'damaged', problem: 'its index is not valid JSON of the expected shape' }
  }
  const n = index.files.length
  const pixels = index.resolution * index.resolution * index.channels
  const consistent =
    index.key === key &&
    index.bin.startsWith(`${key}.`) &&
    path.basename(index.bin) === index.bin &&
    index.sizes.length === n &&
    index.mtimes.length === n &&
    index.gray.length === n &&
    index.binBytes === n * pixels
  if (!consistent) return { status: 'damaged', problem: 'its index does not add up' }

  let images: Buffer
  try {
    images = await readWhole(path.join(cacheDir, index.bin))
  } catch (err) {
    return { status: 'damaged', problem: `its image file could not be read (${String(err)})` }
  }
  if (images.length !== index.binBytes) {
    return {
      status: 'damaged',
      problem:
        images.length < index.binBytes
          ? `its image file is truncated (${images.length} of ${index.binBytes} bytes)`
          : `its image file is too long (${images.length} bytes, not ${index.binBytes})`
    }
  }
  if (sha256(images) !== index.sha256) {
    return { status: 'damaged', problem: 'its image file does not match its checksum' }
  }
  return { status: 'ok', index, images }
}

export async function writeCache(
  cacheDir: string,
  key: string,
  contents: CacheContents,
  images: Uint8Array
): Promise<void> {
  await fs.promises.mkdir(cacheDir, { recursive: true })
  const bin = `${key}.${crypto.randomBytes(6).toString('hex')}.bin`
  await atomicWrite(path.join(cacheDir, bin), images)
  const index: CacheIndex = {
    version: CACHE_VERSION,
    key,
    bin,
    binBytes: images.length,
    sha256: sha256(images),
    ...contents
  }
  await atomicWrite(indexPath(cacheDir, key), JSON.stringify(index))
  await removeOrphans(cacheDir, key, bin)
}

/**
 * Other bins of this key are dead: replaced, or left by a crash or a damaged index. A
 * temporary file may still be another process's write in progress, so only old ones go.
 */
async function removeOrphans(cacheDir: string, key: string, current: string): Promise<void> {
  const now = Date.now()
  for (const name of await fs.promises.readdir(cacheDir)) {
    if (!name.startsWith(`${key}.`) || name === current || name === `${key}.json`) continue
    const full = path.join(cacheDir, name)
    if (name.endsWith('.bin')) await removeQuietly(full)
    else if (name.endsWith('.tmp')) {
      const stat = await fs.promises.stat(full).catch(() => undefined)
      if (stat && now - stat.mtimeMs > STALE_MS) await removeQuietly(full)
    }
  }
}

async function removeQuietly(file: string): Promise<void> {
  await fs.promises.rm(file, { force: true }).catch(() => undefined)
}

function isArrayOf<T extends 'string' | 'number'>(
  value: unknown,
  type: T
): value is (T extends 'string' ? string : number)[] {
  if (!Array.isArray(value)) return false
  for (const v of value) if (typeof v !== type) return false
  return true
}

function indexPath(cacheDir: string, key: string): string {
  return path.join(cacheDir, `${key}.json`)
}

function sha256(data: Uint8Array): string {
  return crypto.createHash('sha256').update(data).digest('hex')
}
