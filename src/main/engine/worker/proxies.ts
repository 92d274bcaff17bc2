import type { DatasetSource, DatasetSummary, PartialDatasetOptions } from '../../../shared/dataset'
import type { StudioEvent } from '../../../shared/events'
import type { LabConfigInput, LabFrame } from '../../../shared/lab'
import { StudioError } from '../../../shared/rpc'
import type { CheckpointRef } from '../../../shared/runs'
import type { TrainConfig, TrainingState, TrainingStatus } from '../../../shared/train'
import type { LabState } from '../lab/labController'
import type { ResumePlan, RunOptions } from '../trainingSession'
import type { BackendName, WorkerSetup } from './protocol'
import { WorkerChannel, type WorkerMode } from './workerChannel'

export interface ProxyOptions {
  setup: Omit<WorkerSetup, 'role'>
  mode: WorkerMode
  emit(event: StudioEvent): void
  /** The worker's backend is up; without it, that is said as a log event. */
  onReady?(backend: { name: BackendName; reason: string; threads: number }): void
}

const ACTIVE: TrainingState[] = ['starting', 'running', 'paused', 'stopping']
/** States in which a Trainer exists to pause, resume or stop. */
const HAS_TRAINER: TrainingState[] = ['running', 'paused', 'stopping']

/**
 * TrainingSession's interface on the serving thread; the session itself runs in a worker.
 * Status, pause and resume answer from the status the worker mirrors here, so they never
 * wait for a training step; stop waits, as before, until the run has ended.
 */
export class TrainingProxy {
  private mirror: TrainingStatus = { state: 'idle' }
  private readonly channel: WorkerChannel
  /** The worker's backend, how it runs and on how many threads, once it has started. */
  backend?: { name: BackendName; reason: string; threads: number }

  constructor(private readonly opts: ProxyOptions) {
    this.channel = new WorkerChannel({
      setup: { ...opts.setup, role: 'training' },
      mode: opts.mode,
      onEvent: (event) => {
        if (event.type === 'progress') this.mirror = { ...this.mirror, last: event.progress }
        opts.emit(event)
      },
      onStatus: (status) => (this.mirror = status),
      onReady: (name, reason, threads) => {
        this.backend = { name, reason, threads }
        if (opts.onReady) opts.onReady(this.backend)
        else
          opts.emit({ type: 'log', level: 'info', message: `Training runs on ${name}: ${reason}.` })
      },
      onCrash: (message, detail) => this.crashed(message, detail)
    })
  }

  status(): TrainingStatus {
    return { ...this.mirror }
  }

  /** Opens a dataset in the worker, which keeps it for a run on the same source and options. */
  openDataset(source: DatasetSource, options?: PartialDatasetOptions): Promise<DatasetSummary> {
    return this.channel.call('openDataset', source, options)
  }

  start(config: TrainConfig, options?: RunOptions): Promise<TrainingStatus> {
    return this.channel.call('startTraining', config, options)
  }

  resume(from: CheckpointRef | ResumePlan, options?: RunOptions): Promise<TrainingStatus> {
    return this.channel.call('resumeRun', from, options)
  }

  isTraining(runId: string): boolean {
    return this.mirror.runId === runId && ACTIVE.includes(this.mirror.state)
  }

  pause(): TrainingStatus {
    this.requireTrainer('pause')
    this.channel.command('pause')
    return this.status()
  }

  unpause(): TrainingStatus {
    this.requireTrainer('resume')
    this.channel.command('resume')
    return this.status()
  }

  /** Asks the run to stop at the next step boundary and waits until it has. */
  async stop(): Promise<TrainingStatus> {
    if (!this.channel.started) return this.status()
    try {
      return await this.channel.call('stopTraining')
    } catch (err) {
      // The worker died meanwhile: the run has ended, as `failed` (see crashed()).
      if (err instanceof StudioError && err.code === 'worker-crashed') return this.status()
      throw err
    }
  }

  /** Stops the run and ends the worker. */
  async dispose(): Promise<void> {
    if (this.channel.started) {
      await this.stop()
      await this.channel.call('dispose').catch(() => undefined)
    }
    await this.channel.close()
  }

  /** Ends the worker as a crash would: for tests of what a crash leaves behind. */
  terminateWorker(): Promise<void> {
    return this.channel.terminate()
  }

  private requireTrainer(action: string): void {
    if (!HAS_TRAINER.includes(this.mirror.state))
      throw new StudioError(`Nothing to ${action}: no run is training.`, 'not-running', {
        params: { action }
      })
  }

  private crashed(message: string, detail: string): void {
    this.backend = undefined
    const reason = { code: 'worker-crashed', params: { detail } }
    this.opts.emit({ type: 'log', level: 'error', message, ...reason })
    if (!ACTIVE.includes(this.mirror.state)) return
    const failed = `Training failed: ${message} Resume the run from its last checkpoint, or start it again.`
    const failedReason = { code: 'training-failed', params: { detail } }
    this.mirror = { ...this.mirror, state: 'failed', message: failed, ...failedReason }
    this.opts.emit({
      type: 'training-state',
      runId: this.mirror.runId,
      state: 'failed',
      message: failed,
      ...failedReason
    })
  }
}

/** LabController's interface on the serving thread; the Lab itself runs in a worker. */
export class LabProxy {
  private readonly channel: WorkerChannel

  constructor(private readonly opts: ProxyOptions) {
    this.channel = new WorkerChannel({
      setup: { ...opts.setup, role: 'lab' },
      mode: opts.mode,
      onEvent: opts.emit,
      onCrash: (message, detail) => {
        opts.emit({
          type: 'log',
          level: 'error',
          message,
          code: 'worker-crashed',
          params: { detail }
        })
        opts.emit({
          type: 'lab-state',
          state: 'idle',
          message: `${message} Pick the experiment again to start over.`,
          code: 'lab-worker-crashed',
          params: { detail }
        })
      }
    })
  }

  reset(config: LabConfigInput): Promise<LabFrame> {
    return this.channel.call('labReset', config)
  }

  run(steps: number, frameEvery: number): Promise<{ state: LabState }> {
    return this.channel.call('labRun', { steps, frameEvery })
  }

  step(count: number): Promise<LabFrame> {
    return this.channel.call('labStep', count)
  }

  async stop(): Promise<{ state: LabState }> {
    if (!this.channel.started) return { state: 'idle' }
    return this.channel.call('labStop')
  }

  async dispose(): Promise<void> {
    if (this.channel.started) await this.channel.call('dispose').catch(() => undefined)
    await this.channel.close()
  }

  /** Ends the worker as a crash would: for tests. */
  terminateWorker(): Promise<void> {
    return this.channel.terminate()
  }
}
