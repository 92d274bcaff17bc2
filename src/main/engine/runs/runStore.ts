import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises'
import { isAbsolute, join, resolve } from 'node:path'
import type { CheckpointRef, CheckpointSummary, RunSummary } from '../../../shared/runs'
import { TrainConfigSchema, type TrainConfig } from '../../../shared/train'
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
  config?: { loss?: string; conditional?: boolean }
  dataset?: { name?: string; classNames?: string[]; size?: number; channels?: number }
  model?: { numClasses?: number; resolution?: number; channels?: number }
}

/** Every run under `runsDir` (folders with a config.json), newest first. */
export async function listRuns(runsDir: string): Promise<RunSummary[]> {
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
    let record: ConfigRecord
    try {
      record = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as ConfigRecord
    } catch {
      continue // not a run (or one whose config is unreadable: nothing to show)
    }
    const numClasses = record.model?.numClasses ?? 0
    runs.push({
      id,
      path: dir,
      createdAt: record.createdAt ?? (await stat(dir)).mtime.toISOString(),
      datasetName: record.dataset?.name ?? '',
      labels: numClasses > 0 ? (record.dataset?.classNames ?? []).slice(0, numClasses) : [],
      loss: record.config?.loss ?? '',
      resolution: record.model?.resolution ?? record.dataset?.size ?? 0,
      channels: record.model?.channels ?? record.dataset?.channels ?? 0,
      conditional: numClasses > 0,
      lastStep: await lastMetricStep(dir),
      checkpoints: (await completeCheckpointSteps(join(dir, 'checkpoints'))).length,
      thumbnail: await latestSample(dir)
    })
  }
  return runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt))
}

async function lastMetricStep(dir: string): Promise<number> {
  const text = await readFile(join(dir, 'metrics.jsonl'), 'utf8').catch(() => '')
  const lines = text.trim().split('\n').filter(Boolean)
  for (let i = lines.length - 1; i >= 0; i--) {
    try {
      const step = (JSON.parse(lines[i]!) as { step?: unknown }).step
      if (typeof step === 'number' && Number.isInteger(step) && step >= 0) return step
    } catch {
      // look further back
    }
  }
  return 0
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

/** The checkpoints in a run folder, oldest first (the CLI's `checkpoints list <runDir>`). */
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
    out.push(await summarize(join(dir, name), runId, step))
  }
  return out.sort((a, b) => a.step - b.step)
}

async function summarize(path: string, runId: string, step: number): Promise<CheckpointSummary> {
  let manifest: CheckpointManifest
  try {
    manifest = await readManifest(path)
  } catch (err) {
    return {
      runId,
      step,
      epoch: 0,
      time: '',
      dLoss: NaN,
      gLoss: NaN,
      backend: '',
      labels: [],
      noiseDim: 0,
      path,
      problem: err instanceof Error ? err.message : String(err)
    }
  }
  const problem = await checkFiles(path, manifest)
  let thumbnail: Uint8Array<ArrayBuffer> | undefined
  if (manifest.thumbnail) {
    const png = await readFile(join(path, manifest.thumbnail)).catch(() => undefined)
    thumbnail = png ? new Uint8Array(png) : undefined
  }
  return {
    runId,
    step: manifest.step,
    epoch: manifest.epoch,
    time: manifest.time,
    dLoss: manifest.dLoss,
    gLoss: manifest.gLoss,
    backend: manifest.backend,
    labels: manifest.labels,
    noiseDim: manifest.noiseDim,
    thumbnail,
    path,
    ...(problem ? { problem } : {})
  }
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
export async function exportGenerator(
  runsDir: string,
  ref: CheckpointRef,
  destDir: string
): Promise<{ path: string }> {
  return exportGeneratorFrom(await resolveCheckpoint(runsDir, ref), destDir)
}

/** exportGenerator from a checkpoint folder. */
export async function exportGeneratorFrom(
  checkpointDir: string,
  destDir: string
): Promise<{ path: string }> {
  const manifest = await readManifest(checkpointDir)
  const problem = await checkFiles(checkpointDir, manifest)
  if (problem) throw new Error(`The checkpoint at ${checkpointDir} will not load: ${problem}`)
  const dest = resolve(destDir)
  if (existsSync(join(dest, MODEL_JSON))) {
    throw new Error(`${dest} already holds a model.json; choose an empty folder.`)
  }
  await mkdir(dest, { recursive: true })
  const from = join(checkpointDir, GENERATOR_DIR)
  const modelJson = JSON.parse(await readFile(join(from, MODEL_JSON), 'utf8')) as {
    weightsManifest: { paths: string[] }[]
  }
  for (const group of modelJson.weightsManifest) {
    for (const p of group.paths) await atomicWrite(join(dest, p), await readFile(join(from, p)))
  }
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
  await atomicWrite(join(dest, 'gan-studio.json'), JSON.stringify(info, null, 2) + '\n')
  await atomicWrite(join(dest, MODEL_JSON), await readFile(join(from, MODEL_JSON)))
  return { path: dest }
}
