import * as tf from '@tensorflow/tfjs'
import { LRUCache } from 'lru-cache'
import { resolve, sep } from 'node:path'
import { StudioError } from '../../../shared/rpc'
import {
  GENERATE_MAX_IMAGES,
  GRID_MAX_IMAGES,
  GenerateRequestSchema,
  InterpolateRequestSchema,
  type CheckpointRef,
  type GenerateRequest,
  type InterpolateRequest
} from '../../../shared/runs'
import { boxMuller, createRng } from '../data/prng'
import { encodeGridPng, toUint8Pixels } from '../image/grid'
import { applyModel } from '../models/dcgan'
import type { CheckpointManifest } from '../runs/checkpointManifest'
import { loadSamplingGenerator } from '../runs/checkpointLoad'
import { readManifestCached } from '../runs/checkpointVerify'
import { resolveCheckpoint } from '../runs/runStore'

/** A generator loaded from a checkpoint, with what its manifest says about it. */
export interface LoadedGenerator {
  path: string
  model: tf.LayersModel
  manifest: CheckpointManifest
}

/**
 * Loaded generators by checkpoint folder and save time (a rewritten checkpoint reloads), the
 * few used last; one pushed out is freed.
 */
const cache = new LRUCache<string, Promise<LoadedGenerator>>({
  max: 4,
  dispose: (loading) =>
    void loading.then(
      (g) => g.model.dispose(),
      () => undefined
    )
})

/**
 * Loads (once, then from the cache) the generator to sample with from a checkpoint folder:
 * its EMA generator when it has one (loadSamplingGenerator), verified when first loaded.
 */
export async function loadGenerator(checkpointDir: string): Promise<LoadedGenerator> {
  const path = resolve(checkpointDir)
  const manifest = await readManifestCached(path)
  const key = `${path}\n${manifest.time}`
  let loading = cache.get(key)
  if (!loading) {
    loading = loadSamplingGenerator(path).then(({ model, manifest }) => ({ path, model, manifest }))
    cache.set(key, loading)
    // A failed load is not kept: the next call tries again (and says why again).
    loading.catch(() => {
      if (cache.get(key) === loading) cache.delete(key)
    })
  }
  return loading
}

/**
 * Drops cached generators and frees them: all, those loaded from one checkpoint folder, or
 * (`under`) every checkpoint inside a folder, such as a deleted run's.
 */
export function clearGeneratorCache(dir?: string, opts: { under?: boolean } = {}): void {
  const path = dir ? resolve(dir) : undefined
  for (const key of [...cache.keys()]) {
    const loaded = key.slice(0, key.indexOf('\n'))
    if (path && !(loaded === path || (opts.under && loaded.startsWith(path + sep)))) continue
    cache.delete(key)
  }
}

/** A label by name or index → its index; null for an unconditional model with no label asked. */
export function resolveLabel(
  manifest: Pick<CheckpointManifest, 'labels' | 'numClasses'>,
  label: string | number | undefined
): number | null {
  if (manifest.numClasses === 0) {
    if (label !== undefined) {
      throw new StudioError(
        `This model was trained without labels; it cannot generate "${label}".`,
        'unlabeled-model',
        { params: { label } }
      )
    }
    return null
  }
  if (label === undefined) return null
  const labels = manifest.labels
  // A name first; a string of digits that names no class is an index (as typed on a command line).
  let index = typeof label === 'number' ? label : labels.indexOf(label)
  if (typeof label === 'string' && index < 0 && /^\d+$/.test(label)) index = Number(label)
  if (index < 0 || index >= manifest.numClasses) {
    const listed = labels.map((l, i) => `${i}: ${l}`).join(', ')
    throw new StudioError(
      `This model has no label ${JSON.stringify(label)}. Its labels are ${listed}.`,
      'unknown-label',
      { params: { label, labels: listed } }
    )
  }
  return index
}

