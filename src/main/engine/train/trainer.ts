import * as tf from '@tensorflow/tfjs'
import type { Progress, TrainConfig, TrainingState } from '../../../shared/train'
import { BatchStream, type ImageDataset } from '../data/index'
import { tensorGridPng } from '../image/grid'
import {
  applyModel,
  buildDiscriminator,
  buildGenerator,
  RESOLUTIONS,
  type DcganSpec
} from '../models/dcgan'
import { mix32 } from '../models/initializers'
import { RunFolder } from '../runs/runFolder'
import { ProgressMeter, type StepStats } from './progressMeter'
import { discriminatorStep, generatorStep, type Gan, type StepSettings } from './step'

export interface SampleGrid {
  step: number
  /** PNG of the grid from fixed noise: one row per class (unconditional: rows of noise). */
  png: Uint8Array<ArrayBuffer>
  rowLabels: string[]
}

export interface TrainerOptions {
  config: TrainConfig
  dataset: ImageDataset
  runId: string
  /** The run's own folder (runs/<id>); without it nothing is written to disk. */
  runDir?: string
  onProgress?: (progress: Progress) => void
  onSamples?: (grid: SampleGrid) => void
  /**
   * Changes while running: 'running' (at start, and on resume), 'paused', 'stopping'.
   * The final state is what `run()` resolves to.
   */
  onState?: (state: TrainingState, message?: string) => void
  /** Least time between progress records (default 250 ms); 0 records every step. */
  progressIntervalMs?: number
}

export interface TrainerResult {
  state: 'finished' | 'stopped' | 'failed'
  /** The last step completed. */
  step: number
  message?: string
}

/** Columns of the sample grid: the same noise vector down each column. */
const SAMPLE_COLUMNS = 8
/** Rows of an unconditional grid, and the most class rows a grid shows. */
const UNCONDITIONAL_ROWS = 4
const MAX_SAMPLE_ROWS = 24
/** Metrics reach disk at every sample step, and at least this often. */
const METRICS_FLUSH_MS = 10_000

/** A loss went NaN or infinite: the step that produced it is thrown away. */
class NonFiniteLoss extends Error {}

/**
 * Trains one conditional (or unconditional) DCGAN on a dataset: the loop around
 * step.ts. It owns the models, optimisers, data order, pacing, events and the run folder;
 * it yields to the event loop between steps so the process stays responsive, and honours
 * pause, resume and stop at step boundaries.
 *
 * Seeded: weights, data order and every noise draw derive from `config.seed`, so a run
 * repeats exactly on one backend.
 */
export class Trainer {
  private started = false
  private paused = false
  private stopRequested = false
  private wake: (() => void) | null = null

  constructor(private readonly opts: TrainerOptions) {}

  /** Pauses at the next step boundary. */
  pause(): void {
    if (!this.stopRequested) this.paused = true
  }

  resume(): void {
    this.paused = false
    this.wake?.()
  }

  /** Stops at the next step boundary (also from a pause); `run()` then resolves 'stopped'. */
  stop(): void {
    if (this.stopRequested) return
    this.stopRequested = true
    if (this.started) this.opts.onState?.('stopping')
    this.wake?.()
  }

