import { randomUUID } from 'node:crypto'
import type { StudioEvent } from '../../../shared/events'
import { StudioError } from '../../../shared/rpc'
import { GENERATED_PAGE, type Generated, type GeneratedPage } from '../../../shared/runs'
import type { GenerateControl, RenderedImages } from './generate'

interface Held {
  images: Uint8Array<ArrayBuffer>[]
  labels: string[]
  bytes: number
}

export interface GenerationsOptions {
  emit?: (event: StudioEvent) => void
  /** Generations held for paging and saving, newest kept. */
  keep?: number
  /** And at most this many bytes of PNGs among them (the newest is always kept). */
  maxBytes?: number
  /** Generations that may run at once; more are refused until one ends. */
  maxRunning?: number
}

/**
 * The generations the engine made and still holds: each answer carries the first page of
 * images and an id; the rest are fetched by page, and `saveImages` writes them by id, so
 * no image bytes ever travel back from the page. Running ones can be cancelled.
 */
export class Generations {
  private readonly held = new Map<string, Held>()
  private readonly running = new Map<string, AbortController>()
  private readonly keep: number
  private readonly maxBytes: number
  private readonly maxRunning: number

  constructor(private readonly options: GenerationsOptions = {}) {
    this.keep = options.keep ?? 4
    this.maxBytes = options.maxBytes ?? 96 * 1024 * 1024
    this.maxRunning = options.maxRunning ?? 2
  }

  /** Runs `make` as generation `id` (or a fresh one) with progress events and a cancel signal. */
  async run(
    id: string | undefined,
    make: (control: GenerateControl) => Promise<RenderedImages>
  ): Promise<Generated> {
    const genId = id ?? randomUUID()
    if (this.running.has(genId)) {
      throw new StudioError(`Generation "${genId}" is already running.`, 'generation-running', {
        params: { id: genId }
      })
    }
    if (this.running.size >= this.maxRunning) {
      throw new StudioError(
        `${this.running.size} generations are running; wait for one to finish or cancel it.`,
        'too-many-generations',
        { params: { count: this.running.size } }
      )
    }
    const abort = new AbortController()
    this.running.set(genId, abort)
    try {
      const made = await make({
        signal: abort.signal,
        onProgress: (done, total) =>
          this.options.emit?.({ type: 'generate-progress', id: genId, done, total })
      })
      this.hold(genId, made)
      return {
        id: genId,
        count: made.images.length,
        grid: made.grid,
        images: made.images.slice(0, GENERATED_PAGE),
        labels: made.labels
      }
    } finally {
      this.running.delete(genId)
    }
  }

  cancel(id: string): { cancelled: boolean } {
    const abort = this.running.get(id)
    abort?.abort()
    return { cancelled: !!abort }
  }

  /** The generation's images and labels, or an error saying it is gone and what to do. */
  get(id: string): Held {
    const held = this.held.get(id)
    if (!held) {
      throw new StudioError(
        `The engine no longer holds generation "${id}" (it keeps the last ${this.keep}). ` +
          'Generate again: the same seed gives the same images.',
        'generation-not-found',
        { params: { id, keep: this.keep } }
      )
    }
    return held
  }

  page(id: string, start: number, count: number): GeneratedPage {
    const held = this.get(id)
    const end = Math.min(held.images.length, start + Math.min(count, GENERATED_PAGE))
    return {
      images: held.images.slice(start, end),
      labels: held.labels.slice(start, Math.max(start, end))
    }
  }

  private hold(id: string, made: RenderedImages): void {
    const bytes = made.images.reduce((n, png) => n + png.byteLength, 0)
    this.held.delete(id)
    this.held.set(id, { images: made.images, labels: made.labels, bytes })
    let total = [...this.held.values()].reduce((n, h) => n + h.bytes, 0)
    for (const [oldId, old] of this.held) {
      if (oldId === id) break
      if (this.held.size <= this.keep && total <= this.maxBytes) break
      this.held.delete(oldId)
      total -= old.bytes
    }
  }
}