/**
 * `count` noise vectors of N(0, 1) components from `seed` (vector i of seed s is the same
 * whatever the count). With `truncation`, each component whose |value| exceeds it is drawn
 * again until it does not (the truncation trick).
 */
export function sampleNoise(
  noiseDim: number,
  count: number,
  seed: number,
  truncation?: number
): Float32Array {
  const rng = createRng(seed, 0x2a7e)
  const out = new Float32Array(noiseDim * count)
  // One normal per pair of uniforms (the sine draw is dropped), as saved seeds expect.
  const gauss = () => boxMuller(rng(), rng())[0]
  for (let i = 0; i < out.length; i++) {
    let x = gauss()
    if (truncation !== undefined) {
      for (let tries = 0; Math.abs(x) > truncation; tries++) {
        // A very small threshold could take long: after many tries take a uniform value inside.
        x = tries < 1000 ? gauss() : (rng() * 2 - 1) * truncation
      }
    }
    out[i] = x
  }
  return out
}

/** Spherical interpolation between two noise vectors (linear where they are parallel). */
export function slerp(a: Float32Array, b: Float32Array, t: number): Float32Array {
  let dot = 0
  let na = 0
  let nb = 0
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!
    na += a[i]! * a[i]!
    nb += b[i]! * b[i]!
  }
  const cos = Math.min(1, Math.max(-1, dot / Math.sqrt(na * nb || 1)))
  const omega = Math.acos(cos)
  const sin = Math.sin(omega)
  const out = new Float32Array(a.length)
  if (sin < 1e-6) {
    for (let i = 0; i < a.length; i++) out[i] = (1 - t) * a[i]! + t * b[i]!
    return out
  }
  const wa = Math.sin((1 - t) * omega) / sin
  const wb = Math.sin(t * omega) / sin
  for (let i = 0; i < a.length; i++) out[i] = wa * a[i]! + wb * b[i]!
  return out
}

/** Images per chunk: between chunks the thread serves other calls and a cancel can land. */
const CHUNK = 16

/** Progress and cancellation of one generation. */
export interface GenerateControl {
  signal?: AbortSignal
  /** After each chunk: images done (rendered and encoded) of the total. */
  onProgress?(done: number, total: number): void
}

/** What a generation makes; the grid by default only up to GRID_MAX_IMAGES images (it grows large). */
export interface RenderedImages {
  grid?: Uint8Array<ArrayBuffer>
  images: Uint8Array<ArrayBuffer>[]
  labels: string[]
}

function throwIfCancelled(signal?: AbortSignal): void {
  if (signal?.aborted) throw new StudioError('The generation was cancelled.', 'cancelled')
}

/**
 * Runs G (inference mode) on the noise vectors and class indices, `chunk` images at a time,
 * into uint8 NHWC pixels (the rounding a saved PNG gets). Between chunks it yields, so calls
 * that queued meanwhile (status, cancel) are served; a cancelled `signal` stops it.
 */
export async function samplePixels(
  g: LoadedGenerator,
  z: Float32Array,
  classes: number[] | Int32Array | null,
  chunk: number,
  control: {
    signal?: AbortSignal
    afterChunk?(start: number, n: number, pixels: Uint8Array): Promise<void>
  } = {}
): Promise<Uint8Array> {
  const { noiseDim, numClasses, resolution: size, channels } = g.manifest
  const count = z.length / noiseDim
  const area = size * size * channels
  const pixels = new Uint8Array(count * area)
  for (let start = 0; start < count; start += chunk) {
    throwIfCancelled(control.signal)
    const n = Math.min(chunk, count - start)
    const images = tf.tidy(() => {
      const zt = tf.tensor2d(z.subarray(start * noiseDim, (start + n) * noiseDim), [n, noiseDim])
      const labels =
        classes && numClasses > 0
          ? (tf
              .oneHot(tf.tensor1d(classes.slice(start, start + n), 'int32'), numClasses)
              .toFloat() as tf.Tensor2D)
          : null
      return applyModel(g.model, zt, labels, false) as tf.Tensor4D
    })
    try {
      pixels.set(await toUint8Pixels(images), start * area)
    } finally {
      images.dispose()
    }
    await control.afterChunk?.(start, n, pixels)
    await new Promise<void>((resolve) => setImmediate(resolve))
  }
  throwIfCancelled(control.signal)
  return pixels
}

