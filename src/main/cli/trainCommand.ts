import { SingleBar } from 'cli-progress'
import { InvalidArgumentError, Option, type Command } from 'commander'
import { basename, dirname, join, resolve } from 'node:path'
import type { z } from 'zod'
import type { DatasetSource } from '../../shared/dataset'
import type { StudioEvent } from '../../shared/events'
import type { CheckpointRef } from '../../shared/runs'
import {
  TrainConfigSchema,
  type LossName,
  type Progress,
  type TrainConfig,
  type TrainingState
} from '../../shared/train'
import { selectBackend } from '../engine/backend/selectBackend'
import { guessDatasetSource } from '../engine/data/index'
import { RUN_FILES, sampleFileName, stepOfDirName } from '../engine/runs/runLayout'
import { prepareResume } from '../engine/runs/runStore'
import type { RunOptions } from '../engine/trainingSession'
import { RunOptionsSchema, WorkerSetupSchema } from '../engine/worker/protocol'
import { TrainingProxy } from '../engine/worker/proxies'
import { defaultWorkerMode, type WorkerMode } from '../engine/worker/workerChannel'
import { formatSummary } from './datasetCommands'
import {
  addTechniqueOptions,
  techniqueConfig,
  TECHNIQUE_OPTION_OF,
  type TechniqueOptions
} from './trainTechniqueOptions'

interface TrainOptions extends TechniqueOptions {
  data: string
  out: string
  epochs?: number
  steps?: number
  loss?: LossName
  noiseDim?: number
  labels: boolean
  batch?: number
  k?: number
  lrG?: number
  lrD?: number
  seed?: number
  resolution?: 28 | 32 | 64
  sampleEvery?: number
  width?: number
  resume?: string
  checkpointEvery?: number
  keepCheckpoints?: number
  scoreEvery?: number
  judgeSteps?: number
  wasmThreads?: number
  inThread?: boolean
}

const LOSS_NAMES: Record<string, LossName> = {
  ns: 'non-saturating',
  'non-saturating': 'non-saturating',
  minimax: 'minimax',
  'wgan-gp': 'wgan-gp',
  hinge: 'hinge'
}

/** Config keys back to the options that set them, so a schema error names the option. */
const OPTION_OF: Partial<Record<keyof TrainConfig, string>> = {
  epochs: '--epochs',
  maxSteps: '--steps',
  loss: '--loss',
  noiseDim: '--noise-dim',
  conditional: '--no-labels',
  batchSize: '--batch',
  dSteps: '--k',
  lrG: '--lr-g',
  lrD: '--lr-d',
  seed: '--seed',
  sampleEvery: '--sample-every',
  checkpointEvery: '--checkpoint-every',
  keepCheckpoints: '--keep-checkpoints',
  scoreEvery: '--score-every',
  modelWidth: '--width',
  ...TECHNIQUE_OPTION_OF
}

const ENDED: TrainingState[] = ['finished', 'stopped', 'failed']

export interface TrainCommandOptions {
  /**
   * Where the run trains. Default: the training worker from the build (engineWorker.js), as
   * `serve` trains; in-thread when running from the TypeScript sources (the unit tests).
   */
  worker?: WorkerMode
}

