import { existsSync } from 'node:fs'
import { mkdir, open, readdir, readFile, rm, stat } from 'node:fs/promises'
import { isAbsolute, join, resolve } from 'node:path'
import {
  HISTORY_MAX_POINTS,
  type CheckpointRef,
  type CheckpointSummary,
  type MetricPoint,
  type RunHistory,
  type RunSummary
} from '../../../shared/runs'
import { SCORES_FILE, scoreHeadline } from '../../../shared/scores'
import { parseStoredConfig, type TrainConfig } from '../../../shared/train'
import { StudioError } from '../../../shared/rpc'
import { writeNewFile } from '../confine/writeNew'
import { atomicWrite } from '../fs/atomicWrite'
import type { CheckpointManifest } from './checkpointManifest'
import { hasGeneratorEma } from './checkpointLoad'
import { completeCheckpointSteps, removeCheckpoint } from './checkpointPrune'
import { checkpointProblem, openCheckpoint, readManifestCached } from './checkpointVerify'
import { parseMetrics } from './runFolder'
import {
  CHECKPOINT_FILES,
  CheckpointLayout,
  RunLayout,
  stepOfDirName,
  stepOfSampleName,
  stepsOf
} from './runLayout'
import { StatCache } from './statCache'
import { readScores } from '../score/readScores'

/**
 * Browsing the runs on disk (runs/<id>/…, see runLayout.ts): what the Checkpoints view
 * lists, deletes and exports. Reads only what each run wrote; a damaged run or checkpoint
 * lists with what is wrong rather than hiding the others.
 */

/** A run id is one folder name: no separators, no `..`, nothing hidden. */
export function checkRunId(runId: string): void {
  if (
    runId.length === 0 ||
    runId.includes('/') ||
    runId.includes('\\') ||
    runId.includes('..') ||
    runId.startsWith('.') ||
    runId.includes('\0') ||
    isAbsolute(runId)
  ) {
    throw new StudioError(
      `"${runId}" is not a run id (a run id is one folder name, without / \\ or ..).`,
      'bad-run-id',
      { params: { runId } }
    )
  }
}

function runNotFound(runId: string, runsDir: string): StudioError {
  return new StudioError(`There is no run "${runId}" in ${runsDir}.`, 'run-not-found', {
    params: { runId, dir: runsDir }
  })
}

function notAStep(step: number): StudioError {
  return new StudioError(`${step} is not a step number.`, 'invalid-argument', {
    params: { field: 'step', reason: `${step} is not a step number` }
  })
}

export function runDirOf(runsDir: string, runId: string): string {
  checkRunId(runId)
  return join(runsDir, runId)
}

interface ConfigRecord {
  runId?: string
  createdAt?: string
  config?: { loss?: string; conditional?: boolean } & Record<string, unknown>
  dataset?: { name?: string; classNames?: string[]; size?: number; channels?: number }
  model?: { numClasses?: number; resolution?: number; channels?: number }
}

/**
 * Every run under `runsDir` (folders with a config.json or checkpoints), newest first. A run
 * whose config.json cannot be read lists with `problem` set, so its checkpoints still show.
 */
export async function listRuns(
  runsDir: string,
  isTraining: (runId: string) => boolean = () => false
): Promise<RunSummary[]> {
  let names: string[]
  try {
    names = await readdir(runsDir)
  } catch {
    return []
  }
  const runs: RunSummary[] = []
  for (const id of names) {
    if (id.startsWith('.')) continue
    const dir = join(runsDir, id)
    try {
      const run = await summarizeRun(dir, id, isTraining(id))
      if (run) runs.push(run)
    } catch {
      // Vanished while being listed: nothing to show.
    }
  }
  return runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt))
}

