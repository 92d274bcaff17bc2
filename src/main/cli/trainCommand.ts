import { SingleBar } from 'cli-progress'
import { InvalidArgumentError, Option, type Command } from 'commander'
import { basename, dirname, join, resolve } from 'node:path'
import type { z } from 'zod'
import type { DatasetSource } from '../../shared/dataset'
import type { ErrorParams } from '../../shared/errorCodes'
import type { StudioEvent } from '../../shared/events'
import type { Translate } from '../../shared/i18n/translate'
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
import { cliText, wholeNumberOption, type CliText } from './cliText'
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

/** The states a run passes through that the terminal reports, with the engine's note. */
const STATE_LINES: Partial<Record<TrainingState, string>> = {
  running: 'cli.train.state.running',
  paused: 'cli.train.state.paused',
  stopping: 'cli.train.state.stopping'
}

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
    const text = cliText()
    const { t } = text
    const resuming = opts.resume ? await resumePlan(opts.resume) : undefined
    if (!resuming && (!opts.data || !opts.out)) {
      throw new Error(t('cli.train.errors.needsData'))
    }
    // A resumed run keeps its settings; scoring may be turned on (or changed) for it.
    const config = resuming
      ? { ...resuming.config, ...(opts.scoreEvery ? { scoreEvery: opts.scoreEvery } : {}) }
      : trainConfig(opts, guessDatasetSource(opts.data!))
    if (opts.judgeSteps && !config.scoreEvery) {
      throw new Error(t('cli.train.errors.judgeNeedsScore'))
    }
    const runOptions: RunOptions = { judgeSteps: opts.judgeSteps, scoreEvery: opts.scoreEvery }
    const out = resuming ? resolve(resuming.runDir, '..', '..') : resolve(opts.out!)
    const runsDir = join(out, 'runs')

    const backend = await selectBackend()
    console.log(t('cli.train.backend', { backend: backend.backend, reason: backend.reason }))

    const view = new TrainView(text)
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
      onReady: ({ name, threads }) => console.log(threadsLine(name, threads, opts, t))
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
      const classes = summary.labeled
        ? t('cli.train.classes', { count: summary.classes.length })
        : t('cli.train.unlabeled')
      console.log(
        t(summary.fromCache ? 'cli.train.dataFromCache' : 'cli.train.data', {
          name: summary.name,
          count: summary.count,
          classes,
          size: `${summary.resolution}×${summary.resolution}×${summary.channels}`
        })
      )
      // The classes, every skipped file and why, and the warnings, as `dataset inspect` shows them.
      for (const line of formatSummary(summary, text).split('\n').slice(1)) console.log(`  ${line}`)

      if (interrupted) {
        console.log(t('cli.train.stoppedBeforeStart'))
        return
      }
      const status = resuming
        ? // The checkpoint resumePlan opened and checked: the session does not check it again.
          await training.resume(resuming, runOptions)
        : await training.start(config, runOptions)
      // Ctrl-C while the run was being set up: stop it at its first step boundary.
      if (interrupted) await training.stop()
      const runDir = join(runsDir, status.runId!)
      console.log(t('cli.train.run', { dir: runDir }))
      if (resuming) console.log(t('cli.train.resume', { dir: resuming.checkpointDir }))

      const end = await view.ended
      view.close()
      if (view.lastSample) {
        const samples = join(runDir, RUN_FILES.samples)
        const file = join(samples, sampleFileName(view.lastSample))
        console.log(t('cli.train.samples', { dir: samples, file }))
      }
      console.log(t('cli.train.metrics', { file: join(runDir, RUN_FILES.metrics) }))
      if (end.state === 'failed') {
        throw new Error(end.message ? text.explain(end.message, end.reason) : t('cli.train.failed'))
      }
      const steps = view.lastStep ?? resuming?.step ?? 0
      if (end.state === 'finished') console.log(t('cli.train.finished', { steps }))
      else if (view.totalSteps !== undefined) {
        // Where it stopped, in the studio's own words for it (the errors area's).
        console.log(t('errors.codes.stoppedAtStep', { step: steps, total: view.totalSteps }))
      } else console.log(text.explain(end.message ?? '', end.reason)) // before any progress came
    } finally {
      process.off('SIGINT', onSigint)
      view.close()
      // Ends the worker and, with it, XNNPACK's pool, which would keep the process alive.
      await training.dispose()
    }
  })
}

function threadsLine(backend: string, threads: number, opts: TrainOptions, t: Translate): string {
  if (backend !== 'wasm') return t('cli.train.threads.scheduled', { backend })
  const where = t(opts.inThread ? 'cli.train.threads.inThread' : 'cli.train.threads.pool')
  return t('cli.train.threads.wasm', { threads, where })
}

