// Scoring checkpoints: open the dataset the run trained on, load (or train) its judge, generate
// `count` images per class from each checkpoint with a fixed seed, score them, and write
// `scores.json` into the checkpoint folder (atomically; it is not one of the manifest's files,
// so a checkpoint with scores still checks whole).
import { existsSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import {
  CheckpointScoresSchema,
  SCORES_FILE,
  SCORES_VERSION,
  type CheckpointScores
} from '../../../shared/scores'
import { parseStoredConfig } from '../../../shared/train'
import { openDataset } from '../data/index'
import type { ImageDataset } from '../data/imageDataset'
import { atomicWrite } from '../fs/atomicWrite'
import { loadGenerator, sampleNoise, samplePixels } from '../generate/generate'
import { listCheckpointsIn } from '../runs/runStore'
import { MANIFEST, readManifest, type CheckpointManifest } from '../runs/checkpoint'
import { loadSamplingGenerator } from '../runs/checkpointLoad'
import { readManifestCached } from '../runs/checkpointVerify'
import { RunLayout } from '../runs/runLayout'
import type { JudgeSettings, TrainProgress } from './judge'
import { loadOrTrainJudge, type Judge } from './judgeStore'
import { readScores } from './readScores'
import { realReference, scoreGenerated, type GeneratedSet, type RealReference } from './scoreImages'

export const DEFAULT_SCORE_COUNT = 100
export const DEFAULT_SCORE_SEED = 0

/** Everything scoring needs that is shared by all checkpoints of one dataset. */
export interface ScoringContext {
  dataset: ImageDataset
  judge: Judge
  reference: RealReference
  dispose(): void
}

export interface PrepareOptions {
  /** The data folder's cache (`<data>/cache`), where the judge is kept. */
  cacheDir: string
  judgeSettings?: Partial<JudgeSettings>
  onLog?: (line: string) => void
  onProgress?: (p: TrainProgress) => void
}

/** The cache folder of the data folder a checkpoint's run lives in (`<data>/runs/<id>/checkpoints/step-<n>` → `<data>/cache`). */
export function defaultCacheDirFor(checkpointDir: string): string {
  return join(dirname(dirname(dirname(dirname(resolve(checkpointDir))))), 'cache')
}

/** Opens the run's dataset (as it trained) and loads or trains its judge. */
export async function prepareScoring(
  manifest: CheckpointManifest,
  opts: PrepareOptions
): Promise<ScoringContext> {
  const config = parseStoredConfig(manifest.config)
  if (!config.success) {
    throw new Error(
      `The checkpoint's manifest does not say which dataset it trained on (${config.error.message}); it cannot be scored.`
    )
  }
  const { dataset, summary } = await openDataset(config.data.dataset, {
    ...config.data.datasetOptions,
    cacheDir: opts.cacheDir
  })
  checkSameData(manifest, dataset)
  const judge = await loadOrTrainJudge(dataset, {
    cacheDir: opts.cacheDir,
    settings: opts.judgeSettings,
    datasetCacheKey: summary.cacheKey,
    onLog: opts.onLog,
    onProgress: opts.onProgress
  })
  try {
    return withReference(dataset, judge, await realReference(judge, dataset))
  } catch (err) {
    judge.dispose()
    throw err
  }
}

/** A context from a dataset and judge already at hand (the tests, the trainer). */
export async function scoringContext(dataset: ImageDataset, judge: Judge): Promise<ScoringContext> {
  return withReference(dataset, judge, await realReference(judge, dataset))
}

function withReference(
  dataset: ImageDataset,
  judge: Judge,
  reference: RealReference
): ScoringContext {
  return { dataset, judge, reference, dispose: () => judge.dispose() }
}

function checkSameData(manifest: CheckpointManifest, dataset: ImageDataset): void {
  const problems: string[] = []
  if (dataset.size !== manifest.resolution || dataset.channels !== manifest.channels) {
    problems.push(
      `its images are ${dataset.size}×${dataset.size}×${dataset.channels}, the model's ` +
        `${manifest.resolution}×${manifest.resolution}×${manifest.channels}`
    )
  }
  if (JSON.stringify(dataset.classNames) !== JSON.stringify(manifest.dataset.classNames)) {
    problems.push(
      `its classes are [${dataset.classNames.join(', ')}], the run's were [${manifest.dataset.classNames.join(', ')}]`
    )
  }
  if (problems.length > 0) {
    throw new Error(
      `The dataset "${dataset.name}" is not what run ${manifest.runId} trained on: ${problems.join('; ')}. ` +
        'Scores compare a run with the data it learned; restore that dataset to score it.'
    )
  }
}

/** Images per chunk through G. */
const CHUNK = 64

/**
 * `count` images of each class from a checkpoint's generator (an unconditional one: `count`
 * × the number of classes), as uint8 pixels, from noise seeded by `seed`: each image has its
 * own noise vector, so class c's images are not class 0's with another label.
 */
export async function generateForScoring(
  checkpointDir: string,
  count: number,
  seed: number,
  numDataClasses: number,
  opts: { ignoreEma?: boolean } = {}
): Promise<GeneratedSet> {
  // G itself, past its EMA, is loaded for this once (the cache holds what users sample from).
  const own = opts.ignoreEma
    ? { path: checkpointDir, ...(await loadSamplingGenerator(checkpointDir, opts)) }
    : undefined
  const g = own ?? (await loadGenerator(checkpointDir))
  try {
    const { noiseDim, numClasses } = g.manifest
    const total = count * Math.max(1, numClasses > 0 ? numClasses : numDataClasses)
    const z = sampleNoise(noiseDim, total, seed)
    const asked =
      numClasses > 0 ? Int32Array.from({ length: total }, (_, i) => Math.floor(i / count)) : null
    // The same rounding a saved PNG gets: the judge sees what a user would.
    const images = await samplePixels(g, z, asked, CHUNK)
    return { images, asked }
  } finally {
    own?.model.dispose()
  }
}

export interface ScoreOptions {
  count?: number
  seed?: number
  /** Score again even when scores.json already holds this judge's scores for this seed and count. */
  rescore?: boolean
}

/**
 * The scores of a checkpoint's samples (what scores.json holds beside its header), written
 * nowhere: from the generator users sample, or with `ignoreEma` from G itself.
 */
export async function scoreSamples(
  checkpointDir: string,
  ctx: ScoringContext,
  opts: { count?: number; seed?: number; ignoreEma?: boolean } = {}
): Promise<Awaited<ReturnType<typeof scoreGenerated>>> {
  // Cached: the generator's load below reads the same manifest.
  checkSameData(await readManifestCached(resolve(checkpointDir)), ctx.dataset)
  const generated = await generateForScoring(
    checkpointDir,
    opts.count ?? DEFAULT_SCORE_COUNT,
    opts.seed ?? DEFAULT_SCORE_SEED,
    ctx.dataset.classNames.length,
    { ignoreEma: opts.ignoreEma }
  )
  return scoreGenerated(ctx.judge, ctx.reference, ctx.dataset, generated)
}

/** Scores one checkpoint and writes its scores.json; returns the saved scores when they are current. */
export async function scoreCheckpoint(
  checkpointDir: string,
  ctx: ScoringContext,
  opts: ScoreOptions = {}
): Promise<CheckpointScores> {
  const dir = resolve(checkpointDir)
  const count = opts.count ?? DEFAULT_SCORE_COUNT
  const seed = opts.seed ?? DEFAULT_SCORE_SEED
  const manifest = await readManifest(dir)
  if (!opts.rescore) {
    const saved = await readScores(dir)
    if (
      saved &&
      saved.judge.id === ctx.judge.info.id &&
      saved.seed === seed &&
      saved.count === count &&
      saved.checkpointTime === manifest.time
    ) {
      return saved
    }
  }
  const body = await scoreSamples(dir, ctx, { count, seed })
  const scores: CheckpointScores = CheckpointScoresSchema.parse({
    version: SCORES_VERSION,
    runId: manifest.runId,
    step: manifest.step,
    checkpointTime: manifest.time,
    scoredAt: new Date().toISOString(),
    seed,
    count,
    ...body
  })
  await atomicWrite(join(dir, SCORES_FILE), JSON.stringify(scores, null, 2) + '\n')
  return scores
}

export { readScores }

/** What `score <checkpoint|run>` names: one checkpoint folder, or every whole checkpoint of a run. */
export async function checkpointsToScore(
  path: string
): Promise<{ checkpoints: string[]; skipped: { path: string; problem: string }[] }> {
  const dir = resolve(path)
  if (existsSync(join(dir, MANIFEST))) return { checkpoints: [dir], skipped: [] }
  if (!existsSync(new RunLayout(dir).checkpointsDir)) {
    throw new Error(
      `${dir} is neither a checkpoint folder (with ${MANIFEST}) nor a run folder (with checkpoints/). ` +
        'Name runs/<id> or runs/<id>/checkpoints/step-<n>.'
    )
  }
  const all = await listCheckpointsIn(dir, basename(dir))
  const whole = all.filter((c) => !c.problem)
  if (whole.length === 0) throw new Error(`The run ${dir} has no checkpoint that loads.`)
  return {
    checkpoints: whole.map((c) => c.path),
    skipped: all.filter((c) => c.problem).map((c) => ({ path: c.path, problem: c.problem! }))
  }
}
