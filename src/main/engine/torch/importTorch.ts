import { existsSync } from 'node:fs'
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type * as tf from '@tensorflow/tfjs'
import { parseStoredConfig } from '../../../shared/train'
import { buildDiscriminatorFor, buildGeneratorFor } from '../models/build'
import type { DcganSpec } from '../models/dcgan'
import { fullSpec } from '../models/fullSpec'
import { checkpointDirName, saveCheckpoint, stepOfDirName } from '../runs/checkpoint'
import { parseMetrics } from '../runs/runFolder'
import { FixedNoiseGrid } from '../train/fixedNoiseGrid'
import { newRunId } from '../trainingSession'
import { EMA_PREFIX, refuseUnsupported } from './exportTorch'
import { TorchCheckpointInfoSchema, TorchJobSchema, type TorchJob } from './job'
import { discriminatorPlaces, generatorPlaces, loadTorchInto, type WeightPlace } from './layout'
import { adamFromTorch } from './optimizerState'
import { decodeSafetensors } from './safetensors'

export interface ImportTorchResult {
  runId: string
  runDir: string
  /** The checkpoint steps converted, ascending. */
  steps: number[]
}

/**
 * `import-torch`: a finished (or stopped) PyTorch job folder becomes a studio run under
 * `runsDir`: its config.json, metrics.jsonl and sample grids copied, and every checkpoint's
 * state.safetensors converted to the studio's checkpoint (TF.js layers models, Adam state,
 * manifest), so the run lists with its curves and `generate` and `train --resume` work on it.
 */
export async function importTorchJob(
  jobDir: string,
  runsDir: string,
  options: { onLog?: (message: string) => void } = {}
): Promise<ImportTorchResult> {
  const log = options.onLog ?? (() => undefined)
  const dir = resolve(jobDir)
  const job = await readJob(dir)
  const stored = parseStoredConfig(job.config)
  if (!stored.success) {
    throw new Error(`${dir}: job.json holds no valid training config: ${stored.error.message}`)
  }
  const config = stored.data
  refuseUnsupported(config)
  const spec: DcganSpec = { ...job.spec, architecture: config.model }
  const steps = await torchCheckpointSteps(join(dir, 'checkpoints'))
  if (steps.length === 0) {
    throw new Error(
      `${dir} has no checkpoints yet (checkpoints/step-<n>/state.safetensors): train it first (cd ${dir} && torchrun --nproc_per_node=2 train.py).`
    )
  }

  const base = newRunId(`${job.dataset.name} torch`)
  let runId = base
  for (let n = 2; existsSync(join(runsDir, runId)); n++) runId = `${base}-${n}`
  const runDir = join(runsDir, runId)
  await mkdir(join(runDir, 'samples'), { recursive: true })

  const classNames = job.classNames
  const labels = spec.numClasses > 0 ? classNames.slice(0, spec.numClasses) : []
  const grid = new FixedNoiseGrid(spec, classNames, spec.seed ?? 0)
  let backend = 'pytorch'
  try {
    for (const step of steps) {
      const from = join(dir, 'checkpoints', checkpointDirName(step))
      const info = TorchCheckpointInfoSchema.parse(
        JSON.parse(await readFile(join(from, 'torch.json'), 'utf8'))
      )
      backend = info.backend
      const what = join(from, 'state.safetensors')
      const { tensors } = decodeSafetensors(await readFile(what), what)
      const { beta1, beta2 } = config
      // A network's weights, then its Adam state, both under its prefix in the state file.
      const restore = (
        model: tf.LayersModel,
        places: WeightPlace[],
        prefix: string,
        lr: number
      ) => {
        loadTorchInto(model, places, tensors, prefix, what)
        return adamFromTorch(model, places, tensors, prefix, { lr, beta1, beta2 }, what)
      }
      const generator = buildGeneratorFor(spec)
      const discriminator = buildDiscriminatorFor(spec)
      const gPlaces = generatorPlaces(spec)
      const gOptimizer = await restore(generator, gPlaces, 'generator.', config.lrG)
      const dPlaces = discriminatorPlaces(spec)
      const dOptimizer = await restore(discriminator, dPlaces, 'discriminator.', config.lrD)
      // The EMA of G (config.ema); a job state without one starts it at G, as the studio does.
      const generatorEma = config.ema ? buildGeneratorFor(spec) : undefined
      if (generatorEma) {
        const hasEma = [...tensors.keys()].some((k) => k.startsWith(EMA_PREFIX))
        loadTorchInto(generatorEma, gPlaces, tensors, hasEma ? EMA_PREFIX : 'generator.', what)
      }
      try {
        const sample = join(dir, 'samples', `step-${step}.png`)
        const thumbnail = existsSync(sample)
          ? new Uint8Array(await readFile(sample))
          : (await grid.render(generatorEma ?? generator, step)).png
        await saveCheckpoint(join(runDir, 'checkpoints', checkpointDirName(step)), {
          generator,
          discriminator,
          generatorEma,
          gOptimizer,
          dOptimizer,
          thumbnail,
          manifest: {
            runId,
            step,
            epoch: info.epoch,
            time: info.time,
            dLoss: info.dLoss,
            gLoss: info.gLoss,
            backend: info.backend,
            labels,
            noiseDim: spec.noiseDim,
            resolution: spec.resolution,
            channels: spec.channels,
            numClasses: spec.numClasses,
            modelWidth: fullSpec(spec).width,
            config: config as unknown as Record<string, unknown>,
            dataset: { name: job.dataset.name, count: job.dataset.count, classNames },
            // A resumed studio run starts the epoch's order afresh: PyTorch's order is its own.
            stream: {
              version: 1,
              seed: config.seed,
              count: job.dataset.count,
              batchSize: config.batchSize,
              dropLast: true,
              epoch: Math.max(info.epoch - 1, 0),
              position: 0,
              globalStep: step * config.dSteps
            },
            rng: { seed: config.seed, step },
            ...(config.augment === 'adaptive' ? { augment: { p: info.augmentP ?? 0 } } : {})
          }
        })
      } finally {
        for (const d of [generator, discriminator, gOptimizer, dOptimizer]) d.dispose()
        generatorEma?.dispose()
      }
      log(`checkpoint: step ${step} converted`)
    }
  } finally {
    grid.dispose()
  }

  await writeRecords(dir, runDir, runId, job, backend)
  log(
    `run: ${runDir} (${steps.length} checkpoint${steps.length === 1 ? '' : 's'}, latest step ${steps.at(-1)})`
  )
  return { runId, runDir, steps }
}

