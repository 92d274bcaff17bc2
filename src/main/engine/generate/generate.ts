import * as tf from '@tensorflow/tfjs'
import { join, resolve, sep } from 'node:path'
import {
  GenerateRequestSchema,
  InterpolateRequestSchema,
  type Generated,
  type GenerateRequest,
  type InterpolateRequest
} from '../../../shared/runs'
import { createRng } from '../data/prng'
import { encodeGridPng, toUint8Pixels } from '../image/grid'
import { applyModel } from '../models/dcgan'
import {
  checkFiles,
  GENERATOR_DIR,
  loadLayersModelFrom,
  readManifest,
  type CheckpointManifest
} from '../runs/checkpoint'
import { resolveCheckpoint } from '../runs/runStore'

/** A generator loaded from a checkpoint, with what its manifest says about it. */
export interface LoadedGenerator {
  path: string
  model: tf.LayersModel
  manifest: CheckpointManifest
}

/** Loaded generators by checkpoint folder (and save time: a rewritten checkpoint reloads). */
const cache = new Map<string, Promise<LoadedGenerator>>()
const CACHE_SIZE = 4

/** Loads (once, then from the cache) the generator of a checkpoint folder. */
export async function loadGenerator(checkpointDir: string): Promise<LoadedGenerator> {
  const path = resolve(checkpointDir)
  const manifest = await readManifest(path)
  const key = `${path}\n${manifest.time}`
  let loading = cache.get(key)
  if (!loading) {
    loading = (async () => {
      const problem = await checkFiles(path, manifest)
      if (problem) throw new Error(`The checkpoint at ${path} will not load: ${problem}`)
      const model = await loadLayersModelFrom(join(path, GENERATOR_DIR))
      return { path, model, manifest }
    })()
    cache.set(key, loading)
    loading.catch(() => cache.delete(key))
    while (cache.size > CACHE_SIZE) {
      const [oldest] = cache.keys()
      if (oldest === undefined) break
      void cache.get(oldest)?.then(
        (g) => g.model.dispose(),
        () => undefined
      )
      cache.delete(oldest)
    }
  } else {
    // Most recently used last.
    cache.delete(key)
    cache.set(key, loading)
  }
  return loading
}

/**
 * Drops cached generators and frees them: all, those loaded from one checkpoint folder, or
 * (`under`) every checkpoint inside a folder, such as a deleted run's.
 */
export function clearGeneratorCache(dir?: string, opts: { under?: boolean } = {}): void {
  const path = dir ? resolve(dir) : undefined
  for (const [key, loading] of [...cache]) {
    const loaded = key.slice(0, key.indexOf('\n'))
    if (path && !(loaded === path || (opts.under && loaded.startsWith(path + sep)))) continue
    cache.delete(key)
    void loading.then(
      (g) => g.model.dispose(),
      () => undefined
    )
  }
}

