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
import { SCORES_FILE, scoreHeadline, type CheckpointScores } from '../../../shared/scores'
import { TrainConfigSchema, type TrainConfig } from '../../../shared/train'
import { StudioError } from '../../../shared/rpc'
import { writeNewFile } from '../confine/writeNew'
import { atomicWrite } from '../fs/atomicWrite'
import {
  checkFiles,
  checkpointDirName,
  completeCheckpointSteps,
  GENERATOR_DIR,
  MANIFEST,
  MODEL_JSON,
  readManifest,
  stepOfDirName,
  type CheckpointManifest
} from './checkpoint'
import { parseMetrics } from './runFolder'
import { readScores } from '../score/readScores'

/**
 * Browsing the runs on disk (runs/<id>/…, see runFolder.ts and checkpoint.ts): what the
 * Checkpoints view lists, deletes and exports. Reads only what each run wrote; a damaged
 * run or checkpoint lists with what is wrong rather than hiding the others.
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
    throw new Error(`"${runId}" is not a run id (a run id is one folder name, without / \\ or ..).`)
  }
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
  let record: ConfigRecord = {}
  let problem: string | undefined
  const configPath = join(dir, 'config.json')
  if (existsSync(configPath)) {
    try {
      const parsed = JSON.parse(await readFile(configPath, 'utf8')) as unknown
      if (!parsed || typeof parsed !== 'object') throw new Error('it is not a JSON object')
      record = parsed as ConfigRecord
    } catch (err) {
      problem = `${configPath} cannot be read (${err instanceof Error ? err.message : String(err)})`
    }
  } else if (!existsSync(join(dir, 'checkpoints'))) {
    return undefined // not a run
  } else {
    problem = `${configPath} is missing`
  }
  const numClasses = record.model?.numClasses ?? 0
  const tail = await lastMetric(dir)
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
    checkpoints: (await completeCheckpointSteps(join(dir, 'checkpoints'))).length,
    thumbnail: await latestSample(dir),
    ...(problem ? { problem } : {}),
    name: (await readRunMeta(dir)).name ?? '',
    settings,
    totalSteps: tail.totalSteps,
    durationSeconds: tail.elapsedSeconds,
    status: training
      ? 'training'
      : tail.totalSteps > 0 && lastStep >= tail.totalSteps
        ? 'complete'
        : 'incomplete',
    ...(await bestScore(dir))
  }
}

/** What the studio keeps about a run beside what training wrote: its name. */
interface RunMeta {
  name?: string
}
const META = 'meta.json'

