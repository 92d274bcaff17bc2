// Where a dataset's judge lives and when it is trained: `<cache>/judges/<id>/` beside the
// decoded-dataset cache (the run's data folder `cache/`). The id hashes the dataset's content
// (every pixel, label and class name) with the judge's settings, so the judge is retrained
// exactly when the dataset changes, whatever its source (a folder, IDX files, a built-in).
import * as tf from '@tensorflow/tfjs'
import { createHash } from 'node:crypto'
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { JudgeInfoSchema, type ExtractorKind, type JudgeInfo } from '../../../shared/scores'
import type { ImageDataset } from '../data/imageDataset'
import { atomicWrite } from '../fs/atomicWrite'
import { layersArtifacts, loadLayersModelFrom } from '../runs/checkpoint'
import {
  buildAutoencoder,
  buildClassifier,
  DEFAULT_JUDGE_SETTINGS,
  embed,
  FEATURE_DIM,
  splitDataset,
  trainJudgeModel,
  type JudgeSettings,
  type Split,
  type TrainProgress
} from './judge'

const JUDGE_VERSION = 1
export const JUDGES_DIR = 'judges'
const JUDGE_JSON = 'judge.json'

/** Fewer held-out images than this and an accuracy is too noisy to trust. */
const MIN_HELD_OUT = 20
/** An autoencoder explaining less than this share of held-out pixel variance is unreliable. */
const MIN_R2 = 0.5

const JudgeFileSchema = z.object({
  version: z.literal(JUDGE_VERSION),
  info: JudgeInfoSchema,
  settings: z.record(z.string(), z.unknown()),
  /** The decoded-dataset cache key, for a folder (the content hash is the judge's id). */
  datasetCacheKey: z.string().optional(),
  heldOut: z.int().nonnegative(),
  weightsSha256: z.string()
})

export interface Judge {
  info: JudgeInfo
  model: tf.LayersModel
  split: Split
  /** Where it is saved. */
  dir: string
  /** True when it was trained by this call, false when loaded. */
  trained: boolean
  dispose(): void
}

export function extractorKindFor(dataset: ImageDataset): ExtractorKind {
  return dataset.labeled && dataset.classNames.length >= 2 ? 'classifier' : 'autoencoder'
}

/** The judge's id: a hash of the dataset's content and of the judge's settings. */
export function judgeId(dataset: ImageDataset, settings: JudgeSettings): string {
  const hash = createHash('sha256')
  hash.update(
    JSON.stringify({
      v: JUDGE_VERSION,
      kind: extractorKindFor(dataset),
      settings,
      classNames: dataset.classNames,
      size: dataset.size,
      channels: dataset.channels,
      count: dataset.count
    })
  )
  hash.update(
    new Uint8Array(dataset.labels.buffer, dataset.labels.byteOffset, dataset.labels.byteLength)
  )
  hash.update(dataset.images)
  return hash.digest('hex').slice(0, 24)
}

export function judgeDir(cacheDir: string, id: string): string {
  return join(cacheDir, JUDGES_DIR, id)
}

export interface JudgeOptions {
  cacheDir: string
  settings?: Partial<JudgeSettings>
  datasetCacheKey?: string
  backend?: string
  onProgress?: (p: TrainProgress) => void
  onLog?: (line: string) => void
}

/** The dataset's judge: loaded from the cache when one was trained on this very dataset, else trained and saved. */
export async function loadOrTrainJudge(dataset: ImageDataset, opts: JudgeOptions): Promise<Judge> {
  const settings: JudgeSettings = { ...DEFAULT_JUDGE_SETTINGS, ...opts.settings }
  const id = judgeId(dataset, settings)
  const dir = judgeDir(opts.cacheDir, id)
  const kind = extractorKindFor(dataset)
  const numClasses = dataset.classNames.length
  const split = splitDataset(dataset.labels, numClasses, settings)
  const make = (info: JudgeInfo, model: tf.LayersModel, trained: boolean): Judge => ({
    info,
    model,
    split,
    dir,
    trained,
    dispose: () => model.dispose()
  })

  const saved = await readJudge(dir)
  if (saved && saved.info.id === id && saved.heldOut === split.heldOut.length) {
    try {
      return make(saved.info, await loadLayersModelFrom(dir), false)
    } catch (err) {
      opts.onLog?.(`The saved judge in ${dir} did not load (${String(err)}); training it again.`)
    }
  }

  if (split.train.length === 0) {
    throw new Error(
      `"${dataset.name}" has too few images to train a judge on (${dataset.count}); ` +
        'scores need at least two images of a class.'
    )
  }
  opts.onLog?.(
    `Training the ${kind} judge for "${dataset.name}" on ${split.train.length} images ` +
      `(${split.heldOut.length} held out); this happens once per dataset.`
  )
  const model =
    kind === 'classifier'
      ? buildClassifier(dataset.size, dataset.channels, numClasses, settings.seed)
      : buildAutoencoder(dataset.size, dataset.channels, settings.seed)
  let info: JudgeInfo
  try {
    const steps = await trainJudgeModel(
      model,
      kind,
      dataset,
      split.train,
      settings,
      opts.onProgress
    )
    info = await evaluate(model, kind, dataset, split, {
      id,
      steps,
      backend: opts.backend ?? tf.getBackend()
    })
    await saveJudge(dir, model, info, settings, split, opts.datasetCacheKey)
  } catch (err) {
    model.dispose()
    throw err
  }
  return make(info, model, true)
}