export function registerTrainCommand(program: Command, options: TrainCommandOptions = {}): void {
  const config = TrainConfigSchema.shape
  const train = program
    .command('train')
    .description(
      'Train a conditional DCGAN and write its run (config, metrics, sample grids) under --out.'
    )
    .option(
      '--data <source>',
      'a folder of images (one subfolder per class), an IDX folder, fashion-mnist or shapes'
    )
    .option(
      '--out <dir>',
      'the data folder: the run goes to <dir>/runs/<id>, the decoded dataset to <dir>/cache'
    )
    .option(
      '--checkpoint-every <n>',
      'save a checkpoint every n steps (default 500; also at each epoch end and on stop)',
      wholeNumber('--checkpoint-every', config.checkpointEvery)
    )
    .option(
      '--keep-checkpoints <n>',
      'keep the newest n checkpoints, deleting older ones (default 5)',
      wholeNumber('--keep-checkpoints', config.keepCheckpoints)
    )
    .option(
      '--score-every <n>',
      'score every n-th checkpoint (scores.json: fidelity, Fréchet distance, diversity by a judge trained once on the dataset; see `score`)',
      wholeNumber('--score-every', config.scoreEvery)
    )
    .option(
      '--judge-steps <n>',
      'with --score-every: train the judge for n steps (default: three epochs, 300 to 1000), as `score --judge-steps`',
      wholeNumber('--judge-steps', RunOptionsSchema.shape.judgeSteps)
    )
    .option(
      '--resume <dir>',
      'continue a run from a checkpoint (…/checkpoints/step-<n>) or its run folder (the latest), with its own settings'
    )
    .option(
      '--epochs <n>',
      'passes over the data (default 5)',
      wholeNumber('--epochs', config.epochs)
    )
    .option(
      '--steps <n>',
      'stop after this many generator steps, whatever --epochs says',
      wholeNumber('--steps', config.maxSteps)
    )
    .addOption(
      new Option(
        '--loss <name>',
        'ns (non-saturating, default), minimax, wgan-gp or hinge'
      ).argParser(lossName)
    )
    .option(
      '--noise-dim <n>',
      'length of z (default 100)',
      wholeNumber('--noise-dim', config.noiseDim)
    )
    .option('--no-labels', 'train an unconditional GAN (ignore the classes)')
    .option('--batch <n>', 'batch size (default 64)', wholeNumber('--batch', config.batchSize))
    .option(
      '--k <n>',
      'discriminator steps per generator step (default 1)',
      wholeNumber('--k', config.dSteps)
    )
    .option(
      '--lr-g <x>',
      "generator's Adam learning rate (default 2e-4)",
      learningRate('--lr-g', config.lrG)
    )
    .option(
      '--lr-d <x>',
      "discriminator's Adam learning rate (default 2e-4)",
      learningRate('--lr-d', config.lrD)
    )
    .option(
      '--seed <n>',
      'seeds weights, data order and noise (default 0)',
      wholeNumber('--seed', config.seed)
    )
    .option(
      '--resolution <n>',
      'image side: 28, 32 or 64 (default 28 for IDX sets, else 32)',
      resolution
    )
    .option(
      '--sample-every <n>',
      'write a sample grid every n steps (default 100)',
      wholeNumber('--sample-every', config.sampleEvery)
    )
    .option(
      '--width <n>',
      'model width: filters of the full-size hidden layer (default 64, the peer’s)',
      wholeNumber('--width', config.modelWidth)
    )
    .option(
      '--wasm-threads <n>',
      "on wasm, XNNPACK's threads (default: GAN_STUDIO_WASM_THREADS, else every core; 1 = one thread)",
      wholeNumber('--wasm-threads', WorkerSetupSchema.shape.wasmThreads)
    )
    // The soak watches the loop's tensors and file writes from this thread.
    .addOption(new Option('--in-thread', 'train in this thread, on one wasm thread').hideHelp())
  addTechniqueOptions(train).action(async (opts: TrainOptions) => {
    const resuming = opts.resume ? await resumePlan(opts.resume) : undefined
    if (!resuming && (!opts.data || !opts.out)) {
      throw new Error('train needs --data and --out (or --resume <checkpoint> to continue a run).')
    }
    // A resumed run keeps its settings; scoring may be turned on (or changed) for it.
    const config = resuming
      ? { ...resuming.config, ...(opts.scoreEvery ? { scoreEvery: opts.scoreEvery } : {}) }
      : trainConfig(opts, guessDatasetSource(opts.data!))
    if (opts.judgeSteps && !config.scoreEvery) {
      throw new Error('--judge-steps sets the judge of --score-every; add --score-every <n>.')
    }
    const runOptions: RunOptions = { judgeSteps: opts.judgeSteps, scoreEvery: opts.scoreEvery }
    const out = resuming ? resolve(resuming.runDir, '..', '..') : resolve(opts.out!)
    const runsDir = join(out, 'runs')

    const backend = await selectBackend()
    console.log(`backend: ${backend.backend} (${backend.reason})`)

    const view = new TrainView()
    // The same TrainingSession `serve` drives, in the same training worker.
    const training = new TrainingProxy({
      setup: {
        backend: backend.backend,
        runsDir,
        cacheDir: join(out, 'cache'),
        wasmThreads: opts.inThread ? undefined : opts.wasmThreads
      },
      mode: opts.inThread ? { kind: 'inline' } : (options.worker ?? defaultWorkerMode()),
      emit: (event) => view.receive(event),
      onReady: ({ name, threads }) => console.log(threadsLine(name, threads, opts))
    })
    // Ctrl-C stops at the end of the step, so the run folder is left whole; twice quits at once.
    let interrupted = false
    const onSigint = () => {
      process.off('SIGINT', onSigint)
      interrupted = true
      void training.stop().catch(() => undefined)
    }
    process.on('SIGINT', onSigint)
    try {
      const summary = await training.openDataset(config.dataset, config.datasetOptions)
      const classes = summary.labeled ? `${summary.classes.length} classes` : 'unlabeled'
      console.log(
        `data:    ${summary.name}: ${summary.count} images, ${classes}, ${summary.resolution}×${summary.resolution}×${summary.channels}` +
          (summary.fromCache ? ' (from the cache)' : '')
      )
      // The classes, every skipped file and why, and the warnings, as `dataset inspect` shows them.
      for (const line of formatSummary(summary).split('\n').slice(1)) console.log(`  ${line}`)

      if (interrupted) {
        console.log('stopped: before the first step; no run was written.')
        return
      }
      const status = resuming
        ? await training.resume({ runId: resuming.runId, step: resuming.step }, runOptions)
        : await training.start(config, runOptions)
      // Ctrl-C while the run was being set up: stop it at its first step boundary.
      if (interrupted) await training.stop()
      const runDir = join(runsDir, status.runId!)
      console.log(`run:     ${runDir}`)
      if (resuming) console.log(`resume:  from ${resuming.checkpointDir}`)

      const end = await view.ended
      view.close()
      if (view.lastSample) {
        const samples = join(runDir, RUN_FILES.samples)
        console.log(
          `samples: ${samples} (latest: ${join(samples, sampleFileName(view.lastSample))})`
        )
      }
      console.log(`metrics: ${join(runDir, RUN_FILES.metrics)}`)
      if (end.state === 'failed') throw new Error(end.message ?? 'training failed')
      const steps = view.lastStep ?? resuming?.step ?? 0
      console.log(end.state === 'stopped' ? end.message : `finished: ${steps} steps.`)
    } finally {
      process.off('SIGINT', onSigint)
      view.close()
      // Ends the worker and, with it, XNNPACK's pool, which would keep the process alive.
      await training.dispose()
    }
  })
}

