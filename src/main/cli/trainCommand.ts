import { SingleBar } from 'cli-progress'
import type { Command } from 'commander'
import { basename, dirname, join, resolve } from 'node:path'
import type { ErrorParams } from '../../shared/errorCodes'
import type { StudioEvent } from '../../shared/events'
import type { Translate } from '../../shared/i18n/translate'
import type { CheckpointRef } from '../../shared/runs'
import type { Progress, TrainingState } from '../../shared/train'
import { selectBackend } from '../engine/backend/selectBackend'
import { guessDatasetSource } from '../engine/data/index'
import { RUN_FILES, sampleFileName, stepOfDirName } from '../engine/runs/runLayout'
import { prepareResume } from '../engine/runs/runStore'
import type { RunOptions } from '../engine/trainingSession'
import { TrainingProxy } from '../engine/worker/proxies'
import { defaultWorkerMode, type WorkerMode } from '../engine/worker/workerChannel'
import { cliText, type CliText } from './cliText'
import { formatSummary } from './datasetCommands'
import { addTechniqueOptions } from './trainTechniqueOptions'
import { addTrainOptions, trainConfig, type TrainOptions } from './trainOptions'

// Where the tests have always found it.
export { trainConfig } from './trainOptions'

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
  const train = program.command('train').description(cliText().t('cli.train.description'))
  addTechniqueOptions(addTrainOptions(train)).action(async (opts: TrainOptions) => {
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
