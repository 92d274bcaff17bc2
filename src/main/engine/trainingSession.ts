import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { reasonOf, type ErrorParams } from '../../shared/errorCodes'
import type { StudioEvent } from '../../shared/events'
import {
  DatasetSourceSchema,
  PartialDatasetOptionsSchema,
  resolveDatasetOptions,
  type DatasetSource,
  type DatasetSummary,
  type PartialDatasetOptions
} from '../../shared/dataset'
import { StudioError } from '../../shared/rpc'
import type { CheckpointRef } from '../../shared/runs'
import type { Progress, TrainConfig, TrainingState, TrainingStatus } from '../../shared/train'
import { openDataset, type ImageDataset } from './data/index'
import { prepareResume } from './runs/runStore'
import { Trainer } from './train/trainer'

/** A run id that sorts by time and says what it trained on: `20261121-223005-shapes`. */
export function newRunId(datasetName: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
  const slug =
    datasetName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'run'
  return `${stamp}-${slug.slice(0, 40)}`
}

const ACTIVE: TrainingState[] = ['starting', 'running', 'paused', 'stopping']

/** What `resume` needs of a checkpoint prepareResume has opened and checked. */
export type ResumePlan = Pick<
  Awaited<ReturnType<typeof prepareResume>>,
  'runId' | 'runDir' | 'checkpointDir' | 'config'
>

/** Per-run choices that are not part of the run's config (the command line's). */
export interface RunOptions {
  /** The judge of `config.scoreEvery` trains for this many steps (`train --judge-steps`). */
  judgeSteps?: number
  /** A resumed run keeps its settings, but scoring may be turned on or changed for it. */
  scoreEvery?: number
}

/** Sorts object keys so that equal values give equal JSON. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v
  )
}

/**
 * What identifies an opened dataset: the source and the options with their defaults filled
 * in, so `{}` and `{ resolution: 32 }` on shapes are one set. Undefined if either is invalid
 * (openDataset then reports why).
 */
export function datasetKey(
  source: DatasetSource,
  options: PartialDatasetOptions = {}
): string | undefined {
  const src = DatasetSourceSchema.safeParse(source)
  const opts = PartialDatasetOptionsSchema.safeParse(options)
  if (!src.success || !opts.success) return undefined
  return stableJson({ source: src.data, options: resolveDatasetOptions(src.data, opts.data) })
}

/**
 * At most one training run at a time: opens its dataset, runs the Trainer in the
 * background (the call that starts it returns at once) and relays its events.
 * The dataset opened last is kept, so opening a set and then training on it decodes once.
 */
export class TrainingSession {
  private state: TrainingState = 'idle'
  private runId?: string
  private config?: TrainConfig
  private last?: Progress
  private message?: string
  private reason: { code?: string; params?: ErrorParams } = {}
  private trainer?: Trainer
  private finished?: Promise<void>
  private opened?: { key: string; dataset: ImageDataset; summary: DatasetSummary }

  constructor(
    private readonly opts: { runsDir: string; cacheDir: string; emit: (e: StudioEvent) => void }
  ) {}

  status(): TrainingStatus {
    return {
      state: this.state,
      runId: this.runId,
      config: this.config,
      last: this.last,
      message: this.message,
      ...this.reason
    }
  }

  /** `reason`: the message in code form (errorCodes.ts), which the UI words itself. */
  private setState(
    state: TrainingState,
    message?: string,
    reason: { code?: string; params?: ErrorParams } = {}
  ): void {
    this.state = state
    this.message = message
    this.reason = reason
    this.opts.emit({ type: 'training-state', runId: this.runId, state, message, ...reason })
  }

  /** Opens the dataset and trains a new run in the background; returns once it has begun. */
  async start(config: TrainConfig, options: RunOptions = {}): Promise<TrainingStatus> {
    const dataset = await this.prepare(config)
    // Two runs started within a second on one set would share a name: the second gets `-2`.
    const base = newRunId(dataset.name)
    let runId = base
    for (let n = 2; existsSync(join(this.opts.runsDir, runId)); n++) runId = `${base}-${n}`
    return this.launch(config, dataset, runId, join(this.opts.runsDir, runId), options)
  }