async function summarizeRun(
  dir: string,
  id: string,
  training: boolean
): Promise<RunSummary | undefined> {
  const layout = new RunLayout(dir)
  let record: ConfigRecord = {}
  let problem: string | undefined
  const configPath = layout.configPath
  if (existsSync(configPath)) {
    try {
      const parsed = JSON.parse(await readFile(configPath, 'utf8')) as unknown
      if (!parsed || typeof parsed !== 'object') throw new Error('it is not a JSON object')
      record = parsed as ConfigRecord
    } catch (err) {
      problem = `${configPath} cannot be read (${err instanceof Error ? err.message : String(err)})`
    }
  } else if (!existsSync(layout.checkpointsDir)) {
    return undefined // not a run
  } else {
    problem = `${configPath} is missing`
  }
  const numClasses = record.model?.numClasses ?? 0
  const tail = await lastMetric(layout)
  const lastStep = tail.step
  const c = record.config ?? {}
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined)
  const settings = Object.fromEntries(
    (['batchSize', 'lrG', 'lrD', 'dSteps', 'noiseDim', 'modelWidth', 'epochs', 'maxSteps'] as const)
      .map((k) => [k, num(c[k])] as const)
      .filter(([, v]) => v !== undefined)
  )
  return {
    id,
    path: dir,
    createdAt: record.createdAt ?? (await stat(dir)).mtime.toISOString(),
    datasetName: record.dataset?.name ?? '',
    labels: numClasses > 0 ? (record.dataset?.classNames ?? []).slice(0, numClasses) : [],
    loss: record.config?.loss ?? '',
    resolution: record.model?.resolution ?? record.dataset?.size ?? 0,
    channels: record.model?.channels ?? record.dataset?.channels ?? 0,
    conditional: numClasses > 0,
    lastStep,
    checkpoints: (await completeCheckpointSteps(layout.checkpointsDir)).length,
    thumbnail: await latestSample(layout),
    ...(problem ? { problem } : {}),
    name: (await readRunMeta(layout)).name ?? '',
    settings,
    totalSteps: tail.totalSteps,
    durationSeconds: tail.elapsedSeconds,
    status: training
      ? 'training'
      : tail.totalSteps > 0 && lastStep >= tail.totalSteps
        ? 'complete'
        : 'incomplete',
    ...(await bestScore(layout))
  }
}

/** What the studio keeps about a run beside what training wrote: its name. */
interface RunMeta {
  name?: string
}

async function readRunMeta(layout: RunLayout): Promise<RunMeta> {
  try {
    const parsed = JSON.parse(await readFile(layout.metaPath, 'utf8')) as unknown
    if (parsed && typeof parsed === 'object') {
      const name = (parsed as RunMeta).name
      return typeof name === 'string' ? { name } : {}
    }
  } catch {
    // No meta.json yet (or a damaged one): the run has no name.
  }
  return {}
}

/** Names a run: written to its meta.json, never to the files training writes. */
export async function renameRun(runsDir: string, runId: string, name: string): Promise<void> {
  const layout = new RunLayout(runDirOf(runsDir, runId))
  if (!existsSync(layout.configPath) && !existsSync(layout.checkpointsDir)) {
    throw runNotFound(runId, runsDir)
  }
  const meta = { ...(await readRunMeta(layout)), name: name.trim() }
  await atomicWrite(layout.metaPath, JSON.stringify(meta, null, 2) + '\n')
}

/** The lowest Fréchet distance among the run's scored checkpoints (scores.json), if any. */
async function bestScore(
  layout: RunLayout
): Promise<{ bestScore?: { step: number; frechet: number; reliable: boolean } }> {
  let best: { step: number; frechet: number; reliable: boolean } | undefined
  const names = await readdir(layout.checkpointsDir).catch(() => [] as string[])
  for (const step of stepsOf(names, stepOfDirName)) {
    try {
      const path = join(layout.checkpointDir(step), SCORES_FILE)
      const s = JSON.parse(await readFile(path, 'utf8')) as {
        frechet?: unknown
        reliable?: unknown
      }
      if (typeof s.frechet !== 'number' || !Number.isFinite(s.frechet)) continue
      if (!best || s.frechet < best.frechet) {
        best = { step, frechet: s.frechet, reliable: s.reliable !== false }
      }
    } catch {
      // Not scored (or scoring in progress): nothing to show.
    }
  }
  return best ? { bestScore: best } : {}
}

/**
 * A run's curves and sample steps. metrics.jsonl keeps every step; past HISTORY_MAX_POINTS
 * records, neighbours are averaged into buckets (each keeps its first step) so a long run
 * still answers in one small message.
 */
