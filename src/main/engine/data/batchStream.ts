// Training batches from an in-memory ImageDataset: a seeded shuffle per epoch, pixels scaled
// to [-1, 1], and the next batch's arrays built while the trainer works on this one.
import * as tf from '@tensorflow/tfjs'
import { BatchStreamStateSchema, type BatchStreamState } from '../../../shared/dataset'
import { DatasetError } from './datasetError'
import type { ImageDataset } from './imageDataset'
import { permutation } from './prng'

export type { BatchStreamState }

export interface BatchStreamOptions {
  batchSize: number
  seed: number
  /** Skip an epoch's last, smaller batch (every batch then has `batchSize` images). */
  dropLast?: boolean
}

export interface Batch {
  /** [n, size, size, channels], float32 in [-1, 1]. The caller disposes it. */
  x: tf.Tensor4D
  /** [n] int32 class labels. The caller disposes it. */
  y: tf.Tensor1D
  /** 0-based epoch this batch belongs to. */
  epoch: number
  /** 0-based index of this batch within its epoch. */
  step: number
  /** 0-based index of this batch since the start of the run. */
  globalStep: number
}

interface Prepared {
  epoch: number
  position: number
  x: Float32Array
  y: Int32Array
}

// byte → [-1, 1] once, instead of a division per pixel.
const TO_UNIT = Float32Array.from({ length: 256 }, (_, v) => v / 127.5 - 1)

export class BatchStream {
  private readonly batchSize: number
  private readonly dropLast: boolean
  private seed: number
  private epoch = 0
  private position = 0
  private globalStep = 0
  private orders: { epoch: number; order: Uint32Array }[] = []
  private prepared: Prepared | undefined
  private prefetch: ReturnType<typeof setImmediate> | undefined
  private disposed = false

  constructor(
    private readonly dataset: ImageDataset,
    opts: BatchStreamOptions
  ) {
    if (!Number.isInteger(opts.batchSize) || opts.batchSize < 1) {
      throw new DatasetError(
        'bad-options',
        `Batch size must be a whole number ≥ 1, not ${opts.batchSize}.`,
        { params: { reason: `batchSize = ${opts.batchSize}` } }
      )
    }
    if (!Number.isSafeInteger(opts.seed)) {
      throw new DatasetError(
        'bad-options',
        `The shuffle seed must be an integer, not ${opts.seed}.`,
        { params: { reason: `seed = ${opts.seed}` } }
      )
    }
    if (dataset.count === 0)
      throw new DatasetError('dataset-empty', 'The dataset has no images to train on.')
    this.batchSize = opts.batchSize
    this.dropLast = opts.dropLast ?? false
    this.seed = opts.seed
    if (this.dropLast && dataset.count < this.batchSize) {
      throw new DatasetError(
        'batch-too-large',
        `The batch size (${this.batchSize}) is larger than the dataset (${dataset.count} images), ` +
          'so no whole batch fits. Choose a batch size of at most the dataset size.',
        { params: { batchSize: this.batchSize, count: dataset.count } }
      )
    }
  }

  get stepsPerEpoch(): number {
    const n = this.dataset.count / this.batchSize
    return this.dropLast ? Math.floor(n) : Math.ceil(n)
  }

  next(): Batch {
    if (this.disposed) throw new Error('BatchStream.next() after dispose()')
    const { epoch, position } = this.upcoming()
    const ready =
      this.prepared?.epoch === epoch && this.prepared.position === position
        ? this.prepared
        : this.build(epoch, position)
    this.prepared = undefined
    const n = ready.y.length
    this.epoch = epoch
    this.position = position + n
    const globalStep = this.globalStep++
    this.schedulePrefetch()
    const { size, channels } = this.dataset
    return {
      x: tf.tensor4d(ready.x, [n, size, size, channels], 'float32'),
      y: tf.tensor1d(ready.y, 'int32'),
      epoch,
      step: Math.floor(position / this.batchSize),
      globalStep
    }
  }

  getState(): BatchStreamState {
    return {
      version: 1,
      seed: this.seed,
      count: this.dataset.count,
      batchSize: this.batchSize,
      dropLast: this.dropLast,
      epoch: this.epoch,
      position: this.position,
      globalStep: this.globalStep
    }
  }

  /** Continues from a saved state: the same seed and dataset give the same remaining order. */
  restore(state: BatchStreamState): void {
    const parsed = BatchStreamStateSchema.safeParse(state)
    if (!parsed.success) {
      throw new DatasetError(
        'bad-state',
        `The saved data position is not valid: ${parsed.error.message}`,
        { params: { reason: parsed.error.message } }
      )
    }
    const s = parsed.data
    if (s.count !== this.dataset.count || s.position > s.count) {
      throw new DatasetError(
        'stream-size-mismatch',
        `The saved data position is for a dataset of ${s.count} images, but this one has ` +
          `${this.dataset.count}. Reopen the same dataset to resume, or start a new run.`,
        { params: { saved: s.count, count: this.dataset.count } }
      )
    }
    this.seed = s.seed
    this.epoch = s.epoch
    this.position = s.position
    this.globalStep = s.globalStep
    this.orders = []
    this.prepared = undefined
    this.cancelPrefetch()
  }

  dispose(): void {
    this.disposed = true
    this.cancelPrefetch()
    this.prepared = undefined
    this.orders = []
  }

  /** Where the next batch starts: here, or at the top of the next epoch. */
  private upcoming(): { epoch: number; position: number } {
    const left = this.dataset.count - this.position
    const done = this.dropLast ? left < this.batchSize : left <= 0
    return done
      ? { epoch: this.epoch + 1, position: 0 }
      : { epoch: this.epoch, position: this.position }
  }

  private orderOf(epoch: number): Uint32Array {
    const known = this.orders.find((o) => o.epoch === epoch)
    if (known) return known.order
    const order = permutation(this.dataset.count, this.seed, epoch)
    // The current epoch and the next are all a stream ever needs.
    this.orders = [...this.orders.filter((o) => o.epoch >= epoch - 1), { epoch, order }]
    return order
  }

  private build(epoch: number, position: number): Prepared {
    const order = this.orderOf(epoch)
    const n = Math.min(this.batchSize, this.dataset.count - position)
    const { size, channels, images, labels } = this.dataset
    const area = size * size * channels
    const x = new Float32Array(n * area)
    const y = new Int32Array(n)
    for (let b = 0; b < n; b++) {
      const index = order[position + b]!
      y[b] = labels[index]!
      const src = index * area
      const dst = b * area
      for (let p = 0; p < area; p++) x[dst + p] = TO_UNIT[images[src + p]!]!
    }
    return { epoch, position, x, y }
  }

  /** Builds the next batch once the caller yields to the event loop (e.g. awaiting the GPU). */
  private schedulePrefetch(): void {
    this.cancelPrefetch()
    this.prefetch = setImmediate(() => {
      this.prefetch = undefined
      if (this.disposed) return
      const { epoch, position } = this.upcoming()
      this.prepared = this.build(epoch, position)
    })
  }

  private cancelPrefetch(): void {
    if (this.prefetch) clearImmediate(this.prefetch)
    this.prefetch = undefined
  }
}