/** samplePixels, and each image encoded as a PNG. */
async function render(
  g: LoadedGenerator,
  z: Float32Array,
  classes: number[] | null,
  control: GenerateControl = {}
): Promise<{ pixels: Uint8Array; pngs: Uint8Array<ArrayBuffer>[] }> {
  const { noiseDim, resolution: size, channels } = g.manifest
  if (channels !== 1 && channels !== 3)
    throw new Error(`${channels}-channel images cannot be PNGs here`)
  const count = z.length / noiseDim
  const area = size * size * channels
  const pngs: Uint8Array<ArrayBuffer>[] = []
  const pixels = await samplePixels(g, z, classes, CHUNK, {
    signal: control.signal,
    async afterChunk(start, n, pixels) {
      for (let i = start; i < start + n; i++) {
        pngs.push(
          await encodeGridPng(
            { pixels: pixels.subarray(i * area, (i + 1) * area), size, channels },
            { rows: 1, cols: 1, gap: 0, scale: 1 }
          )
        )
      }
      control.onProgress?.(start + n, count)
    }
  })
  return { pixels, pngs }
}

async function assemble(
  g: LoadedGenerator,
  rendered: { pixels: Uint8Array; pngs: Uint8Array<ArrayBuffer>[] },
  layout: { rows: number; cols: number },
  labels: string[],
  withGrid: boolean
): Promise<RenderedImages> {
  const { resolution: size, channels } = g.manifest
  const grid = withGrid
    ? await encodeGridPng({ pixels: rendered.pixels, size, channels: channels as 1 | 3 }, layout)
    : undefined
  return { grid, images: rendered.pngs, labels }
}

/**
 * A checkpoint's generator and what its manifest says, with the class asked for (null: none) and
 * whether that means every class, one row each (a conditional model with no label asked).
 */
async function loadAsked(checkpointDir: string, asked: string | number | undefined) {
  const g = await loadGenerator(checkpointDir)
  const { noiseDim, numClasses, labels } = g.manifest
  const label = resolveLabel(g.manifest, asked)
  return { g, noiseDim, numClasses, labels, label, everyClass: label === null && numClasses > 0 }
}

/**
 * Images from the generator of the checkpoint in `dir`; the PNG grid of them too with
 * `withGrid` (default: when there are at most GRID_MAX_IMAGES).
 */
type Draw<Options> = (
  dir: string,
  opts: Options & { withGrid?: boolean },
  control?: GenerateControl
) => Promise<RenderedImages>

export interface GenerateOptions {
  label?: string | number
  count: number
  seed: number
  truncation?: number
}

function checkTotal(total: number, what: string): void {
  if (total > GENERATE_MAX_IMAGES) {
    throw new StudioError(
      `${what} is ${total} images, more than ${GENERATE_MAX_IMAGES} at once. ` +
        'Ask for one label, or fewer images.',
      'too-many-images',
      { params: { total, max: GENERATE_MAX_IMAGES } }
    )
  }
}

/**
 * Images from a checkpoint's generator: `count` of one class (by name or index), or, for a
 * conditional model with no label asked, `count` of every class, one row each (the same
 * noise down each column). At most GENERATE_MAX_IMAGES in all.
 */
