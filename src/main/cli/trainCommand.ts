import { SingleBar } from 'cli-progress'
import { InvalidArgumentError, Option, type Command } from 'commander'
import { basename, dirname, join, resolve } from 'node:path'
import type { DatasetSource } from '../../shared/dataset'
import {
  TrainConfigSchema,
  type LossName,
  type Progress,
  type TrainConfig
} from '../../shared/train'
import { selectBackend } from '../engine/backend/selectBackend'
import { guessDatasetSource, openDataset } from '../engine/data/index'
import { Trainer } from '../engine/train/trainer'
import { formatSummary } from './datasetCommands'
import { newRunId } from '../engine/trainingSession'
import { prepareResume } from '../engine/runs/runStore'
import type { CheckpointRef } from '../../shared/runs'

interface TrainOptions {
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
  modelWidth: '--width'
}

export function registerTrainCommand(program: Command): void {
  program
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
      wholeNumber('--checkpoint-every', 1, 1e9)
    )
    .option(
      '--keep-checkpoints <n>',
      'keep the newest n checkpoints, deleting older ones (default 5)',
      wholeNumber('--keep-checkpoints', 1, 1000)
    )
    .option(
      '--score-every <n>',
      'score every n-th checkpoint (scores.json: fidelity, Fréchet distance, diversity by a judge trained once on the dataset; see `score`)',
      wholeNumber('--score-every', 1, 1e6)
    )
    .option(
      '--judge-steps <n>',
      'with --score-every: train the judge for n steps (default: three epochs, 300 to 1000), as `score --judge-steps`',
      wholeNumber('--judge-steps', 1, 100_000)
    )
    .option(
      '--resume <dir>',
      'continue a run from a checkpoint (…/checkpoints/step-<n>) or its run folder (the latest), with its own settings'
    )
    .option('--epochs <n>', 'passes over the data (default 5)', wholeNumber('--epochs', 1, 10_000))
    .option(
      '--steps <n>',
      'stop after this many generator steps, whatever --epochs says',
      wholeNumber('--steps', 1, 1e9)
    )
    .addOption(
      new Option(
        '--loss <name>',
        'ns (non-saturating, default), minimax, wgan-gp or hinge'
      ).argParser(lossName)
    )
    .option('--noise-dim <n>', 'length of z (default 100)', wholeNumber('--noise-dim', 1, 1024))
    .option('--no-labels', 'train an unconditional GAN (ignore the classes)')
    .option('--batch <n>', 'batch size (default 64)', wholeNumber('--batch', 2, 1024))
    .option(
      '--k <n>',
      'discriminator steps per generator step (default 1)',
      wholeNumber('--k', 1, 50)
    )
    .option('--lr-g <x>', "generator's Adam learning rate (default 2e-4)", learningRate('--lr-g'))
    .option(
      '--lr-d <x>',
      "discriminator's Adam learning rate (default 2e-4)",
      learningRate('--lr-d')
    )
    .option(
      '--seed <n>',
      'seeds weights, data order and noise (default 0)',
      wholeNumber('--seed', 0, 2 ** 31 - 1)
    )
    .option(
      '--resolution <n>',
      'image side: 28, 32 or 64 (default 28 for IDX sets, else 32)',
      resolution
    )
    .option(
      '--sample-every <n>',
      'write a sample grid every n steps (default 100)',
      wholeNumber('--sample-every', 1, 1e9)
    )
    .option(
      '--width <n>',
      'model width: filters of the full-size hidden layer (default 64, the peer’s)',
      wholeNumber('--width', 4, 256)
    )
    .action(async (opts: TrainOptions) => {
      const resuming = opts.resume ? await resumePlan(opts.resume) : undefined
      if (!resuming && (!opts.data || !opts.out)) {
        throw new Error(
          'train needs --data and --out (or --resume <checkpoint> to continue a run).'
        )
      }
      const config = resuming
        ? // A resumed run keeps its settings; scoring may be turned on (or changed) for it.
          { ...resuming.config, ...(opts.scoreEvery ? { scoreEvery: opts.scoreEvery } : {}) }
        : trainConfig(opts, guessDatasetSource(opts.data!))
      if (opts.judgeSteps && !config.scoreEvery) {
        throw new Error('--judge-steps sets the judge of --score-every; add --score-every <n>.')
      }
      const out = resuming ? resolve(resuming.runDir, '..', '..') : resolve(opts.out!)

      const backend = await selectBackend()
      console.log(`backend: ${backend.backend} (${backend.reason})`)

      const { dataset, summary } = await openDataset(config.dataset, {
        ...config.datasetOptions,
        cacheDir: join(out, 'cache')
      })
      const classes = summary.labeled ? `${summary.classes.length} classes` : 'unlabeled'
      console.log(
        `data:    ${summary.name}: ${summary.count} images, ${classes}, ${summary.resolution}×${summary.resolution}×${summary.channels}` +
          (summary.fromCache ? ' (from the cache)' : '')
      )
      // The classes, every skipped file and why, and the warnings, as `dataset inspect` shows them.
      for (const line of formatSummary(summary).split('\n').slice(1)) console.log(`  ${line}`)

      const runId = resuming?.runId ?? newRunId(dataset.name)
      const runDir = resuming?.runDir ?? join(out, 'runs', runId)
      console.log(`run:     ${runDir}`)
      if (resuming) console.log(`resume:  from ${resuming.checkpointDir}`)

      const bar = new SingleBar({
        format:
          ' {bar} {value}/{total} steps | epoch {epoch} | D {dLoss} G {gLoss} | {ips} img/s | ETA {remaining}',
        hideCursor: true,
        noTTYOutput: true, // piped to a log: a line every few seconds instead of nothing
        notTTYSchedule: 5000
      })
      let barStarted = false
      let lastSample = ''
      const trainer = new Trainer({
        config,
        dataset,
        runId,
        runDir,
        resumeFrom: resuming?.checkpointDir,
        onWarning: (message) => console.warn(`warning: ${message}`),
        onLog: (message) => console.log(message),
        scoring: {
          cacheDir: join(out, 'cache'),
          judgeSettings: opts.judgeSteps ? { steps: opts.judgeSteps } : undefined
        },
        onProgress: (p) => {
          if (!barStarted) {
            bar.start(p.totalSteps, p.step, payload(p))
            barStarted = true
          }
          bar.update(p.step, payload(p))
        },
        onSamples: ({ step }) => (lastSample = join(runDir, 'samples', `step-${step}.png`)),
        onState: (state, message) => {
          if (message) console.log(`${state}: ${message}`)
        }
      })

      // Ctrl-C stops at the end of the step, so the run folder is left whole; twice quits at once.
      const onSigint = () => {
        process.off('SIGINT', onSigint)
        trainer.stop()
      }
      process.on('SIGINT', onSigint)
      const result = await trainer.run().finally(() => {
        process.off('SIGINT', onSigint)
        if (barStarted) bar.stop()
      })

      if (lastSample) console.log(`samples: ${join(runDir, 'samples')} (latest: ${lastSample})`)
      console.log(`metrics: ${join(runDir, 'metrics.jsonl')}`)
      if (result.state === 'failed') throw new Error(result.message ?? 'training failed')
      console.log(result.state === 'stopped' ? result.message : `finished: ${result.step} steps.`)
    })
}

/** `--resume`: a checkpoint folder (runs/<id>/checkpoints/step-<n>) or a run folder (its latest). */
async function resumePlan(path: string) {
  const dir = resolve(path)
  const step = /^step-(\d+)$/.exec(basename(dir))
  const runDir = step ? dirname(dirname(dir)) : dir
  const ref: CheckpointRef = { runId: basename(runDir), step: step ? Number(step[1]) : undefined }
  return prepareResume(dirname(runDir), ref)
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
    scoreEvery: opts.scoreEvery
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

function wholeNumber(option: string, min: number, max: number) {
  return (raw: string): number => {
    const n = Number(raw)
    if (!/^\s*\d+\s*$/.test(raw) || n < min || n > max) {
      throw new InvalidArgumentError(`${option} takes a whole number from ${min} to ${max}.`)
    }
    return n
  }
}

function learningRate(option: string) {
  return (raw: string): number => {
    const n = Number(raw)
    if (!Number.isFinite(n) || n <= 0 || n > 1) {
      throw new InvalidArgumentError(
        `${option} takes a learning rate above 0 and at most 1, like 2e-4.`
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