/** A label by name or index → its index; null for an unconditional model with no label asked. */
export function resolveLabel(
  manifest: Pick<CheckpointManifest, 'labels' | 'numClasses'>,
  label: string | number | undefined
): number | null {
  if (manifest.numClasses === 0) {
    if (label !== undefined) {
      throw new Error(`This model was trained without labels; it cannot generate "${label}".`)
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
    throw new Error(`This model has no label ${JSON.stringify(label)}. Its labels are ${listed}.`)
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
  const gauss = () => {
    // Box–Muller; 1 − u keeps the log finite.
    const u = 1 - rng()
    const v = rng()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }
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

const MAX_IMAGES = 4096
const BATCH = 64

/** Runs G (inference mode) on the noise vectors and class indices; uint8 NHWC pixels. */
async function render(
  g: LoadedGenerator,
  z: Float32Array,
  classes: number[] | null
): Promise<Uint8Array> {
  const { noiseDim, numClasses, resolution, channels } = g.manifest
  const count = z.length / noiseDim
  const out = new Uint8Array(count * resolution * resolution * channels)
  for (let start = 0; start < count; start += BATCH) {
    const n = Math.min(BATCH, count - start)
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
      out.set(await toUint8Pixels(images), start * resolution * resolution * channels)
    } finally {
      images.dispose()
    }
  }
  return out
}

async function assemble(
  g: LoadedGenerator,
  pixels: Uint8Array,
  layout: { rows: number; cols: number },
  labels: string[]
): Promise<Generated> {
  const { resolution: size, channels } = g.manifest
  if (channels !== 1 && channels !== 3)
    throw new Error(`${channels}-channel images cannot be PNGs here`)
  const area = size * size * channels
  const count = pixels.length / area
  const grid = await encodeGridPng({ pixels, size, channels }, layout)
  const images: Uint8Array<ArrayBuffer>[] = []
  for (let i = 0; i < count; i++) {
    images.push(
      await encodeGridPng(
        { pixels: pixels.subarray(i * area, (i + 1) * area), size, channels },
        { rows: 1, cols: 1, gap: 0, scale: 1 }
      )
    )
  }
  return { grid, images, labels }
}

export interface GenerateOptions {
  label?: string | number
  count: number
  seed: number
  truncation?: number
}

/**
 * Images from a checkpoint's generator: `count` of one class (by name or index), or, for a
 * conditional model with no label asked, `count` of every class, one row each (the same
 * noise down each column).
 */
export async function generateFromCheckpoint(
  checkpointDir: string,
  opts: GenerateOptions
): Promise<Generated> {
  const g = await loadGenerator(checkpointDir)
  const { noiseDim, numClasses, labels } = g.manifest
  const label = resolveLabel(g.manifest, opts.label)
  const z = sampleNoise(noiseDim, opts.count, opts.seed, opts.truncation)
  if (label === null && numClasses > 0) {
    const total = opts.count * numClasses
    if (total > MAX_IMAGES) {
      throw new Error(
        `${opts.count} images of each of ${numClasses} classes is ${total}, more than ${MAX_IMAGES}. ` +
          'Ask for one label, or fewer images.'
      )
    }
    const zz = new Float32Array(total * noiseDim)
    for (let c = 0; c < numClasses; c++) zz.set(z, c * z.length)
    const classes = Array.from({ length: total }, (_, i) => Math.floor(i / opts.count))
    const pixels = await render(g, zz, classes)
    return assemble(
      g,
      pixels,
      { rows: numClasses, cols: opts.count },
      classes.map((c) => labels[c] ?? String(c))
    )
  }
  const classes = label === null ? null : Array.from({ length: opts.count }, () => label)
  const pixels = await render(g, z, classes)
  const cols = Math.min(opts.count, Math.ceil(Math.sqrt(opts.count)))
  return assemble(
    g,
    pixels,
    { rows: Math.ceil(opts.count / cols), cols },
    classes ? classes.map((c) => labels[c] ?? String(c)) : []
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
export async function interpolateFromCheckpoint(
  checkpointDir: string,
  opts: InterpolateOptions
): Promise<Generated> {
  const g = await loadGenerator(checkpointDir)
  const { noiseDim, numClasses, labels } = g.manifest
  const label = resolveLabel(g.manifest, opts.label)
  const a = sampleNoise(noiseDim, 1, opts.seedA)
  const b = sampleNoise(noiseDim, 1, opts.seedB)
  const path = new Float32Array(opts.steps * noiseDim)
  for (let i = 0; i < opts.steps; i++) path.set(slerp(a, b, i / (opts.steps - 1)), i * noiseDim)
  const rows = label === null && numClasses > 0 ? numClasses : 1
  const z = new Float32Array(rows * path.length)
  for (let r = 0; r < rows; r++) z.set(path, r * path.length)
  const classes =
    numClasses === 0
      ? null
      : Array.from({ length: rows * opts.steps }, (_, i) =>
          label === null ? Math.floor(i / opts.steps) : label
        )
  const pixels = await render(g, z, classes)
  return assemble(
    g,
    pixels,
    { rows, cols: opts.steps },
    classes ? classes.map((c) => labels[c] ?? String(c)) : []
  )
}

/** The engine's `generate`: a checkpoint by run and step (default: the run's latest). */
export async function generate(runsDir: string, request: GenerateRequest): Promise<Generated> {
  const req = GenerateRequestSchema.parse(request)
  const dir = await resolveCheckpoint(runsDir, req.checkpoint)
  return generateFromCheckpoint(dir, {
    label: req.label,
    count: req.count,
    seed: req.seed,
    truncation: req.truncation
  })
}

/** The engine's `interpolate`. */
export async function interpolate(
  runsDir: string,
  request: InterpolateRequest
): Promise<Generated> {
  const req = InterpolateRequestSchema.parse(request)
  const dir = await resolveCheckpoint(runsDir, req.checkpoint)
  return interpolateFromCheckpoint(dir, {
    label: req.label,
    seedA: req.seedA,
    seedB: req.seedB,
    steps: req.steps
  })
}
