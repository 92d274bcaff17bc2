import type { StudioEvent } from '../../shared/events'

/**
 * Streams engine events to the renderer. Progress arrives once per training step —
 * hundreds a second on a small model — so it is coalesced: at most one per interval,
 * always the latest, and the last one is flushed, never dropped. Everything else
 * (samples, state changes, checkpoints, logs, errors) passes through at once.
 */
export interface EventForwarderOptions {
  send(event: StudioEvent): void
  /** Smallest gap between two coalesced events of one kind; 100 ms = ten a second. */
  intervalMs?: number
  now?: () => number
}

/** Events that only matter as "the latest": one key per stream that may be coalesced. */
function coalesceKey(event: StudioEvent): string | null {
  if (event.type === 'progress') return `progress:${event.progress.runId}`
  if (event.type === 'dataset-progress') return `dataset-progress:${event.phase}`
  return null
}

interface Stream {
  lastSentAt: number
  pending?: StudioEvent
  timer?: ReturnType<typeof setTimeout>
}

export class EventForwarder {
  private readonly streams = new Map<string, Stream>()
  private readonly intervalMs: number
  private readonly now: () => number
  private lastEngineState?: StudioEvent
  private disposed = false

  constructor(private readonly options: EventForwarderOptions) {
    this.intervalMs = options.intervalMs ?? 100
    this.now = options.now ?? Date.now
  }

  forward(event: StudioEvent): void {
    if (this.disposed) return
    const key = coalesceKey(event)
    if (key === null) {
      // A state change must not overtake the progress that led to it.
      if (event.type === 'training-state' || event.type === 'engine-state') this.flushAll()
      if (event.type === 'engine-state') this.lastEngineState = event
      this.options.send(event)
      return
    }
    let stream = this.streams.get(key)
    if (!stream) {
      stream = { lastSentAt: -Infinity }
      this.streams.set(key, stream)
    }
    const since = this.now() - stream.lastSentAt
    if (!stream.timer && since >= this.intervalMs) {
      stream.lastSentAt = this.now()
      this.options.send(event)
      return
    }
    stream.pending = event
    if (!stream.timer) {
      const s = stream
      s.timer = setTimeout(() => this.flush(s), this.intervalMs - since)
    }
  }

  /** Sends the last engine state again, for a page that loaded after it was sent. */
  replayEngineState(): void {
    if (this.lastEngineState && !this.disposed) this.options.send(this.lastEngineState)
  }

  dispose(): void {
    this.disposed = true
    for (const stream of this.streams.values()) clearTimeout(stream.timer)
    this.streams.clear()
  }

  private flush(stream: Stream): void {
    clearTimeout(stream.timer)
    stream.timer = undefined
    const event = stream.pending
    if (!event) return
    stream.pending = undefined
    stream.lastSentAt = this.now()
    this.options.send(event)
  }

  private flushAll(): void {
    for (const stream of this.streams.values()) this.flush(stream)
  }
}