export const generateImages: Draw<GenerateOptions> = async (dir, opts, control = {}) => {
  const { g, noiseDim, numClasses, labels, label, everyClass } = await loadAsked(dir, opts.label)
  const total = everyClass ? opts.count * numClasses : opts.count
  checkTotal(
    total,
    everyClass ? `${opts.count} of each of ${numClasses} classes` : `${opts.count} images`
  )
  const withGrid = opts.withGrid ?? total <= GRID_MAX_IMAGES
  const z = sampleNoise(noiseDim, opts.count, opts.seed, opts.truncation)
  if (everyClass) {
    const zz = new Float32Array(total * noiseDim)
    for (let c = 0; c < numClasses; c++) zz.set(z, c * z.length)
    const classes = Array.from({ length: total }, (_, i) => Math.floor(i / opts.count))
    return assemble(
      g,
      await render(g, zz, classes, control),
      { rows: numClasses, cols: opts.count },
      classes.map((c) => labels[c] ?? String(c)),
      withGrid
    )
  }
  const classes = label === null ? null : Array.from({ length: opts.count }, () => label)
  const cols = Math.min(opts.count, Math.ceil(Math.sqrt(opts.count)))
  return assemble(
    g,
    await render(g, z, classes, control),
    { rows: Math.ceil(opts.count / cols), cols },
    classes ? classes.map((c) => labels[c] ?? String(c)) : [],
    withGrid
  )
}

export interface InterpolateOptions {
  label?: string | number
  seedA: number
  seedB: number
  steps: number
}

/**
 * A strip of `steps` images along the great circle from z(seedA) to z(seedB), both ends
 * included; z(s) is the first vector `generate` draws for seed s. A conditional model with
 * no label asked interpolates every class, one row each.
 */
export const interpolateImages: Draw<InterpolateOptions> = async (dir, opts, control = {}) => {
  const { g, noiseDim, numClasses, labels, label, everyClass } = await loadAsked(dir, opts.label)
  const rows = everyClass ? numClasses : 1
  checkTotal(rows * opts.steps, `${rows} rows of ${opts.steps}`)
  const a = sampleNoise(noiseDim, 1, opts.seedA)
  const b = sampleNoise(noiseDim, 1, opts.seedB)
  const path = new Float32Array(opts.steps * noiseDim)
  for (let i = 0; i < opts.steps; i++) path.set(slerp(a, b, i / (opts.steps - 1)), i * noiseDim)
  const z = new Float32Array(rows * path.length)
  for (let r = 0; r < rows; r++) z.set(path, r * path.length)
  const classes =
    numClasses === 0
      ? null
      : Array.from({ length: rows * opts.steps }, (_, i) =>
          label === null ? Math.floor(i / opts.steps) : label
        )
  return assemble(
    g,
    await render(g, z, classes, control),
    { rows, cols: opts.steps },
    classes ? classes.map((c) => labels[c] ?? String(c)) : [],
    opts.withGrid ?? rows * opts.steps <= GRID_MAX_IMAGES
  )
}

/** `draw` with its grid always made: what the command line writes. */
function withGrid<Options>(draw: Draw<Options>) {
  return async (
    checkpointDir: string,
    opts: Options
  ): Promise<RenderedImages & { grid: Uint8Array<ArrayBuffer> }> => {
    const made = await draw(checkpointDir, { ...opts, withGrid: true })
    return { ...made, grid: made.grid! }
  }
}

export const generateFromCheckpoint = withGrid(generateImages)
export const interpolateFromCheckpoint = withGrid(interpolateImages)

/**
 * An engine method over a contract request: the request checked (its defaults filled in), its
 * checkpoint found by run and step (default: the run's latest), and `draw` run on that.
 */
function forRequest<Request, Options>(
  schema: { parse(request: Request): Options & { checkpoint: CheckpointRef } },
  draw: Draw<Options>
) {
  return async (
    runsDir: string,
    request: Request,
    control: GenerateControl = {}
  ): Promise<RenderedImages> => {
    const req = schema.parse(request)
    return draw(await resolveCheckpoint(runsDir, req.checkpoint), req, control)
  }
}

/** The engine's `generate`. */
export const generate = forRequest<GenerateRequest, GenerateOptions>(
  GenerateRequestSchema,
  generateImages
)
/** The engine's `interpolate`. */
export const interpolate = forRequest<InterpolateRequest, InterpolateOptions>(
  InterpolateRequestSchema,
  interpolateImages
)