export async function readRunHistory(runsDir: string, runId: string): Promise<RunHistory> {
  const layout = new RunLayout(runDirOf(runsDir, runId))
  if (!existsSync(layout.dir)) throw runNotFound(runId, runsDir)
  let record: ConfigRecord = {}
  try {
    record = JSON.parse(await readFile(layout.configPath, 'utf8')) as ConfigRecord
  } catch {
    // Unreadable config: curves and samples still show.
  }
  const text = await readFile(layout.metricsPath, 'utf8').catch(() => '')
  const points: MetricPoint[] = []
  let totalSteps = 0
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : NaN)
  for (const r of parseMetrics(text).records) {
    const step = r.step
    if (typeof step !== 'number' || !Number.isInteger(step) || step < 0) continue
    if (typeof r.totalSteps === 'number') totalSteps = r.totalSteps
    points.push({
      step,
      dLoss: num(r.dLoss),
      gLoss: num(r.gLoss),
      dReal: num(r.dReal),
      dFake: num(r.dFake),
      elapsedSeconds: num(r.elapsedSeconds)
    })
  }
  const numClasses = record.model?.numClasses ?? 0
  return {
    runId,
    loss: record.config?.loss ?? '',
    labels: numClasses > 0 ? (record.dataset?.classNames ?? []).slice(0, numClasses) : [],
    totalSteps,
    records: points.length,
    // NaN does not survive JSON: a non-finite value becomes null on the wire, so keep it out.
    metrics: bucket(points, HISTORY_MAX_POINTS).filter((p) =>
      [p.dLoss, p.gLoss, p.dReal, p.dFake].every(Number.isFinite)
    ),
    sampleSteps: await sampleSteps(layout),
    ...(record.config ? { config: record.config } : {})
  }
}

function bucket(points: MetricPoint[], max: number): MetricPoint[] {
  if (points.length <= max) return points
  const size = Math.ceil(points.length / max)
  const out: MetricPoint[] = []
  for (let i = 0; i < points.length; i += size) {
    const group = points.slice(i, i + size)
    const mean = (k: keyof MetricPoint) => group.reduce((a, p) => a + p[k], 0) / group.length
    out.push({
      step: group[0]!.step,
      dLoss: mean('dLoss'),
      gLoss: mean('gLoss'),
      dReal: mean('dReal'),
      dFake: mean('dFake'),
      elapsedSeconds: group.at(-1)!.elapsedSeconds
    })
  }
  return out
}

async function sampleSteps(layout: RunLayout): Promise<number[]> {
  const names = await readdir(layout.samplesDir).catch(() => [] as string[])
  return stepsOf(names, stepOfSampleName)
}

/** The sample grid of a step, as PNG bytes. */
export async function readRunSample(
  runsDir: string,
  runId: string,
  step: number
): Promise<Uint8Array<ArrayBuffer>> {
  if (!Number.isInteger(step) || step < 0) throw notAStep(step)
  const layout = new RunLayout(runDirOf(runsDir, runId))
  try {
    return new Uint8Array(await readFile(layout.samplePath(step)))
  } catch {
    const steps = await sampleSteps(layout)
    throw new StudioError(
      `Run "${runId}" has no sample grid at step ${step}` +
        (steps.length ? ` (it has ${steps.length}, steps ${steps[0]} to ${steps.at(-1)}).` : '.'),
      'no-sample',
      { params: { runId, step } }
    )
  }
}

/** The last whole record in metrics.jsonl (step, total, time), reading only the file's tail. */
async function lastMetric(
  layout: RunLayout
): Promise<{ step: number; totalSteps: number; elapsedSeconds: number }> {
  const none = { step: 0, totalSteps: 0, elapsedSeconds: 0 }
  let file
  try {
    file = await open(layout.metricsPath, 'r')
  } catch {
    return none
  }
  try {
    const { size } = await file.stat()
    // Records are a few hundred bytes; 64 KiB holds hundreds of them.
    const length = Math.min(size, 64 * 1024)
    const buf = Buffer.alloc(length)
    await file.read(buf, 0, length, size - length)
    let text = buf.toString('utf8')
    // The tail's first line is most likely a part of one.
    if (length < size) text = text.slice(text.indexOf('\n') + 1)
    const { records } = parseMetrics(text)
    for (let i = records.length - 1; i >= 0; i--) {
      const r = records[i]!
      const step = r.step
      if (typeof step === 'number' && Number.isInteger(step) && step >= 0) {
        const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0)
        return {
          step,
          totalSteps: Math.floor(n(r.totalSteps)),
          elapsedSeconds: n(r.elapsedSeconds)
        }
      }
    }
    return none
  } finally {
    await file.close()
  }
}

async function latestSample(layout: RunLayout): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const latest = (await sampleSteps(layout)).at(-1)
  if (latest === undefined) return undefined
  const png = await readFile(layout.samplePath(latest)).catch(() => undefined)
  return png ? new Uint8Array(png) : undefined
}

/** The checkpoints of one run, oldest first; a damaged one lists with `problem` set. */
export async function listCheckpoints(
  runsDir: string,
  runId: string
): Promise<CheckpointSummary[]> {
  return listCheckpointsIn(runDirOf(runsDir, runId), runId)
}

