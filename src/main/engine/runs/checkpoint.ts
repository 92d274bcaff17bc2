import * as tf from '@tensorflow/tfjs'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { z } from 'zod'
import { BatchStreamStateSchema } from '../../../shared/dataset'
import { atomicWrite, syncFolder } from '../fs/atomicWrite'

/**
 * One checkpoint on disk, `checkpoints/step-<n>/`:
 *
 *   generator/model.json + weights.bin      TF.js layers format (plain tf.loadLayersModel loads it)
 *   discriminator/model.json + weights.bin
 *   optimizers.json + optimizers.bin        both Adam optimisers' slots (tf.io weight specs + data)
 *   thumbnail.png                           the fixed-noise sample grid at this step
 *   manifest.json                           written LAST: its presence marks a whole checkpoint
 *
 * The files go to a hidden temporary folder first and the folder is renamed into place, so a
 * failed or interrupted save never leaves a half checkpoint under a step-<n> name.
 */

/** Writes one whole file; injectable so tests can make a save fail (ENOSPC and the like). */
export type FileWriter = (path: string, data: string | Uint8Array) => Promise<void>

export const CHECKPOINT_VERSION = 1

const FileRecordSchema = z.object({ bytes: z.number().int().nonnegative(), sha256: z.string() })

export const CheckpointManifestSchema = z.object({
  version: z.literal(CHECKPOINT_VERSION),
  runId: z.string(),
  step: z.number().int().nonnegative(),
  epoch: z.number().int().nonnegative(),
  time: z.string(),
  /** null: the loss was not finite (JSON writes NaN and ±Infinity as null). */
  dLoss: z.number().nullable(),
  gLoss: z.number().nullable(),
  backend: z.string(),
  /** Class names G is conditioned on, in label-index order; empty for an unconditional model. */
  labels: z.array(z.string()),
  noiseDim: z.number().int().positive(),
  resolution: z.number().int().positive(),
  channels: z.number().int().positive(),
  numClasses: z.number().int().nonnegative(),
  modelWidth: z.number().int().positive(),
  /** The TrainConfig the run trained with. */
  config: z.record(z.string(), z.unknown()),
  dataset: z.object({
    name: z.string(),
    count: z.number().int().nonnegative(),
    classNames: z.array(z.string())
  }),
  /** Where the data order stands (BatchStream.getState()). */
  stream: BatchStreamStateSchema,
  /** Every noise draw derives from (seed, step): this is the whole RNG state. */
  rng: z.object({ seed: z.number().int(), step: z.number().int().nonnegative() }),
  /** Size and hash of every file, so a truncated or altered file is caught before loading. */
  files: z.record(z.string(), FileRecordSchema),
  thumbnail: z.string().optional()
})
export type CheckpointManifest = z.infer<typeof CheckpointManifestSchema>

export const MANIFEST = 'manifest.json'
export const GENERATOR_DIR = 'generator'
export const DISCRIMINATOR_DIR = 'discriminator'
export const MODEL_JSON = 'model.json'
export const WEIGHTS_BIN = 'weights.bin'
const OPTIMIZERS_JSON = 'optimizers.json'
const OPTIMIZERS_BIN = 'optimizers.bin'
const THUMBNAIL = 'thumbnail.png'

export interface CheckpointContent {
  generator: tf.LayersModel
  discriminator: tf.LayersModel
  gOptimizer: tf.Optimizer
  dOptimizer: tf.Optimizer
  thumbnail?: Uint8Array
  /** Everything in the manifest except `files`, `version`, `thumbnail` (filled in here). */
  manifest: Omit<CheckpointManifest, 'files' | 'version' | 'thumbnail'>
}

export function checkpointDirName(step: number): string {
  return `step-${step}`
}

/** The step of a `step-<n>` folder name, or undefined. */
export function stepOfDirName(name: string): number | undefined {
  const m = /^step-(\d+)$/.exec(name)
  return m ? Number(m[1]) : undefined
}

/**
 * Saves a whole checkpoint into `dir` (replacing one already there only once the new one is
 * complete). On failure nothing is left under `dir`'s name that was not there before, and the
 * error is thrown.
 */