  /**
   * Continues a run from one of its checkpoints (default: the latest), in its own folder. A
   * caller that has opened the checkpoint already (prepareResume: the command line, to show
   * its dataset first) passes what it found, so the checkpoint is checked once.
   */
  async resume(
    from: CheckpointRef | ResumePlan,
    options: RunOptions = {}
  ): Promise<TrainingStatus> {
    this.refuseIfBusy()
    const resume = 'checkpointDir' in from ? from : await prepareResume(this.opts.runsDir, from)
    const config = options.scoreEvery
      ? { ...resume.config, scoreEvery: options.scoreEvery }
      : resume.config
    const dataset = await this.prepare(config)
    return this.launch(config, dataset, resume.runId, resume.runDir, options, resume.checkpointDir)
  }

  private refuseIfBusy(): void {
    if (ACTIVE.includes(this.state)) {
      throw new StudioError(
        `A run (${this.runId}) is already ${this.state}. Stop it before starting another.`,
        'training-busy',
        { params: { runId: this.runId ?? '', state: this.state } }
      )
    }
  }

  /**
   * Opens (always afresh: the folder may have changed) and keeps the set for the next run
   * on the same source and options.
   */
  async openDataset(
    source: DatasetSource,
    options: PartialDatasetOptions = {}
  ): Promise<{ dataset: ImageDataset; summary: DatasetSummary }> {
    const opened = await openDataset(source, {
      ...options,
      cacheDir: this.opts.cacheDir,
      onProgress: (p) => this.opts.emit({ type: 'dataset-progress', ...p })
    })
    const key = datasetKey(source, options)
    // Replaced, not added to: one decoded set at a time (plus the one a run holds).
    this.opened = key ? { key, ...opened } : undefined
    return opened
  }

  /** The set kept from the last open, when it is this source with these options. */
  private keptDataset(config: TrainConfig): ImageDataset | undefined {
    const key = datasetKey(config.dataset, config.datasetOptions)
    return key && this.opened?.key === key ? this.opened.dataset : undefined
  }

  private async prepare(config: TrainConfig): Promise<ImageDataset> {
    this.refuseIfBusy()
    this.config = config
    this.last = undefined
    this.runId = undefined
    this.setState('starting', 'Opening the dataset…')
    try {
      const kept = this.keptDataset(config)
      if (kept) return kept
      const { dataset } = await this.openDataset(config.dataset, config.datasetOptions)
      return dataset
    } catch (err) {
      this.setState('failed', err instanceof Error ? err.message : String(err), reasonOf(err))
      throw err
    }
  }

  private launch(
    config: TrainConfig,
    dataset: ImageDataset,
    runId: string,
    runDir: string,
    options: RunOptions,
    resumeFrom?: string
  ): TrainingStatus {
    this.runId = runId
    const trainer = new Trainer({
      config,
      dataset,
      runId,
      runDir,
      resumeFrom,
      onProgress: (progress) => {
        this.last = progress
        this.opts.emit({ type: 'progress', progress })
      },
      onSamples: ({ step, png, rowLabels }) =>
        this.opts.emit({ type: 'samples', runId, step, png, rowLabels }),
      onState: (state, message) => this.setState(state, message),
      // A checkpoint that could not be written (a full disk): the run goes on, the user is told.
      onWarning: (message, reason) =>
        this.opts.emit({ type: 'log', level: 'warn', message, ...reason }),
      // config.scoreEvery: each scored checkpoint's headline, and the judge's training.
      onLog: (message) => this.opts.emit({ type: 'log', level: 'info', message }),
      scoring: {
        cacheDir: this.opts.cacheDir,
        judgeSettings: options.judgeSteps ? { steps: options.judgeSteps } : undefined
      }
    })
    this.trainer = trainer
    this.setState('running')
    this.finished = trainer.run().then(
      (result) => {
        this.trainer = undefined
        this.setState(result.state, result.message, reasonOf(result))
      },
      (err: unknown) => {
        this.trainer = undefined
        this.setState('failed', err instanceof Error ? err.message : String(err), reasonOf(err))
      }
    )
    return this.status()
  }

  /** The run training now, if any (deleting it is refused meanwhile). */
  isTraining(runId: string): boolean {
    return this.runId === runId && ACTIVE.includes(this.state)
  }

  pause(): TrainingStatus {
    this.requireTrainer('pause').pause()
    return this.status()
  }

  unpause(): TrainingStatus {
    this.requireTrainer('resume').resume()
    return this.status()
  }

  /** Asks the run to stop at the next step boundary and waits until it has. */
  async stop(): Promise<TrainingStatus> {
    if (this.trainer) {
      this.trainer.stop()
      await this.finished
    }
    return this.status()
  }

  private requireTrainer(action: string): Trainer {
    if (!this.trainer)
      throw new StudioError(`Nothing to ${action}: no run is training.`, 'not-running', {
        params: { action }
      })
    return this.trainer
  }
}