async function readJob(dir: string): Promise<TorchJob> {
  const path = join(dir, 'job.json')
  let raw: unknown
  try {
    raw = JSON.parse(await readFile(path, 'utf8'))
  } catch (err) {
    throw new Error(
      `${dir} is not a PyTorch job folder from export-torch: ${path} cannot be read (${err instanceof Error ? err.message : String(err)}).`,
      { cause: err }
    )
  }
  const parsed = TorchJobSchema.safeParse(raw)
  if (!parsed.success)
    throw new Error(`${path} is not a job description export-torch wrote: ${parsed.error.message}`)
  return parsed.data
}

async function torchCheckpointSteps(checkpointsDir: string): Promise<number[]> {
  const names = await readdir(checkpointsDir).catch(() => [] as string[])
  return names
    .map((n) => ({ n, step: stepOfDirName(n) }))
    .filter((e): e is { n: string; step: number } => e.step !== undefined)
    .filter(
      (e) =>
        existsSync(join(checkpointsDir, e.n, 'state.safetensors')) &&
        existsSync(join(checkpointsDir, e.n, 'torch.json'))
    )
    .map((e) => e.step)
    .sort((a, b) => a - b)
}

/** config.json, metrics.jsonl (whole lines only) and the sample grids, and a name. */
async function writeRecords(
  dir: string,
  runDir: string,
  runId: string,
  job: TorchJob,
  backend: string
): Promise<void> {
  let record: Record<string, unknown> = {}
  try {
    record = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>
  } catch {
    // A job folder without config.json still imports: the job describes the run.
  }
  await writeFile(
    join(runDir, 'config.json'),
    JSON.stringify(
      {
        ...record,
        runId,
        createdAt: new Date().toISOString(),
        backend,
        config: job.config,
        dataset: {
          name: job.dataset.name,
          classNames: job.classNames,
          labeled: job.labeled,
          count: job.dataset.count,
          size: job.spec.resolution,
          channels: job.spec.channels
        },
        model: { ...(record.model as object | undefined), ...job.spec },
        torch: { importedFrom: dir, sourceRun: job.source.runId }
      },
      null,
      2
    ) + '\n'
  )
  const text = await readFile(join(dir, 'metrics.jsonl'), 'utf8').catch(() => '')
  const lines = parseMetrics(text).records.map((r) => JSON.stringify({ ...r, runId }) + '\n')
  if (lines.length > 0) await writeFile(join(runDir, 'metrics.jsonl'), lines.join(''))
  for (const name of await readdir(join(dir, 'samples')).catch(() => [] as string[])) {
    if (/^step-\d+\.png$/.test(name))
      await copyFile(join(dir, 'samples', name), join(runDir, 'samples', name))
  }
  await writeFile(
    join(runDir, 'meta.json'),
    JSON.stringify({ name: `${job.source.runId} (PyTorch)` }, null, 2) + '\n'
  )
}