export async function saveCheckpoint(
  dir: string,
  content: CheckpointContent,
  write: FileWriter = atomicWrite
): Promise<void> {
  const parent = dirname(dir)
  await mkdir(parent, { recursive: true })
  const temp = join(parent, `.${basename(dir)}.${randomBytes(4).toString('hex')}.partial`)
  const files: Record<string, { bytes: number; sha256: string }> = {}
  const put = async (name: string, data: string | Uint8Array) => {
    await write(join(temp, name), data)
    const bytes = typeof data === 'string' ? Buffer.from(data) : data
    files[name] = { bytes: bytes.byteLength, sha256: sha256(bytes) }
  }
  try {
    await mkdir(join(temp, GENERATOR_DIR), { recursive: true })
    await mkdir(join(temp, DISCRIMINATOR_DIR), { recursive: true })
    for (const [sub, model] of [
      [GENERATOR_DIR, content.generator],
      [DISCRIMINATOR_DIR, content.discriminator]
    ] as const) {
      const { modelJson, weights } = await layersArtifacts(model)
      await put(`${sub}/${WEIGHTS_BIN}`, weights)
      await put(`${sub}/${MODEL_JSON}`, modelJson)
    }
    const optimizers = await optimizerArtifacts(content.gOptimizer, content.dOptimizer)
    await put(OPTIMIZERS_BIN, optimizers.data)
    await put(OPTIMIZERS_JSON, optimizers.json)
    if (content.thumbnail) await put(THUMBNAIL, content.thumbnail)
    const manifest: CheckpointManifest = {
      version: CHECKPOINT_VERSION,
      ...content.manifest,
      files,
      thumbnail: content.thumbnail ? THUMBNAIL : undefined
    }
    await write(join(temp, MANIFEST), JSON.stringify(manifest, null, 2) + '\n')
    if (existsSync(dir)) await rm(dir, { recursive: true, force: true })
    await rename(temp, dir)
    await syncFolder(parent)
  } catch (err) {
    await rm(temp, { recursive: true, force: true }).catch(() => undefined)
    throw err
  }
}

/** model.json (the standard layers format, weights in `weights.bin` beside it) and the weights. */
export async function layersArtifacts(
  model: tf.LayersModel
): Promise<{ modelJson: string; weights: Uint8Array }> {
  let out: { modelJson: string; weights: Uint8Array } | undefined
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data = artifacts.weightData
        ? tf.io.CompositeArrayBuffer.join(artifacts.weightData)
        : new ArrayBuffer(0)
      const json = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }]
      }
      out = { modelJson: JSON.stringify(json), weights: new Uint8Array(data) }
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) }
    })
  )
  if (!out) throw new Error(`${model.name} did not save`)
  return out
}

interface OptimizerSlots {
  /** tf.io weight specs of the saved tensors, in getWeights() order. */
  specs: tf.io.WeightsManifestEntry[]
  /** Adam's bias-correction powers, restored as saved (setWeights would recompute them). */
  accBeta: [number, number] | null
}

interface AdamInternals {
  accBeta1?: tf.Variable
  accBeta2?: tf.Variable
}

async function optimizerArtifacts(
  g: tf.Optimizer,
  d: tf.Optimizer
): Promise<{ json: string; data: Uint8Array }> {
  const parts: {
    name: 'generator' | 'discriminator'
    weights: { name: string; tensor: tf.Tensor }[]
    slots: OptimizerSlots
  }[] = []
  for (const [name, opt] of [
    ['generator', g],
    ['discriminator', d]
  ] as const) {
    const weights = await opt.getWeights()
    const adam = opt as unknown as AdamInternals
    const accBeta: [number, number] | null =
      adam.accBeta1 && adam.accBeta2
        ? [(await adam.accBeta1.data())[0]!, (await adam.accBeta2.data())[0]!]
        : null
    parts.push({ name, weights, slots: { specs: [], accBeta } })
  }
  const buffers: ArrayBuffer[] = []
  const json: Record<
    string,
    { className: string; specs: tf.io.WeightsManifestEntry[]; accBeta: [number, number] | null }
  > = {}
  let offset = 0
  for (const part of parts) {
    // Names are prefixed by index: two variables may share a name across models.
    const named = part.weights.map((w, i) => ({ name: `${i}:${w.name}`, tensor: w.tensor }))
    const { data, specs } = await tf.io.encodeWeights(named)
    const buffer = tf.io.CompositeArrayBuffer.join(data)
    buffers.push(buffer)
    json[part.name] = {
      className: part.name === 'generator' ? g.getClassName() : d.getClassName(),
      specs: specs.map((s) => ({ ...s, offset })) as tf.io.WeightsManifestEntry[],
      accBeta: part.slots.accBeta
    }
    offset += buffer.byteLength
    // iterations is a fresh scalar from getWeights; the slots are the optimiser's own.
    part.weights[0]?.tensor.dispose()
  }
  return {
    json: JSON.stringify({ version: 1, optimizers: json }),
    data: new Uint8Array(tf.io.CompositeArrayBuffer.join(buffers))
  }
}

