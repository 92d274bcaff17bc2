import { reasonOf } from '../../../shared/errorCodes'
import type { StudioEvent } from '../../../shared/events'
import type { LabConfigInput, LabFrame } from '../../../shared/lab'
import { StudioError } from '../../../shared/rpc'
import { LabExperiment } from './labExperiment'

export type LabState = 'idle' | 'running' | 'paused'

/**
 * The Lab as the studio drives it: one session at a time, run in the background with a
 * frame every few steps, or stepped by hand while it is paused.
 */
export class LabController {
  private session?: LabExperiment
  private running?: { abort: AbortController; done: Promise<void> }

  constructor(private readonly emit: (event: StudioEvent) => void) {}

  /** A fresh session for `config`, its untrained frame returned. */
  async reset(config: LabConfigInput): Promise<LabFrame> {
    await this.stop()
    this.session?.dispose()
    // Cleared first: a config the experiment refuses leaves no disposed session behind.
    this.session = undefined
    this.session = new LabExperiment(config)
    return this.session.frame()
  }

  /** Trains `steps` more G steps in the background, a `lab-frame` event every `frameEvery`. */
  run(steps: number, frameEvery: number): { state: LabState } {
    const session = this.requireSession()
    if (this.running)
      throw new StudioError('The Lab is already running: pause it first.', 'lab-running')
    const abort = new AbortController()
    this.emitState('running')
    const done = session
      .run({
        steps,
        frameEvery,
        signal: abort.signal,
        onFrame: (frame) => this.emit({ type: 'lab-frame', frame })
      })
      .then(
        () => this.emitState('paused'),
        (err: unknown) =>
          this.emitState('paused', err instanceof Error ? err.message : String(err), reasonOf(err))
      )
      .finally(() => {
        this.running = undefined
      })
    this.running = { abort, done }
    return { state: 'running' }
  }

  /** Step mode: `count` G steps now, and the frame after them. */
  step(count: number): LabFrame {
    if (this.running)
      throw new StudioError('Pause the Lab before stepping it by hand.', 'lab-step-while-running')
    return this.requireSession().step(count)
  }

  /** Stops a background run at the next iteration; resolves once it has. */
  async stop(): Promise<{ state: LabState }> {
    if (this.running) {
      this.running.abort.abort()
      await this.running.done
    }
    return { state: this.session ? 'paused' : 'idle' }
  }

  async dispose(): Promise<void> {
    await this.stop()
    this.session?.dispose()
    this.session = undefined
  }

  private emitState(state: LabState, message?: string, reason = {}): void {
    this.emit({ type: 'lab-state', state, message, ...reason })
  }

  private requireSession(): LabExperiment {
    if (!this.session) throw new StudioError('Pick an experiment first (labReset).', 'no-session')
    return this.session
  }
}