async function evaluate(
  model: tf.LayersModel,
  kind: ExtractorKind,
  dataset: ImageDataset,
  split: Split,
  meta: { id: string; steps: number; backend: string }
): Promise<JudgeInfo> {
  const numClasses = dataset.classNames.length
  const { heldOut } = split
  const out = await embed(model, kind, dataset.images, dataset.size, dataset.channels, heldOut)
  let accuracy: number | null = null
  let chance: number | null = null
  let perClassAccuracy: (number | null)[] = []
  let reconstructionR2: number | null = null
  let unreliableReason: string | undefined

  if (kind === 'classifier') {
    const right = new Array<number>(numClasses).fill(0)
    const total = new Array<number>(numClasses).fill(0)
    heldOut.forEach((i, k) => {
      const c = dataset.labels[i]!
      total[c]!++
      if (out.predicted![k] === c) right[c]!++
    })
    const n = heldOut.length
    accuracy = n > 0 ? right.reduce((a, b) => a + b, 0) / n : 0
    chance = n > 0 ? Math.max(1 / numClasses, Math.max(...total) / n) : 1 / numClasses
    perClassAccuracy = total.map((t, c) => (t > 0 ? right[c]! / t : null))
    // 1.5 × chance, but never above halfway from chance to perfect (a set where one class
    // holds 70% would otherwise need more than 100%).
    const needed = Math.min(1.5 * chance, chance + (1 - chance) / 2)
    if (n < MIN_HELD_OUT) {
      unreliableReason = `only ${n} held-out images to test it on (it needs ${MIN_HELD_OUT})`
    } else if (accuracy < needed) {
      unreliableReason =
        `its held-out accuracy ${pct(accuracy)} is barely better than chance (${pct(chance)}); ` +
        `it needs ${pct(needed)}`
    }
  } else {
    // R²: the reconstruction error against that of always answering the mean held-out image.
    const area = dataset.size * dataset.size * dataset.channels
    const mean = new Float64Array(area)
    for (const i of heldOut)
      for (let p = 0; p < area; p++) mean[p]! += dataset.images[i * area + p]! / 127.5 - 1
    for (let p = 0; p < area; p++) mean[p]! /= Math.max(1, heldOut.length)
    let baseline = 0
    for (const i of heldOut) {
      for (let p = 0; p < area; p++)
        baseline += (dataset.images[i * area + p]! / 127.5 - 1 - mean[p]!) ** 2
    }
    baseline /= Math.max(1, heldOut.length * area)
    const error = out.error!.reduce((a, b) => a + b, 0) / Math.max(1, heldOut.length)
    reconstructionR2 = baseline > 0 ? 1 - error / baseline : 0
    if (heldOut.length < MIN_HELD_OUT) {
      unreliableReason = `only ${heldOut.length} held-out images to test it on (it needs ${MIN_HELD_OUT})`
    } else if (reconstructionR2 < MIN_R2) {
      unreliableReason =
        `its held-out reconstructions explain ${pct(reconstructionR2)} of the pixel variance; ` +
        `it needs ${pct(MIN_R2)}`
    }
  }
  return {
    kind,
    id: meta.id,
    featureDim: FEATURE_DIM,
    datasetName: dataset.name,
    classNames: dataset.classNames,
    trainImages: split.train.length,
    heldOutImages: heldOut.length,
    accuracy,
    perClassAccuracy,
    chance,
    reconstructionR2,
    reliable: unreliableReason === undefined,
    ...(unreliableReason ? { unreliableReason } : {}),
    trainedAt: new Date().toISOString(),
    trainSteps: meta.steps,
    backend: meta.backend
  }
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`
}

/** model.json and weights.bin first, judge.json (with the weights' hash) last: its presence marks a whole judge. */
async function saveJudge(
  dir: string,
  model: tf.LayersModel,
  info: JudgeInfo,
  settings: JudgeSettings,
  split: Split,
  datasetCacheKey: string | undefined
): Promise<void> {
  await mkdir(dir, { recursive: true })
  const { modelJson, weights } = await layersArtifacts(model)
  await atomicWrite(join(dir, 'weights.bin'), weights)
  await atomicWrite(join(dir, 'model.json'), modelJson)
  const file: z.infer<typeof JudgeFileSchema> = {
    version: JUDGE_VERSION,
    info,
    settings: { ...settings },
    ...(datasetCacheKey ? { datasetCacheKey } : {}),
    heldOut: split.heldOut.length,
    weightsSha256: createHash('sha256').update(weights).digest('hex')
  }
  await atomicWrite(join(dir, JUDGE_JSON), JSON.stringify(file, null, 2) + '\n')
}

/** The saved judge's record, or undefined when it is missing, unreadable or its weights changed. */
async function readJudge(dir: string): Promise<z.infer<typeof JudgeFileSchema> | undefined> {
  try {
    const parsed = JudgeFileSchema.safeParse(
      JSON.parse(await readFile(join(dir, JUDGE_JSON), 'utf8'))
    )
    if (!parsed.success) return undefined
    const weights = await readFile(join(dir, 'weights.bin'))
    if (createHash('sha256').update(weights).digest('hex') !== parsed.data.weightsSha256)
      return undefined
    return parsed.data
  } catch {
    return undefined
  }
}