async function readRunMeta(dir: string): Promise<RunMeta> {
  try {
    const parsed = JSON.parse(await readFile(join(dir, META), 'utf8')) as unknown
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
  const dir = runDirOf(runsDir, runId)
  if (!existsSync(join(dir, 'config.json')) && !existsSync(join(dir, 'checkpoints'))) {
    throw new Error(`There is no run "${runId}" in ${runsDir}.`)
  }
  const meta = { ...(await readRunMeta(dir)), name: name.trim() }
  await atomicWrite(join(dir, META), JSON.stringify(meta, null, 2) + '\n')
}

/** The lowest Fréchet distance among the run's scored checkpoints (scores.json), if any. */
async function bestScore(
  dir: string
): Promise<{ bestScore?: { step: number; frechet: number; reliable: boolean } }> {
  let best: { step: number; frechet: number; reliable: boolean } | undefined
  const names = await readdir(join(dir, 'checkpoints')).catch(() => [] as string[])
  for (const name of names) {
    const step = stepOfDirName(name)
    if (step === undefined) continue
    try {
      const s = JSON.parse(await readFile(join(dir, 'checkpoints', name, SCORES_FILE), 'utf8')) as {
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
  const dir = runDirOf(runsDir, runId)
  if (!existsSync(dir)) throw new Error(`There is no run "${runId}" in ${runsDir}.`)
  let record: ConfigRecord = {}
  try {
    record = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as ConfigRecord
  } catch {
    // Unreadable config: curves and samples still show.
  }
  const text = await readFile(join(dir, 'metrics.jsonl'), 'utf8').catch(() => '')
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
    sampleSteps: await sampleSteps(dir),
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

async function sampleSteps(dir: string): Promise<number[]> {
  const names = await readdir(join(dir, 'samples')).catch(() => [] as string[])
  return names
    .map((n) => /^step-(\d+)\.png$/.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b)
}

/** The sample grid of a step, as PNG bytes. */
export async function readRunSample(
  runsDir: string,
  runId: string,
  step: number
): Promise<Uint8Array<ArrayBuffer>> {
  if (!Number.isInteger(step) || step < 0) throw new Error(`${step} is not a step number.`)
  const path = join(runDirOf(runsDir, runId), 'samples', `step-${step}.png`)
  try {
    return new Uint8Array(await readFile(path))
  } catch {
    const steps = await sampleSteps(runDirOf(runsDir, runId))
    throw new Error(
      `Run "${runId}" has no sample grid at step ${step}` +
        (steps.length ? ` (it has ${steps.length}, steps ${steps[0]} to ${steps.at(-1)}).` : '.')
    )
  }
}

/** The last whole record in metrics.jsonl (step, total, time), reading only the file's tail. */
async function lastMetric(
  dir: string
): Promise<{ step: number; totalSteps: number; elapsedSeconds: number }> {
  const none = { step: 0, totalSteps: 0, elapsedSeconds: 0 }
  let file
  try {
    file = await open(join(dir, 'metrics.jsonl'), 'r')
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

async function latestSample(dir: string): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const names = await readdir(join(dir, 'samples')).catch(() => [] as string[])
  const steps = names
    .map((n) => /^step-(\d+)\.png$/.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => b - a)
  if (steps.length === 0) return undefined
  const png = await readFile(join(dir, 'samples', `step-${steps[0]}.png`)).catch(() => undefined)
  return png ? new Uint8Array(png) : undefined
}

/** The checkpoints of one run, oldest first; a damaged one lists with `problem` set. */
export async function listCheckpoints(
  runsDir: string,
  runId: string
): Promise<CheckpointSummary[]> {
  return listCheckpointsIn(runDirOf(runsDir, runId), runId)
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
  const dir = join(runDir, 'checkpoints')
  const names = await readdir(dir).catch(() => [] as string[])
  const out: CheckpointSummary[] = []
  for (const name of names) {
    const step = stepOfDirName(name)
    if (step === undefined) continue
    const path = join(dir, name)
    try {
      out.push(await summarize(path, runId, step))
    } catch (err) {
      out.push(damaged(path, runId, step, `it cannot be read: ${messageOf(err)}`))
    }
  }
  return out.sort((a, b) => a.step - b.step)
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

async function summarize(path: string, runId: string, step: number): Promise<CheckpointSummary> {
  let manifest: CheckpointManifest
  try {
    manifest = await readManifestCached(path)
  } catch (err) {
    return damaged(path, runId, step, messageOf(err))
  }
  const problems: string[] = []
  if (manifest.step !== step) {
    problems.push(`its manifest is of step ${manifest.step}, not ${step} (a renamed folder?)`)
  }
  const files = await checkFilesCached(path, manifest)
  if (files) problems.push(files)
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
  const problem = problems.length > 0 ? problems.join('; ') : undefined
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
  const scores = await readScoresCached(dir)
  return scores && scores.checkpointTime === manifest.time ? { scores: scoreHeadline(scores) } : {}
}

/**
 * Listing hashes every file of every checkpoint; a checkpoint never changes once written, so
 * the answer is kept while each file's size and mtime stay the same.
 */
const checked = new Map<string, { key: string; problem: string | undefined }>()
const manifests = new Map<string, { key: string; manifest: CheckpointManifest }>()

const scoresRead = new Map<string, { key: string; scores: CheckpointScores | undefined }>()

/** scores.json, kept while its size and mtime stay the same (scoring again replaces the file). */
async function readScoresCached(dir: string): Promise<CheckpointScores | undefined> {
  const key = await statKey([join(dir, SCORES_FILE)])
  if (!key) return undefined
  const hit = scoresRead.get(dir)
  if (hit?.key === key) return hit.scores
  const scores = await readScores(dir)
  scoresRead.set(dir, { key, scores })
  return scores
}

async function readManifestCached(dir: string): Promise<CheckpointManifest> {
  const key = await statKey([join(dir, MANIFEST)])
  const hit = manifests.get(dir)
  if (key && hit?.key === key) return hit.manifest
  const manifest = await readManifest(dir)
  if (key) manifests.set(dir, { key, manifest })
  return manifest
}

async function checkFilesCached(
  dir: string,
  manifest: CheckpointManifest
): Promise<string | undefined> {
  const names = [MANIFEST, ...Object.keys(manifest.files)]
  const key = await statKey(names.map((n) => join(dir, n)))
  const hit = checked.get(dir)
  if (key && hit?.key === key) return hit.problem
  const problem = await checkFiles(dir, manifest)
  if (key) checked.set(dir, { key, problem })
  return problem
}

/** Size, mtime and inode of each file, or undefined when one is missing (never cached). */
async function statKey(paths: string[]): Promise<string | undefined> {
  const parts: string[] = []
  for (const p of paths) {
    try {
      const s = await stat(p)
      parts.push(`${s.ino}:${s.size}:${s.mtimeMs}`)
    } catch {
      return undefined
    }
  }
  return parts.join('|')
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/**
 * The folder of a checkpoint: the given step, or the run's latest loadable one. Throws
 * with what is wrong when there is none, or the step's will not load.
 */
export async function resolveCheckpoint(runsDir: string, ref: CheckpointRef): Promise<string> {
  const runDir = runDirOf(runsDir, ref.runId)
  if (!existsSync(runDir)) throw new Error(`There is no run "${ref.runId}" in ${runsDir}.`)
  const all = await listCheckpointsIn(runDir, ref.runId)
  if (ref.step !== undefined) {
    const found = all.find((c) => c.step === ref.step)
    if (!found) {
      const steps = all.map((c) => c.step).join(', ') || 'none'
      throw new Error(
        `Run "${ref.runId}" has no checkpoint at step ${ref.step} (it has: ${steps}).`
      )
    }
    if (found.problem)
      throw new Error(`The checkpoint at step ${ref.step} will not load: ${found.problem}`)
    return found.path
  }
  const loadable = all.filter((c) => !c.problem)
  const latest = loadable.at(-1)
  if (!latest) throw new Error(`Run "${ref.runId}" has no checkpoint that loads.`)
  return latest.path
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
  const manifest = await readManifest(checkpointDir)
  const parsed = TrainConfigSchema.safeParse(manifest.config)
  if (!parsed.success) {
    throw new Error(
      `The checkpoint at ${checkpointDir} records a config this version cannot use: ${parsed.error.message}`
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
  if (!Number.isInteger(step) || step < 0) throw new Error(`${step} is not a step number.`)
  const dir = join(runDirOf(runsDir, runId), 'checkpoints', checkpointDirName(step))
  if (!existsSync(dir)) throw new Error(`Run "${runId}" has no checkpoint at step ${step}.`)
  // The manifest goes first: a half-deleted checkpoint then no longer counts as whole.
  await rm(join(dir, MANIFEST), { force: true })
  await rm(dir, { recursive: true, force: true })
}

export async function deleteRun(runsDir: string, runId: string): Promise<void> {
  const dir = runDirOf(runsDir, runId)
  if (!existsSync(join(dir, 'config.json'))) {
    throw new Error(`There is no run "${runId}" in ${runsDir}.`)
  }
  await rm(dir, { recursive: true, force: true })
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
  const manifest = await readManifest(checkpointDir)
  const problem = await checkFiles(checkpointDir, manifest)
  if (problem) throw new Error(`The checkpoint at ${checkpointDir} will not load: ${problem}`)
  const dest = resolve(destDir)
  const from = join(checkpointDir, GENERATOR_DIR)
  const modelJson = JSON.parse(await readFile(join(from, MODEL_JSON), 'utf8')) as {
    weightsManifest: { paths: string[] }[]
  }
  const weights = modelJson.weightsManifest.flatMap((group) => group.paths)
  const taken = [...weights, EXPORT_INFO, MODEL_JSON].filter((name) => existsSync(join(dest, name)))
  if (taken.length && !opts.overwrite) {
    throw new StudioError(
      `${dest} already holds ${taken.join(', ')}; choose an empty folder ` +
        '(or export with the overwrite option to replace them).',
      'file-exists'
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