const OptimizersJsonSchema = z.object({
  version: z.literal(1),
  optimizers: z.record(
    z.string(),
    z.object({
      className: z.string(),
      specs: z.array(
        z
          .object({
            name: z.string(),
            shape: z.array(z.number()),
            dtype: z.string(),
            offset: z.number()
          })
          .loose()
      ),
      accBeta: z.tuple([z.number(), z.number()]).nullable()
    })
  )
})

/** Reads and checks a checkpoint's manifest; throws with what is wrong. */
export async function readManifest(dir: string): Promise<CheckpointManifest> {
  const path = join(dir, MANIFEST)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    throw new Error(`${dir} is not a complete checkpoint: it has no ${MANIFEST}.`)
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    throw new Error(`${path} is not valid JSON.`)
  }
  const parsed = CheckpointManifestSchema.safeParse(raw)
  if (!parsed.success)
    throw new Error(`${path} is not a checkpoint manifest: ${parsed.error.message}`)
  return parsed.data
}

/**
 * Checks every file the manifest names: present, the recorded size, the recorded hash.
 * Returns what is wrong, or undefined when the checkpoint will load.
 */
export async function checkFiles(
  dir: string,
  manifest: CheckpointManifest
): Promise<string | undefined> {
  const problems: string[] = []
  for (const [name, record] of Object.entries(manifest.files)) {
    let data: Buffer
    try {
      data = await readFile(join(dir, name))
    } catch {
      problems.push(`${name} is missing`)
      continue
    }
    if (data.byteLength !== record.bytes) {
      problems.push(`${name} has ${data.byteLength} bytes, not ${record.bytes}`)
    } else if (sha256(data) !== record.sha256) {
      problems.push(`${name} is corrupt (its contents changed since it was saved)`)
    }
  }
  return problems.length > 0 ? problems.join('; ') : undefined
}

/** Reads a model folder (model.json + weights) into artifacts tf.loadLayersModel accepts. */
export async function readModelArtifacts(modelDir: string): Promise<tf.io.ModelArtifacts> {
  const json = JSON.parse(await readFile(join(modelDir, MODEL_JSON), 'utf8')) as {
    modelTopology: object
    format?: string
    generatedBy?: string
    convertedBy?: string | null
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[]
  }
  const specs: tf.io.WeightsManifestEntry[] = []
  const buffers: ArrayBuffer[] = []
  for (const group of json.weightsManifest) {
    specs.push(...group.weights)
    for (const p of group.paths) {
      const bytes = await readFile(join(modelDir, p))
      buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))
    }
  }
  const weightData = tf.io.CompositeArrayBuffer.join(buffers)
  const expected = specs.reduce((n, s) => n + bytesOf(s), 0)
  if (weightData.byteLength !== expected) {
    throw new Error(
      `${join(modelDir, WEIGHTS_BIN)} has ${weightData.byteLength} bytes; model.json expects ${expected}.`
    )
  }
  return {
    modelTopology: json.modelTopology,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy ?? undefined,
    weightSpecs: specs,
    weightData
  }
}

/** Loads a model folder as a LayersModel. */
export async function loadLayersModelFrom(modelDir: string): Promise<tf.LayersModel> {
  const artifacts = await readModelArtifacts(modelDir)
  return tf.loadLayersModel(tf.io.fromMemory(artifacts))
}

/** Loads saved weights into a model built with the same architecture. */
export async function loadWeightsInto(model: tf.LayersModel, modelDir: string): Promise<void> {
  const artifacts = await readModelArtifacts(modelDir)
  const weights = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs!)
  try {
    model.loadWeights(weights, true)
  } finally {
    tf.dispose(Object.values(weights))
  }
}

/**
 * Restores both optimisers' slots. Adam creates its moment variables lazily; setWeights
 * creates them directly (index-matched to the variables of the next applyGradients, which
 * come in the model's trainableWeights order), so no warm-up step is needed.
 */