  async run(): Promise<TrainerResult> {
    if (this.started) throw new Error('A Trainer runs once; create another for a new run.')
    this.started = true
    const { config, dataset } = this.opts
    const owned: tf.TensorContainer[] = []
    const disposables: { dispose(): void }[] = []
    let step = 0
    let folder: RunFolder | undefined

    try {
      const classes = dataset.labeled ? dataset.classNames.length : 1
      const conditional = config.conditional && classes > 1
      const note =
        config.conditional && !conditional
          ? `Training without labels: ${dataset.name} has ${dataset.labeled ? 'one class' : 'no class folders'}.`
          : undefined
      if (dataset.count < config.batchSize) {
        throw new Error(
          `${dataset.name} has ${dataset.count} images, fewer than one batch of ${config.batchSize}. ` +
            'Lower the batch size or add images.'
        )
      }

      const resolution = RESOLUTIONS.find((r) => r === dataset.size)
      if (!resolution) {
        throw new Error(
          `dcgan trains on ${RESOLUTIONS.join(', ')} pixel images; this dataset is ${dataset.size}×${dataset.size}. ` +
            'Reopen it at one of those resolutions.'
        )
      }
      const spec: DcganSpec = {
        resolution,
        channels: dataset.channels,
        noiseDim: config.noiseDim,
        numClasses: conditional ? classes : 0,
        width: config.modelWidth,
        seed: config.seed
      }
      const gan: Gan = {
        generator: buildGenerator(spec),
        discriminator: buildDiscriminator(spec),
        gOptimizer: tf.train.adam(config.lrG, config.beta1, config.beta2),
        dOptimizer: tf.train.adam(config.lrD, config.beta1, config.beta2)
      }
      disposables.push(gan.generator, gan.discriminator, gan.gOptimizer, gan.dOptimizer)
      const settings: StepSettings = {
        loss: config.loss,
        noiseDim: config.noiseDim,
        numClasses: spec.numClasses,
        labelSmoothing: config.labelSmoothing,
        mismatchedLabels: config.mismatchedLabels && conditional,
        gpWeight: config.gpWeight
      }

      const stream = new BatchStream(dataset, {
        batchSize: config.batchSize,
        seed: config.seed,
        dropLast: true
      })
      disposables.push(stream)
      // An epoch is one pass of D over the data; G steps once per k D batches.
      const totalSteps =
        config.maxSteps ??
        Math.max(1, Math.floor((config.epochs * stream.stepsPerEpoch) / config.dSteps))

      const samples = this.sampleInputs(spec, dataset, config.seed)
      owned.push(samples.z, samples.labels)

      if (this.opts.runDir) {
        folder = await RunFolder.create(this.opts.runDir)
        await folder.writeConfig({
          runId: this.opts.runId,
          createdAt: new Date().toISOString(),
          backend: tf.getBackend(),
          config,
          dataset: {
            name: dataset.name,
            classNames: dataset.classNames,
            labeled: dataset.labeled,
            count: dataset.count,
            size: dataset.size,
            channels: dataset.channels
          },
          model: {
            ...spec,
            totalSteps,
            generatorParams: gan.generator.countParams(),
            discriminatorParams: gan.discriminator.countParams()
          }
        })
      }

      const meter = new ProgressMeter({
        runId: this.opts.runId,
        totalSteps,
        imagesPerStep: config.batchSize * config.dSteps,
        intervalMs: this.opts.progressIntervalMs ?? 250
      })
      let lastFlush = performance.now()
      let lastSampleStep = 0
      let epoch = 1
      let dUpdates = 0

      const writeSamples = async (at: number) => {
        const grid = await this.sampleGrid(gan.generator, samples, at)
        if (folder) await folder.writeSample(at, grid.png)
        lastSampleStep = at
        this.opts.onSamples?.(grid)
      }
      const record = (at: number) => {
        const progress = meter.take(at, epoch)
        folder?.addMetric(progress)
        this.opts.onProgress?.(progress)
      }

      this.opts.onState?.('running', note)
      while (step < totalSteps) {
        if (!(await this.atStepBoundary())) break
        const started = performance.now()
        const next = step + 1

        // k discriminator updates, then one generator update on the last batch's labels
        // and noise (as the peer does for k = 1: G's fakes are the ones D just saw).
        const dStats = { loss: 0, dReal: 0, dFake: 0 }
        let gLabels: tf.Tensor1D | undefined
        let gSeed = 0
        try {
          for (let k = 0; k < config.dSteps; k++) {
            const batch = stream.next()
            epoch = batch.epoch + 1
            gLabels?.dispose()
            gLabels = batch.y
            gSeed = mix32(config.seed, ++dUpdates)
            try {
              const d = discriminatorStep(gan, settings, {
                x: batch.x,
                y: batch.y,
                seed: gSeed,
                noiseStd: instanceNoiseStd(config, next)
              })
              if (!d.applied)
                throw new NonFiniteLoss(nonFiniteMessage('discriminator', d.loss, next))
              dStats.loss += d.loss / config.dSteps
              dStats.dReal += d.dReal / config.dSteps
              dStats.dFake += d.dFake / config.dSteps
            } finally {
              batch.x.dispose()
            }
          }
          const g = generatorStep(gan, settings, {
            y: gLabels!,
            seed: gSeed,
            noiseStd: instanceNoiseStd(config, next)
          })
          if (!g.applied) throw new NonFiniteLoss(nonFiniteMessage('generator', g.loss, next))
          const stats: StepStats = {
            dLoss: dStats.loss,
            gLoss: g.loss,
            dReal: dStats.dReal,
            dFake: dStats.dFake
          }
          meter.add(stats, performance.now() - started)
        } finally {
          gLabels?.dispose()
        }
        step = next

        const sampleDue = step % config.sampleEvery === 0 || step === totalSteps
        if (meter.due(step === 1 || sampleDue)) record(step)
        if (sampleDue) await writeSamples(step)
        if (folder && (sampleDue || performance.now() - lastFlush > METRICS_FLUSH_MS)) {
          await folder.flushMetrics()
          lastFlush = performance.now()
        }
      }

      // Stopped early: keep the last steps' record and a grid of where the run ended.
      if (meter.due(true)) record(step)
      if (step > 0 && lastSampleStep !== step) await writeSamples(step)
      await folder?.flushMetrics()
      return this.stopRequested && step < totalSteps
        ? { state: 'stopped', step, message: `Stopped at step ${step} of ${totalSteps}.` }
        : { state: 'finished', step }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      // Records from steps before the bad one are good: keep them. The bad step wrote nothing.
      if (err instanceof NonFiniteLoss) await folder?.flushMetrics().catch(() => undefined)
      return { state: 'failed', step, message }
    } finally {
      tf.dispose(owned)
      for (const d of disposables.reverse()) d.dispose()
    }
  }