/** The steps of a run's `step-<n>` folders, whole or damaged, ascending. */
async function checkpointSteps(layout: RunLayout): Promise<number[]> {
  return stepsOf(await readdir(layout.checkpointsDir).catch(() => [] as string[]), stepOfDirName)
}

/**
 * The checkpoints in a run folder, oldest first (the CLI's `checkpoints list <runDir>`): every
 * `step-<n>` folder, whole or damaged. A checkpoint that cannot be read lists as damaged with
 * why; it never hides the others.
 */
export async function listCheckpointsIn(
  runDir: string,
  runId = runDir.split(/[\\/]/).filter(Boolean).at(-1) ?? ''
): Promise<CheckpointSummary[]> {
  const layout = new RunLayout(runDir)
  const out: CheckpointSummary[] = []
  for (const step of await checkpointSteps(layout)) {
    const path = layout.checkpointDir(step)
    try {
      out.push(await summarizeCached(path, runId, step))
    } catch (err) {
      out.push(damaged(path, runId, step, `it cannot be read: ${messageOf(err)}`))
    }
  }
  return out
}

/** A checkpoint whose manifest cannot be read: every number it would record is unknown. */
function damaged(path: string, runId: string, step: number, problem: string): CheckpointSummary {
  const why = `not known: ${problem}`
  return {
    runId,
    step,
    state: 'damaged',
    epoch: null,
    time: '',
    dLoss: null,
    gLoss: null,
    backend: '',
    labels: [],
    noiseDim: null,
    nullReasons: { epoch: why, dLoss: why, gLoss: why, noiseDim: why },
    path,
    problem
  }
}

/**
 * A listing's entry is kept while the checkpoint's files stay the same (inode, size, mtime of
 * its manifest, every file it names, its scores): listing a run again costs a few stats.
 */
const summaries = new StatCache<CheckpointSummary>(512)

async function summarizeCached(
  path: string,
  runId: string,
  step: number
): Promise<CheckpointSummary> {
  const c = new CheckpointLayout(path)
  const named = await readManifestNames(c)
  const watched = [c.manifestPath, c.file(SCORES_FILE), ...named.map((n) => c.file(n))]
  return summaries.get(`${runId}\n${path}`, watched, () => summarize(path, runId, step))
}

/** The files a checkpoint's manifest names ([] when it has none or cannot be read). */
async function readManifestNames(c: CheckpointLayout): Promise<string[]> {
  try {
    const { files, thumbnail } = await readManifestCached(c.dir)
    return [...Object.keys(files), ...(thumbnail ? [thumbnail] : [])]
  } catch {
    return []
  }
}

async function summarize(path: string, runId: string, step: number): Promise<CheckpointSummary> {
  const { manifest, problem } = await checkpointProblem(path, step)
  if (!manifest) return damaged(path, runId, step, problem!)
  let thumbnail: Uint8Array<ArrayBuffer> | undefined
  if (manifest.thumbnail) {
    const png = await readFile(join(path, manifest.thumbnail)).catch(() => undefined)
    thumbnail = png ? new Uint8Array(png) : undefined
  }
  const nullReasons: Record<string, string> = {}
  const finite = (key: 'dLoss' | 'gLoss', value: number | null): number | null => {
    if (value !== null && Number.isFinite(value)) return value
    nullReasons[key] = 'not a finite number at this step (NaN or infinite)'
    return null
  }
  return {
    runId,
    step,
    state: problem ? 'damaged' : 'whole',
    epoch: manifest.epoch,
    time: manifest.time,
    dLoss: finite('dLoss', manifest.dLoss),
    gLoss: finite('gLoss', manifest.gLoss),
    backend: manifest.backend,
    labels: manifest.labels,
    noiseDim: manifest.noiseDim,
    ...(Object.keys(nullReasons).length > 0 ? { nullReasons } : {}),
    thumbnail,
    path,
    ...(problem ? { problem } : {}),
    ...(await scoresOf(path, manifest))
  }
}

