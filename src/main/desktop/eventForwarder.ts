import type { StudioEvent } from '../../shared/events'

/**
 * Streams engine events to the renderer, in order and as they come. Progress is paced
 * where it is made (the trainer's ProgressMeter: one record per 250 ms, a mean over the
 * steps since the last; dataset opening: about a hundred per phase), so nothing is
 * throttled again here. It keeps the last engine state for a page that loads late.
 */
export interface EventForwarderOptions {
  send(event: StudioEvent): void
}

export class EventForwarder {
  private lastEngineState?: StudioEvent
  private disposed = false

  constructor(private readonly options: EventForwarderOptions) {}

  forward(event: StudioEvent): void {
    if (this.disposed) return
    if (event.type === 'engine-state') this.lastEngineState = event
    this.options.send(event)
  }

  /** Sends the last engine state again, for a page that loaded after it was sent. */
  replayEngineState(): void {
    if (this.lastEngineState && !this.disposed) this.options.send(this.lastEngineState)
  }

  dispose(): void {
    this.disposed = true
  }
}