  /** Yields to the event loop, waits out a pause; false when the run should stop. */
  private async atStepBoundary(): Promise<boolean> {
    await new Promise((resolve) => setImmediate(resolve))
    if (this.paused && !this.stopRequested) {
      this.opts.onState?.('paused')
      while (this.paused && !this.stopRequested) {
        await new Promise<void>((resolve) => (this.wake = resolve))
        this.wake = null
      }
      if (!this.stopRequested) this.opts.onState?.('running')
    }
    return !this.stopRequested
  }

  /** Fixed noise for the sample grid: one z per column, shared by every row (class). */
  private sampleInputs(spec: DcganSpec, dataset: ImageDataset, seed: number) {
    const rows =
      spec.numClasses > 0 ? Math.min(spec.numClasses, MAX_SAMPLE_ROWS) : UNCONDITIONAL_ROWS
    const rowLabels =
      spec.numClasses > 0
        ? dataset.classNames.slice(0, rows)
        : Array.from({ length: rows }, () => '')
    return tf.tidy(() => {
      const columnZ = tf.randomNormal(
        [SAMPLE_COLUMNS, spec.noiseDim],
        0,
        1,
        'float32',
        mix32(seed, 0x5a3e)
      )
      const z =
        spec.numClasses > 0
          ? tf.tile(columnZ, [rows, 1])
          : tf.randomNormal(
              [rows * SAMPLE_COLUMNS, spec.noiseDim],
              0,
              1,
              'float32',
              mix32(seed, 0x5a3e)
            )
      const classOfImage = Array.from({ length: rows * SAMPLE_COLUMNS }, (_, i) =>
        Math.floor(i / SAMPLE_COLUMNS)
      )
      const labels =
        spec.numClasses > 0
          ? tf.oneHot(tf.tensor1d(classOfImage, 'int32'), spec.numClasses).toFloat()
          : tf.zeros([0])
      return { z, labels: labels as tf.Tensor2D, rows, rowLabels }
    })
  }

  private async sampleGrid(
    generator: tf.LayersModel,
    samples: { z: tf.Tensor; labels: tf.Tensor2D; rows: number; rowLabels: string[] },
    step: number
  ): Promise<SampleGrid> {
    // Inference mode: BN's moving averages, as the peer's g.eval(), so a sample does not
    // depend on which other samples share its batch.
    const images = tf.tidy(
      () =>
        applyModel(
          generator,
          samples.z,
          samples.labels.size > 0 ? samples.labels : null,
          false
        ) as tf.Tensor4D
    )
    try {
      const png = await tensorGridPng(images, { rows: samples.rows, cols: SAMPLE_COLUMNS })
      return { step, png, rowLabels: samples.rowLabels }
    } finally {
      images.dispose()
    }
  }
}

/** Instance noise decays linearly from `std` at step 1 to 0 at `decaySteps`. */
export function instanceNoiseStd(config: TrainConfig, step: number): number {
  const { std, decaySteps } = config.instanceNoise
  return std * Math.max(0, 1 - (step - 1) / decaySteps)
}

function nonFiniteMessage(
  which: 'discriminator' | 'generator',
  loss: number,
  step: number
): string {
  return (
    `Training stopped at step ${step}: the ${which} loss became ${loss} (not a finite number). ` +
    'Nothing from that step was saved. Lower the learning rates, or try another loss (wgan-gp or hinge).'
  )
}