function threadsLine(backend: string, threads: number, opts: TrainOptions): string {
  if (backend !== 'wasm') return `threads: as the ${backend} backend schedules them`
  const where = opts.inThread ? 'in this thread' : "XNNPACK's pool in the training worker"
  return `threads: ${threads} (${where}; --wasm-threads <n> or GAN_STUDIO_WASM_THREADS changes it)`
}

/** The terminal's side of a run: the progress bar, the lines worth printing, and the end. */
class TrainView {
  private readonly bar = new SingleBar({
    format:
      ' {bar} {value}/{total} steps | epoch {epoch} | D {dLoss} G {gLoss} | {ips} img/s | ETA {remaining}',
    hideCursor: true,
    noTTYOutput: true, // piped to a log: a line every few seconds instead of nothing
    notTTYSchedule: 5000
  })
  private barStarted = false
  private finish!: (end: { state: TrainingState; message?: string }) => void
  /** Resolves with the run's last state: finished, stopped or failed. */
  readonly ended = new Promise<{ state: TrainingState; message?: string }>(
    (ok) => (this.finish = ok)
  )
  private running = false
  lastStep?: number
  lastSample?: number

  receive(event: StudioEvent): void {
    switch (event.type) {
      case 'progress': {
        const p = event.progress
        this.lastStep = p.step
        if (!this.barStarted) {
          this.bar.start(p.totalSteps, p.step, payload(p))
          this.barStarted = true
        }
        this.bar.update(p.step, payload(p))
        return
      }
      case 'samples':
        this.lastSample = event.step
        return
      case 'training-state':
        if (ENDED.includes(event.state)) {
          this.running = false
          this.finish({ state: event.state, message: event.message })
        } else if (event.state !== 'starting') {
          this.running = true
          if (event.message) console.log(`${event.state}: ${event.message}`)
        }
        return
      case 'log':
        if (event.level === 'warn') console.warn(`warning: ${event.message}`)
        else if (event.level === 'info') console.log(event.message)
        // A crash mid-run ends it as `failed`, which says the same.
        else if (!this.running) console.error(`error: ${event.message}`)
        return
    }
  }