export async function restoreOptimizers(
  dir: string,
  g: tf.Optimizer,
  d: tf.Optimizer
): Promise<void> {
  const json = OptimizersJsonSchema.parse(
    JSON.parse(await readFile(join(dir, OPTIMIZERS_JSON), 'utf8'))
  )
  const bytes = await readFile(join(dir, OPTIMIZERS_BIN))
  const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
  for (const [name, opt] of [
    ['generator', g],
    ['discriminator', d]
  ] as const) {
    const saved = json.optimizers[name]
    if (!saved) throw new Error(`${join(dir, OPTIMIZERS_JSON)} has no ${name} optimiser.`)
    if (saved.className !== opt.getClassName()) {
      throw new Error(
        `The checkpoint's ${name} optimiser is ${saved.className}, this run's is ${opt.getClassName()}.`
      )
    }
    const start = saved.specs[0]?.offset ?? 0
    const size = saved.specs.reduce((n, s) => n + bytesOf(s as tf.io.WeightsManifestEntry), 0)
    const specs = saved.specs.map(({ offset: _o, ...s }) => s) as tf.io.WeightsManifestEntry[]
    const map = tf.io.decodeWeights(data.slice(start, start + size), specs)
    const named = specs.map((s) => ({ name: s.name.replace(/^\d+:/, ''), tensor: map[s.name]! }))
    await opt.setWeights(named)
    // setWeights copied the slots into new variables.
    tf.dispose(Object.values(map))
    const adam = opt as unknown as AdamInternals
    const { accBeta1, accBeta2 } = adam
    if (saved.accBeta && accBeta1 && accBeta2) {
      const [b1, b2] = saved.accBeta
      tf.tidy(() => {
        accBeta1.assign(tf.scalar(b1))
        accBeta2.assign(tf.scalar(b2))
      })
    }
  }
}

/** Step numbers of the complete checkpoints (those with a manifest) under `checkpointsDir`, ascending. */
export async function completeCheckpointSteps(checkpointsDir: string): Promise<number[]> {
  let names: string[]
  try {
    names = await readdir(checkpointsDir)
  } catch {
    return []
  }
  return names
    .map((n) => ({ n, step: stepOfDirName(n) }))
    .filter((e): e is { n: string; step: number } => e.step !== undefined)
    .filter((e) => existsSync(join(checkpointsDir, e.n, MANIFEST)))
    .map((e) => e.step)
    .sort((a, b) => a - b)
}

/** Deletes all but the newest `keep` complete checkpoints, and any leftover partial saves. */
export async function pruneCheckpoints(checkpointsDir: string, keep: number): Promise<void> {
  const steps = await completeCheckpointSteps(checkpointsDir)
  for (const step of steps.slice(0, Math.max(0, steps.length - keep))) {
    await rm(join(checkpointsDir, checkpointDirName(step)), { recursive: true, force: true })
  }
  const names = await readdir(checkpointsDir).catch(() => [] as string[])
  for (const name of names) {
    if (name.startsWith('.') && name.endsWith('.partial')) {
      await rm(join(checkpointsDir, name), { recursive: true, force: true })
    }
  }
}

function bytesOf(spec: tf.io.WeightsManifestEntry): number {
  const n = spec.shape.reduce((a, b) => a * b, 1)
  const per = spec.dtype === 'bool' ? 1 : 4
  return n * per
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

/** What a resumed run must share with its checkpoint. */
export interface ResumeTarget {
  spec: {
    noiseDim: number
    resolution: number
    channels: number
    numClasses: number
    width?: number
  }
  dataset: { name: string; count: number; classNames: string[] }
}

/** Each way the run differs from the checkpoint in architecture or data (empty: resumable). */
export function checkResumable(manifest: CheckpointManifest, target: ResumeTarget): string[] {
  const out: string[] = []
  const { spec, dataset } = target
  const differ = (what: string, saved: unknown, now: unknown) => {
    if (JSON.stringify(saved) !== JSON.stringify(now)) {
      out.push(`${what} (checkpoint: ${fmt(saved)}, now: ${fmt(now)})`)
    }
  }
  differ('noise dimension', manifest.noiseDim, spec.noiseDim)
  differ('resolution', manifest.resolution, spec.resolution)
  differ('channels', manifest.channels, spec.channels)
  differ('model width', manifest.modelWidth, spec.width ?? 64)
  differ('number of classes conditioned on', manifest.numClasses, spec.numClasses)
  differ('class names', manifest.dataset.classNames, dataset.classNames)
  differ('dataset size in images', manifest.dataset.count, dataset.count)
  return out
}

function fmt(v: unknown): string {
  return Array.isArray(v) ? `[${v.join(', ')}]` : String(v)
}

/**
 * Deletes the checkpoints and sample grids of steps after `step`: on resuming from an
 * earlier checkpoint in the same run they describe a future the run is about to replace.
 */
export async function discardAfter(
  checkpointsDir: string,
  samplesDir: string,
  step: number
): Promise<void> {
  for (const name of await readdir(checkpointsDir).catch(() => [] as string[])) {
    const s = stepOfDirName(name)
    if (s !== undefined && s > step) {
      await rm(join(checkpointsDir, name, MANIFEST), { force: true })
      await rm(join(checkpointsDir, name), { recursive: true, force: true })
    }
  }
  for (const name of await readdir(samplesDir).catch(() => [] as string[])) {
    const m = /^step-(\d+)\.png$/.exec(name)
    if (m && Number(m[1]) > step) await rm(join(samplesDir, name), { force: true })
  }
}
