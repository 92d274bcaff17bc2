import { join } from 'node:path'
import type { StudioEvent } from '../../shared/events'
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

/**
 * At most one training run at a time: opens its dataset, runs the Trainer in the
 * background (the call that starts it returns at once) and relays its events.
 */
export class TrainingSession {
  private state: TrainingState = 'idle'
  private runId?: string
  private config?: TrainConfig
  private last?: Progress
  private message?: string
  private trainer?: Trainer
  private finished?: Promise<void>

  constructor(
    private readonly opts: { runsDir: string; cacheDir: string; emit: (e: StudioEvent) => void }
  ) {}

  status(): TrainingStatus {
    return {
      state: this.state,
      runId: this.runId,
      config: this.config,
      last: this.last,
      message: this.message
    }
  }

  private setState(state: TrainingState, message?: string): void {
    this.state = state
    this.message = message
    this.opts.emit({ type: 'training-state', runId: this.runId, state, message })
  }

  /** Opens the dataset and trains a new run in the background; returns once it has begun. */
  async start(config: TrainConfig): Promise<TrainingStatus> {
    const dataset = await this.prepare(config)
    const runId = newRunId(dataset.name)
    return this.launch(config, dataset, runId, join(this.opts.runsDir, runId))
  }

  /** Continues a run from one of its checkpoints (default: the latest), in its own folder. */
  async resume(ref: CheckpointRef): Promise<TrainingStatus> {
    this.refuseIfBusy()
    const resume = await prepareResume(this.opts.runsDir, ref)
    const dataset = await this.prepare(resume.config)
    return this.launch(resume.config, dataset, resume.runId, resume.runDir, resume.checkpointDir)
  }

  private refuseIfBusy(): void {
    if (ACTIVE.includes(this.state)) {
      throw new StudioError(
        `A run (${this.runId}) is already ${this.state}. Stop it before starting another.`,
        'busy'
      )
    }
  }

  private async prepare(config: TrainConfig): Promise<ImageDataset> {
    this.refuseIfBusy()
    this.config = config
    this.last = undefined
    this.runId = undefined
    this.setState('starting', 'Opening the dataset…')
    try {
      const { dataset } = await openDataset(config.dataset, {
        ...config.datasetOptions,
        cacheDir: this.opts.cacheDir,
        onProgress: (p) => this.opts.emit({ type: 'dataset-progress', ...p })
      })
      return dataset
    } catch (err) {
      this.setState('failed', err instanceof Error ? err.message : String(err))
      throw err
    }
  }

  private launch(
    config: TrainConfig,
    dataset: ImageDataset,
    runId: string,
    runDir: string,
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
      onWarning: (message) => this.opts.emit({ type: 'log', level: 'warn', message })
    })
    this.trainer = trainer
    this.setState('running')
    this.finished = trainer.run().then(
      (result) => {
        this.trainer = undefined
        this.setState(result.state, result.message)
      },
      (err: unknown) => {
        this.trainer = undefined
        this.setState('failed', err instanceof Error ? err.message : String(err))
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
      throw new StudioError(`Nothing to ${action}: no run is training.`, 'not-running')
    return this.trainer
  }
}