interface RunEnd {
  state: TrainingState
  message?: string
  reason: { code?: string; params?: ErrorParams }
}

/** The terminal's side of a run: the progress bar, the lines worth printing, and the end. */
class TrainView {
  // The words are ours (progressLine), in the user's language; cli-progress draws the bar.
  private readonly bar = new SingleBar({
    format: ' {bar} {line}',
    hideCursor: true,
    noTTYOutput: true, // piped to a log: a line every few seconds instead of nothing
    notTTYSchedule: 5000
  })
  private barStarted = false
  private finish!: (end: RunEnd) => void
  /** Resolves with the run's last state: finished, stopped or failed. */
  readonly ended = new Promise<RunEnd>((ok) => (this.finish = ok))
  private running = false
  lastStep?: number
  totalSteps?: number
  lastSample?: number

  constructor(private readonly text: CliText) {}

  receive(event: StudioEvent): void {
    switch (event.type) {
      case 'progress': {
        const p = event.progress
        this.lastStep = p.step
        this.totalSteps = p.totalSteps
        const payload = { line: progressLine(p, this.text) }
        if (!this.barStarted) {
          this.bar.start(p.totalSteps, p.step, payload)
          this.barStarted = true
        }
        this.bar.update(p.step, payload)
        return
      }
      case 'samples':
        this.lastSample = event.step
        return
      case 'training-state':
        if (ENDED.includes(event.state)) {
          this.running = false
          this.finish({ state: event.state, message: event.message, reason: event })
        } else if (event.state !== 'starting') {
          this.running = true
          const said = event.message && STATE_LINES[event.state]
          const message = this.text.explain(event.message ?? '', event)
          if (said) console.log(this.text.t(said, { message }))
        }
        return
      case 'log':
        if (event.level === 'warn') {
          const message = this.text.explain(event.message, event)
          console.warn(this.text.t('cli.train.warning', { message }))
        } else if (event.level === 'info') console.log(event.message)
        // A crash mid-run ends it as `failed`, which says the same.
        else if (!this.running) {
          const message = this.text.explain(event.message, event)
          console.error(this.text.t('cli.train.error', { message }))
        }
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
  const { manifest, ...plan } = await prepareResume(dirname(runDir), ref)
  return { ...plan, step: manifest.step }
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

/**
 * The bar's words for one progress report: steps, epoch, losses, speed and time left, with
 * the numbers written as the locale writes them. Step counts stay plain (they name folders).
 */
export function progressLine(p: Progress, { t, n }: CliText): string {
  const loss = (x: number) => n(x, { minimumFractionDigits: 3, maximumFractionDigits: 3 })
  return [
    t('cli.train.progress.steps', { step: p.step, total: p.totalSteps }),
    t('cli.train.progress.epoch', { epoch: p.epoch }),
    `D ${loss(p.dLoss)} G ${loss(p.gLoss)}`,
    t('cli.train.progress.speed', { ips: n(p.imagesPerSecond, { maximumFractionDigits: 0 }) }),
    t('cli.train.progress.eta', { eta: formatSeconds(p.etaSeconds, { t, n }) })
  ].join(' | ')
}

function formatSeconds(s: number, { t, n }: Pick<CliText, 't' | 'n'>): string {
  if (!Number.isFinite(s)) return t('cli.train.progress.unknown')
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const sec = Math.round(s % 60)
  const two = (x: number) => n(x, { minimumIntegerDigits: 2 })
  return h > 0
    ? t('cli.train.progress.hours', { h: n(h), m: two(m) })
    : m > 0
      ? t('cli.train.progress.minutes', { m: n(m), s: two(sec) })
      : t('cli.train.progress.seconds', { s: n(sec) })
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

// Parsers run while commander reads the arguments: their messages are translated then.
function wholeNumber(option: string, schema: z.ZodType) {
  const { min, max } = boundsOf(schema)
  return wholeNumberOption(option, min, max)
}

function learningRate(option: string, schema: z.ZodType) {
  const { max } = boundsOf(schema)
  return (raw: string): number => {
    const n = Number(raw)
    if (!Number.isFinite(n) || n <= 0 || n > max) {
      throw new InvalidArgumentError(cliText().t('cli.options.learningRate', { option, max }))
    }
    return n
  }
}

function lossName(raw: string): LossName {
  const loss = LOSS_NAMES[raw]
  if (!loss) throw new InvalidArgumentError(cliText().t('cli.train.errors.loss'))
  return loss
}

function resolution(raw: string): 28 | 32 | 64 {
  if (raw === '28' || raw === '32' || raw === '64') return Number(raw) as 28 | 32 | 64
  throw new InvalidArgumentError(cliText().t('cli.train.errors.resolution'))
}