/** The headline of a checkpoint's scores.json; none when unscored, unreadable, or of an earlier save of this step. */
async function scoresOf(
  dir: string,
  manifest: CheckpointManifest
): Promise<{ scores?: CheckpointSummary['scores'] }> {
  const scores = await readScores(dir)
  return scores && scores.checkpointTime === manifest.time ? { scores: scoreHeadline(scores) } : {}
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/**
 * The folder of a checkpoint: the given step, or the run's latest loadable one. Throws
 * with what is wrong when there is none, or the step's will not load. Only the chosen
 * checkpoint is verified (and, for the latest, any newer damaged ones it passes over).
 */
export async function resolveCheckpoint(runsDir: string, ref: CheckpointRef): Promise<string> {
  const layout = new RunLayout(runDirOf(runsDir, ref.runId))
  if (!existsSync(layout.dir)) throw runNotFound(ref.runId, runsDir)
  const steps = await checkpointSteps(layout)
  if (ref.step !== undefined) {
    if (!steps.includes(ref.step)) {
      throw new StudioError(
        `Run "${ref.runId}" has no checkpoint at step ${ref.step} (it has: ${steps.join(', ') || 'none'}).`,
        'checkpoint-not-found',
        { params: { runId: ref.runId, step: ref.step, steps: steps.join(', ') || '—' } }
      )
    }
    const dir = layout.checkpointDir(ref.step)
    const { problem } = await checkpointProblem(dir, ref.step)
    if (problem) {
      throw new StudioError(
        `The checkpoint at step ${ref.step} will not load: ${problem}`,
        'checkpoint-corrupt',
        { params: { path: dir, problem } }
      )
    }
    return dir
  }
  for (const step of steps.reverse()) {
    const dir = layout.checkpointDir(step)
    if (!(await checkpointProblem(dir, step)).problem) return dir
  }
  throw new StudioError(
    `Run "${ref.runId}" has no checkpoint that loads.`,
    'no-loadable-checkpoint',
    {
      params: { runId: ref.runId }
    }
  )
}

/**
 * The configs (with their dataset paths) a resume of `ref` may train with, from manifests read
 * without hashing, so where those paths lead can be checked before the resume starts: the
 * given step's, or, for the latest, every readable checkpoint's (the one chosen is among them).
 */
export async function storedResumeConfigs(
  runsDir: string,
  ref: CheckpointRef
): Promise<Record<string, unknown>[]> {
  const layout = new RunLayout(runDirOf(runsDir, ref.runId))
  const steps = ref.step !== undefined ? [ref.step] : await checkpointSteps(layout)
  const configs: Record<string, unknown>[] = []
  for (const step of steps) {
    const manifest = await readManifestCached(layout.checkpointDir(step)).catch(() => undefined)
    if (manifest) configs.push(manifest.config)
  }
  return configs
}

/**
 * What `resumeRun` needs: the checkpoint folder (the given step, or the latest loadable),
 * the run folder to continue in, and the config the run trained with. The caller opens
 * `config.dataset` and starts a Trainer with `{ config, runId, runDir, resumeFrom }`.
 */
export async function prepareResume(
  runsDir: string,
  ref: CheckpointRef
): Promise<{
  runId: string
  runDir: string
  checkpointDir: string
  config: TrainConfig
  manifest: CheckpointManifest
}> {
  const checkpointDir = await resolveCheckpoint(runsDir, ref)
  const manifest = await openCheckpoint(checkpointDir)
  const parsed = parseStoredConfig(manifest.config)
  if (!parsed.success) {
    throw new StudioError(
      `The checkpoint at ${checkpointDir} records a config this version cannot use: ${parsed.error.message}`,
      'checkpoint-config-unusable',
      { params: { path: checkpointDir, reason: parsed.error.message } }
    )
  }
  return {
    runId: ref.runId,
    runDir: runDirOf(runsDir, ref.runId),
    checkpointDir,
    config: parsed.data,
    manifest
  }
}

export async function deleteCheckpoint(
  runsDir: string,
  runId: string,
  step: number
): Promise<void> {
  if (!Number.isInteger(step) || step < 0) throw notAStep(step)
  const dir = new RunLayout(runDirOf(runsDir, runId)).checkpointDir(step)
  if (!existsSync(dir)) {
    throw new StudioError(
      `Run "${runId}" has no checkpoint at step ${step}.`,
      'checkpoint-not-found',
      {
        params: { runId, step, steps: '' }
      }
    )
  }
  await removeCheckpoint(dir)
}

export async function deleteRun(runsDir: string, runId: string): Promise<void> {
  const layout = new RunLayout(runDirOf(runsDir, runId))
  if (!existsSync(layout.configPath)) {
    throw runNotFound(runId, runsDir)
  }
  await rm(layout.dir, { recursive: true, force: true })
}

/** What `gan-studio.json` says about an exported generator. */
export interface ExportedGeneratorInfo {
  format: 'gan-studio-generator'
  version: 1
  model: 'model.json'
  labels: string[]
  noiseDim: number
  resolution: number
  channels: number
  outputRange: [-1, 1]
  inputs: { name: string; shape: (number | null)[]; description: string }[]
  output: { shape: (number | null)[]; description: string }
  usage: string
  source: { runId: string; step: number; epoch: number; time: string; backend: string }
}

/**
 * Writes the generator of a checkpoint as a folder that plain `tf.loadLayersModel`
 * ('file://…/model.json' with tfjs-node, or over http in a browser) loads, with a
 * `gan-studio.json` saying how to call it.
 */
/** The manifest an export writes beside model.json. */
const EXPORT_INFO = 'gan-studio.json'
const MODEL_JSON = CHECKPOINT_FILES.modelJson

export async function exportGenerator(
  runsDir: string,
  ref: CheckpointRef,
  destDir: string,
  opts: { overwrite?: boolean } = {}
): Promise<{ path: string }> {
  return exportGeneratorFrom(await resolveCheckpoint(runsDir, ref), destDir, opts)
}

/**
 * exportGenerator from a checkpoint folder. Without `overwrite` it never replaces a file:
 * a folder holding any of the files it would write is refused before anything is written.
 */
export async function exportGeneratorFrom(
  checkpointDir: string,
  destDir: string,
  opts: { overwrite?: boolean } = {}
): Promise<{ path: string }> {
  const manifest = await openCheckpoint(checkpointDir)
  const dest = resolve(destDir)
  // The generator Generate samples from: the EMA one when the run kept one.
  const from = new CheckpointLayout(checkpointDir).modelDir(
    hasGeneratorEma(manifest) ? 'generatorEma' : 'generator'
  )
  const modelJson = JSON.parse(await readFile(join(from, MODEL_JSON), 'utf8')) as {
    weightsManifest: { paths: string[] }[]
  }
  const weights = modelJson.weightsManifest.flatMap((group) => group.paths)
  const taken = [...weights, EXPORT_INFO, MODEL_JSON].filter((name) => existsSync(join(dest, name)))
  if (taken.length && !opts.overwrite) {
    throw new StudioError(
      `${dest} already holds ${taken.join(', ')}; choose an empty folder ` +
        '(or export with the overwrite option to replace them).',
      'file-exists',
      { params: { path: dest, files: taken.join(', ') } }
    )
  }
  const write = opts.overwrite ? atomicWrite : writeNewFile
  await mkdir(dest, { recursive: true })
  for (const p of weights) await write(join(dest, p), await readFile(join(from, p)))
  const conditional = manifest.numClasses > 0
  const info: ExportedGeneratorInfo = {
    format: 'gan-studio-generator',
    version: 1,
    model: 'model.json',
    labels: manifest.labels,
    noiseDim: manifest.noiseDim,
    resolution: manifest.resolution,
    channels: manifest.channels,
    outputRange: [-1, 1],
    inputs: [
      {
        name: 'z',
        shape: [null, manifest.noiseDim],
        description: 'float32 noise, each component drawn from N(0, 1)'
      },
      ...(conditional
        ? [
            {
              name: 'label',
              shape: [null, manifest.numClasses],
              description: `float32 one-hot class, index into labels (${manifest.labels.join(', ')})`
            }
          ]
        : [])
    ],
    output: {
      shape: [null, manifest.resolution, manifest.resolution, manifest.channels],
      description: 'float32 NHWC images in [-1, 1]: pixel = (value + 1) * 127.5'
    },
    usage: conditional
      ? "const g = await tf.loadLayersModel('file://…/model.json'); " +
        `const images = g.predict([tf.randomNormal([n, ${manifest.noiseDim}]), tf.oneHot(tf.tensor1d(classIndices, 'int32'), ${manifest.numClasses}).toFloat()])`
      : "const g = await tf.loadLayersModel('file://…/model.json'); " +
        `const images = g.predict(tf.randomNormal([n, ${manifest.noiseDim}]))`,
    source: {
      runId: manifest.runId,
      step: manifest.step,
      epoch: manifest.epoch,
      time: manifest.time,
      backend: manifest.backend
    }
  }
  // model.json last: the folder is a loadable model only once its weights are there.
  await write(join(dest, EXPORT_INFO), JSON.stringify(info, null, 2) + '\n')
  await write(join(dest, MODEL_JSON), await readFile(join(from, MODEL_JSON)))
  return { path: dest }
}