  close(): void {
    if (this.barStarted) this.bar.stop()
    this.barStarted = false
  }
}

/** `--resume`: a checkpoint folder (runs/<id>/checkpoints/step-<n>) or a run folder (its latest). */
async function resumePlan(path: string) {
  const dir = resolve(path)
  const step = stepOfDirName(basename(dir))
  const runDir = step === undefined ? dir : dirname(dirname(dir))
  const ref: CheckpointRef = { runId: basename(runDir), step }
  const plan = await prepareResume(dirname(runDir), ref)
  return { ...plan, step: plan.manifest.step }
}

/** The options as a TrainConfig, validated; an invalid value is reported by its option. */
export function trainConfig(opts: TrainOptions, source: DatasetSource): TrainConfig {
  const parsed = TrainConfigSchema.safeParse({
    dataset: source,
    datasetOptions: opts.resolution ? { resolution: opts.resolution } : {},
    conditional: opts.labels,
    epochs: opts.epochs,
    maxSteps: opts.steps,
    loss: opts.loss,
    noiseDim: opts.noiseDim,
    batchSize: opts.batch,
    dSteps: opts.k,
    lrG: opts.lrG,
    lrD: opts.lrD,
    seed: opts.seed,
    checkpointEvery: opts.checkpointEvery,
    keepCheckpoints: opts.keepCheckpoints,
    sampleEvery: opts.sampleEvery,
    modelWidth: opts.width,
    scoreEvery: opts.scoreEvery,
    ...techniqueConfig(opts)
  })
  if (parsed.success) return parsed.data
  const problems = parsed.error.issues.map((issue) => {
    const key = issue.path[0] as keyof TrainConfig | undefined
    return `${(key && OPTION_OF[key]) ?? issue.path.join('.')}: ${issue.message}`
  })
  throw new Error(problems.join('; '))
}

function payload(p: Progress) {
  return {
    epoch: p.epoch,
    dLoss: p.dLoss.toFixed(3),
    gLoss: p.gLoss.toFixed(3),
    ips: p.imagesPerSecond.toFixed(0),
    // Not `eta`: cli-progress fills that token with its own estimate.
    remaining: formatSeconds(p.etaSeconds)
  }
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?'
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const sec = Math.round(s % 60)
  return h > 0
    ? `${h}h${String(m).padStart(2, '0')}m`
    : m > 0
      ? `${m}m${String(sec).padStart(2, '0')}s`
      : `${sec}s`
}

/** A number schema's bounds, through its default and optional wrappers: the contract's limits. */
function boundsOf(schema: z.ZodType): { min: number; max: number } {
  let inner: unknown = schema
  while (inner && typeof (inner as { unwrap?: unknown }).unwrap === 'function') {
    inner = (inner as { unwrap(): unknown }).unwrap()
  }
  const n = inner as { minValue?: number | null; maxValue?: number | null }
  return { min: n.minValue ?? -Infinity, max: n.maxValue ?? Infinity }
}

function wholeNumber(option: string, schema: z.ZodType) {
  const { min, max } = boundsOf(schema)
  const range = Number.isFinite(max) ? `from ${min} to ${max}` : `of ${min} or more`
  return (raw: string): number => {
    const n = Number(raw)
    if (!/^\s*\d+\s*$/.test(raw) || n < min || n > max) {
      throw new InvalidArgumentError(`${option} takes a whole number ${range}.`)
    }
    return n
  }
}

function learningRate(option: string, schema: z.ZodType) {
  const { max } = boundsOf(schema)
  return (raw: string): number => {
    const n = Number(raw)
    if (!Number.isFinite(n) || n <= 0 || n > max) {
      throw new InvalidArgumentError(
        `${option} takes a learning rate above 0 and at most ${max}, like 2e-4.`
      )
    }
    return n
  }
}

function lossName(raw: string): LossName {
  const loss = LOSS_NAMES[raw]
  if (!loss) throw new InvalidArgumentError('--loss takes ns, minimax, wgan-gp or hinge.')
  return loss
}

function resolution(raw: string): 28 | 32 | 64 {
  if (raw === '28' || raw === '32' || raw === '64') return Number(raw) as 28 | 32 | 64
  throw new InvalidArgumentError('--resolution takes 28, 32 or 64.')
}
