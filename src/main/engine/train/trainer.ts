import { existsSync } from 'node:fs'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { reasonOf, type ErrorParams } from '../../../shared/errorCodes'
import { StudioError } from '../../../shared/rpc'
import type { Progress, TrainConfig, TrainingState } from '../../../shared/train'
import { BatchStream, type ImageDataset } from '../data/index'
import { buildDiscriminatorFor, buildGeneratorFor } from '../models/build'
import { RESOLUTIONS, type DcganSpec } from '../models/dcgan'
import { mix32 } from '../models/initializers'
import {
  checkResumable,
  loadWeightsInto,
  readManifest,
  restoreOptimizers,
  checkFiles,
  discardAfter,
  GENERATOR_DIR,
  GENERATOR_EMA_DIR,
  DISCRIMINATOR_DIR,
  hasGeneratorEma,
  MANIFEST,
  type FileWriter
} from '../runs/checkpoint'
import { saveTrainingCheckpoint } from '../runs/trainerCheckpoint'
import { RunFolder } from '../runs/runFolder'
import { TrainingScorer, type TrainingScoringOptions } from '../score/trainingScorer'
import { AdaptiveAugment } from '../augment/diffAugment'
import { GeneratorEma } from './ema'
import { FixedNoiseGrid, type SampleGrid } from './fixedNoiseGrid'
import { ProgressMeter, type StepStats } from './progressMeter'
import { discriminatorStep, generatorStep, type Gan, type StepSettings } from './step'

export type { SampleGrid }

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
  /** A checkpoint folder (checkpoints/step-<n>) to continue from: weights, optimisers, data order, noise. */
  resumeFrom?: string
  /** A problem the run carries on past (a checkpoint that could not be written). */
  onWarning?: (message: string, reason?: { code: string; params?: ErrorParams }) => void
  /** Writes checkpoint files (default: atomicWrite); tests inject a failing one. */
  checkpointWriter?: FileWriter
  /** How checkpoints are scored when `config.scoreEvery` is set (judge, count, cache). */
  scoring?: TrainingScoringOptions
  /** Lines worth showing a person: the scores of a checkpoint, the judge's training. */
  onLog?: (message: string) => void
}

export interface TrainerResult {
  state: 'finished' | 'stopped' | 'failed'
  /** The last step completed. */
  step: number
  message?: string
  /** `message` in code form (errorCodes.ts), for the UI to word it. */
  code?: string
  params?: ErrorParams
}

/**
 * Metrics are appended at every sample step and at least this often, and appended and
 * fsynced at every checkpoint and at the end, so a crash loses at most these last seconds.
 */
const METRICS_FLUSH_MS = 2_000

/** Everything one run holds while it trains; `dispose` releases it all. */
interface Session {
  spec: DcganSpec
  gan: Gan
  settings: StepSettings
  stream: BatchStream
  grid: FixedNoiseGrid
  /** The moving average of G's weights (config.ema), which samples and checkpoints use. */
  ema?: GeneratorEma
  /** ADA's controller of the augmentation probability (config.augment 'adaptive'). */
  ada?: AdaptiveAugment
  totalSteps: number
  /** Seeds every noise draw (with the step); a resumed run keeps its checkpoint's. */
  noiseSeed: number
  /** Why the run trains differently from its config, if it does. */
  note?: string
  dispose(): void
}

/** A loss went NaN or infinite: the step that produced it is thrown away. */
class NonFiniteLoss extends StudioError {
  constructor(which: 'discriminator' | 'generator', loss: number, step: number) {
    super(nonFiniteMessage(which, loss, step), `nan-loss-${which}`, {
      params: { step, loss: String(loss) }
    })
  }
}

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
    const { config, runId } = this.opts
    let session: Session | undefined
    let folder: RunFolder | undefined
    let step = 0
    let epoch = 1
    const warnings: string[] = []
    let scorer: TrainingScorer | undefined
    let checkpointsSaved = 0

    try {
      session = this.setUp()
      const { gan, grid, totalSteps } = session
      if (this.opts.resumeFrom)
        ({ step, epoch } = await this.restore(session, this.opts.resumeFrom))
      if (this.opts.runDir && this.opts.resumeFrom) {
        folder = await RunFolder.open(this.opts.runDir, step)
        if (!existsSync(folder.configPath)) await folder.writeConfig(this.configRecord(session))
        // Checkpoints and grids after the resumed step belong to a future this run replaces.
        await discardAfter(folder.checkpointsDir, folder.samplesDir, step)
      } else if (this.opts.runDir) {
        folder = await RunFolder.create(this.opts.runDir)
        await folder.writeConfig(this.configRecord(session))
      }
      const meterOptions = {
        runId,
        totalSteps,
        imagesPerStep: config.batchSize * config.dSteps
      }
      // Events are paced for a UI; metrics.jsonl keeps every step.
      const meter = new ProgressMeter({
        ...meterOptions,
        intervalMs: this.opts.progressIntervalMs ?? 250
      })
      const stepMeter = new ProgressMeter({ ...meterOptions, intervalMs: 0 })
      let lastSampleStep = step
      let lastSample: SampleGrid | undefined
      let lastCheckpointStep = step
      let lastStats: StepStats | undefined
      let lastFlush = performance.now()
      let flushWarned = false
      // A failed append (a full disk) keeps the records for the next one; the run goes on.
      const flush = async (sync: boolean) => {
        if (!folder) return
        lastFlush = performance.now()
        try {
          await folder.flushMetrics({ sync })
        } catch (err) {
          if (flushWarned) return
          flushWarned = true
          const why = err instanceof Error ? err.message : String(err)
          const warning = `Metrics could not be written to ${folder.metricsPath} (${why}); training goes on and they are written when the disk allows.`
          warnings.push(warning)
          const full = (err as NodeJS.ErrnoException | undefined)?.code === 'ENOSPC'
          this.opts.onWarning?.(warning, {
            code: full ? 'disk-full' : 'metrics-write-failed',
            params: { path: folder.metricsPath, reason: why }
          })
        }
      }
      const record = () => this.opts.onProgress?.(meter.take(step, epoch))
      // With EMA on, every picture of the run comes from the averaged weights.
      const sampler = session.ema?.model ?? gan.generator
      // …with BN statistics of its own output, measured once per step it is used at.
      let stoodAt = -1
      const standEma = () => {
        if (!session?.ema || stoodAt === step) return
        session.ema.stand({ seed: session.noiseSeed, batchSize: config.batchSize })
        stoodAt = step
      }
      const sample = async () => {
        standEma()
        const samples = await grid.render(sampler, step)
        await folder?.writeSample(step, samples.png)
        lastSampleStep = step
        lastSample = samples
        this.opts.onSamples?.(samples)
        // ADA's p is the one number of the run that moves on its own: say where it stands.
        if (session?.ada) {
          this.opts.onLog?.(
            `Adaptive augmentation at step ${step}: p = ${session.ada.p.toFixed(3)}`
          )
        }
      }
      const checkpoint = async () => {
        if (!folder || !session || !lastStats) return
        lastCheckpointStep = step
        // The metrics up to this step are on disk before the checkpoint that follows them.
        await flush(true)
        standEma()
        const thumbnail =
          lastSample?.step === step ? lastSample.png : (await grid.render(sampler, step)).png
        const warning = await saveTrainingCheckpoint({
          folder,
          step,
          epoch,
          stats: lastStats,
          thumbnail,
          gan: session.ema ? { ...gan, generatorEma: session.ema.model } : gan,
          stream: session.stream,
          spec: session.spec,
          noiseSeed: session.noiseSeed,
          augmentP: session.ada?.p,
          config,
          dataset: this.opts.dataset,
          runId,
          write: this.opts.checkpointWriter
        })
        if (warning) {
          warnings.push(warning.message)
          this.opts.onWarning?.(warning.message, { code: warning.code, params: warning.params })
        }
        // Every n-th checkpoint actually written (a failed save has no manifest) is scored.
        const dir = folder.checkpointDir(step)
        if (!config.scoreEvery || !existsSync(join(dir, MANIFEST))) return
        checkpointsSaved += 1
        if (checkpointsSaved % config.scoreEvery !== 0) return
        scorer ??= new TrainingScorer(this.opts.dataset, {
          ...this.opts.scoring,
          onLog: (message) => this.opts.onLog?.(message),
          onWarning: (message) => {
            warnings.push(message)
            this.opts.onWarning?.(message)
          }
        })
        await scorer.score(dir, step)
      }

      this.opts.onState?.('running', session.note)
      while (step < totalSteps && (await this.atStepBoundary())) {
        const started = performance.now()
        const result = this.trainStep(session, step + 1)
        // Only a step that finished counts: a NaN step has thrown before this line.
        step += 1
        epoch = result.epoch
        const elapsed = performance.now() - started
        meter.add(result.stats, elapsed)
        stepMeter.add(result.stats, elapsed)
        folder?.addMetric(stepMeter.take(step, epoch))
        lastStats = result.stats

        const sampleDue = step % config.sampleEvery === 0 || step === totalSteps
        if (meter.due(step === 1 || sampleDue)) record()
        if (sampleDue) await sample()
        if (sampleDue || performance.now() - lastFlush > METRICS_FLUSH_MS) await flush(false)
        if (step % config.checkpointEvery === 0 || endsEpoch(session.stream)) await checkpoint()
      }

      // Stopped early: keep the last steps' record and a grid of where the run ended.
      if (meter.due(true)) record()
      if (step > 0 && lastSampleStep !== step) await sample()
      await flush(true)
      if (lastCheckpointStep !== step) await checkpoint()
      const warned = warnings.length > 0 ? warnings.join(' ') : undefined
      return step < totalSteps
        ? {
            state: 'stopped',
            step,
            message: [`Stopped at step ${step} of ${totalSteps}.`, warned]
              .filter(Boolean)
              .join(' '),
            code: 'stopped-at-step',
            params: { step, total: totalSteps }
          }
        : warned
          ? { state: 'finished', step, message: warned }
          : { state: 'finished', step }
    } catch (err) {
      // Records of the steps before a bad one are good: keep them. The bad step wrote nothing.
      await folder?.flushMetrics({ sync: true }).catch(() => undefined)
      return {
        state: 'failed',
        step,
        message: err instanceof Error ? err.message : String(err),
        ...reasonOf(err)
      }
    } finally {
      session?.dispose()
      scorer?.dispose()
    }
  }

  /** Checks the data against the config and builds the models, optimisers and data order. */
  private setUp(): Session {
    const { config, dataset } = this.opts
    const classes = dataset.labeled ? dataset.classNames.length : 1
    const conditional = config.conditional && classes > 1
    const resolution = RESOLUTIONS.find((r) => r === dataset.size)
    if (!resolution) {
      throw new StudioError(
        `dcgan trains on ${RESOLUTIONS.join(', ')} pixel images; this dataset is ${dataset.size}×${dataset.size}. ` +
          'Reopen it at one of those resolutions.',
        'resolution-unsupported',
        { params: { sizes: RESOLUTIONS.join(', '), size: dataset.size } }
      )
    }
    if (dataset.count < config.batchSize) {
      throw new StudioError(
        `${dataset.name} has ${dataset.count} images, fewer than one batch of ${config.batchSize}. ` +
          'Lower the batch size or add images.',
        'too-few-images',
        { params: { name: dataset.name, count: dataset.count, batchSize: config.batchSize } }
      )
    }

    const spec: DcganSpec = {
      resolution,
      channels: dataset.channels,
      noiseDim: config.noiseDim,
      numClasses: conditional ? classes : 0,
      width: config.modelWidth,
      seed: config.seed,
      conditioning: config.conditioning,
      spectralNorm: config.spectralNorm,
      architecture: config.model
    }
    const stream = new BatchStream(dataset, {
      batchSize: config.batchSize,
      seed: config.seed,
      dropLast: true
    })
    const gan: Gan = {
      generator: buildGeneratorFor(spec),
      discriminator: buildDiscriminatorFor(spec),
      gOptimizer: tf.train.adam(config.lrG, config.beta1, config.beta2),
      dOptimizer: tf.train.adam(config.lrD, config.beta1, config.beta2)
    }
    const grid = new FixedNoiseGrid(spec, dataset.classNames, config.seed)
    const ema = config.ema
      ? new GeneratorEma(gan.generator, buildGeneratorFor(spec), config.emaDecay)
      : undefined
    const ada =
      config.augment === 'adaptive' ? new AdaptiveAugment(0, config.augmentTarget) : undefined
    // An epoch is one pass of D over the data; G steps once per k D batches.
    const totalSteps =
      config.maxSteps ??
      Math.max(1, Math.floor((config.epochs * stream.stepsPerEpoch) / config.dSteps))

    return {
      spec,
      gan,
      settings: {
        loss: config.loss,
        noiseDim: config.noiseDim,
        numClasses: spec.numClasses,
        labelSmoothing: config.labelSmoothing,
        mismatchedLabels: config.mismatchedLabels && conditional,
        gpWeight: config.gpWeight,
        augment:
          config.augment === 'off'
            ? null
            : { ops: config.augmentOps, p: ada ? ada.p : config.augmentStrength },
        r1Gamma: config.r1Gamma
      },
      stream,
      grid,
      ema,
      ada,
      totalSteps,
      noiseSeed: config.seed,
      note:
        config.conditional && !conditional
          ? `Training without labels: ${dataset.name} has ${dataset.labeled ? 'one class' : 'no class folders'}.`
          : undefined,
      dispose: () => {
        grid.dispose()
        ema?.dispose()
        stream.dispose()
        for (const d of [gan.generator, gan.discriminator, gan.gOptimizer, gan.dOptimizer]) {
          d.dispose()
        }
      }
    }
  }

  /**
   * One generator step: k discriminator updates, then one generator update on the last
   * batch's labels and noise (for k = 1 exactly the peer's step: G's fakes are the ones D
   * just saw). Throws NonFiniteLoss, with the weights untouched, on a NaN or infinite loss.
   */
  private trainStep(session: Session, step: number): { stats: StepStats; epoch: number } {
    const { config } = this.opts
    const { gan, settings, stream, noiseSeed } = session
    const k = config.dSteps
    const noiseStd = instanceNoiseStd(config, step)
    const d = { loss: 0, dReal: 0, dFake: 0 }
    let labels: tf.Tensor1D | undefined
    let seed = 0
    let epoch = 1
    try {
      for (let i = 0; i < k; i++) {
        const batch = stream.next()
        epoch = batch.epoch + 1
        labels?.dispose()
        labels = batch.y
        // Every D update draws from its own seed; the G update reuses the last one's.
        seed = mix32(noiseSeed, (step - 1) * k + i + 1)
        try {
          const r = discriminatorStep(gan, settings, { x: batch.x, y: batch.y, seed, noiseStd })
          if (!r.applied) throw new NonFiniteLoss('discriminator', r.loss, step)
          if (session.ada && settings.augment) {
            settings.augment.p = session.ada.update(r.realSign ?? NaN, batch.x.shape[0])
          }
          d.loss += r.loss / k
          d.dReal += r.dReal / k
          d.dFake += r.dFake / k
        } finally {
          batch.x.dispose()
        }
      }
      const g = generatorStep(gan, settings, { y: labels!, seed, noiseStd })
      if (!g.applied) throw new NonFiniteLoss('generator', g.loss, step)
      session.ema?.update(step)
      return { stats: { dLoss: d.loss, gLoss: g.loss, dReal: d.dReal, dFake: d.dFake }, epoch }
    } finally {
      labels?.dispose()
    }
  }

  /**
   * Continues from a checkpoint: refuses one of another architecture or dataset, then loads
   * the weights, both optimisers' slots, the data position and the noise seed.
   */
  private async restore(session: Session, dir: string): Promise<{ step: number; epoch: number }> {
    const manifest = await readManifest(dir)
    const differences = checkResumable(manifest, {
      spec: session.spec,
      ema: this.opts.config.ema,
      dataset: this.opts.dataset
    })
    if (differences.length > 0) {
      throw new StudioError(
        `Cannot resume from ${dir}: the run differs from the checkpoint in ${differences.join('; ')}.`,
        'not-resumable',
        { params: { path: dir, differences: differences.join('; ') } }
      )
    }
    const problem = await checkFiles(dir, manifest)
    if (problem) {
      throw new StudioError(`Cannot resume from ${dir}: ${problem}.`, 'checkpoint-corrupt', {
        params: { path: dir, problem }
      })
    }
    await loadWeightsInto(session.gan.generator, join(dir, GENERATOR_DIR))
    await loadWeightsInto(session.gan.discriminator, join(dir, DISCRIMINATOR_DIR))
    if (session.ema) {
      // A checkpoint saved without EMA (it was off) starts the average at G's weights.
      if (hasGeneratorEma(manifest)) {
        await loadWeightsInto(session.ema.model, join(dir, GENERATOR_EMA_DIR))
      } else session.ema.copy()
    }
    await restoreOptimizers(dir, session.gan.gOptimizer, session.gan.dOptimizer)
    if (session.ada && session.settings.augment) {
      // ADA's p goes on from where the run left it; a checkpoint from before p was kept has none.
      const saved = manifest.augment?.p
      session.ada.p = saved ?? 0
      session.settings.augment.p = session.ada.p
      this.opts.onLog?.(
        saved === undefined
          ? `Adaptive augmentation: ${dir} does not record p (saved before it was kept), so p starts again from 0.`
          : `Adaptive augmentation: p = ${saved.toFixed(3)} from step ${manifest.step}.`
      )
    }
    session.stream.restore(manifest.stream)
    session.noiseSeed = manifest.rng.seed
    return { step: manifest.step, epoch: manifest.epoch }
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

  /** What config.json records: the config, the data and model it met, the backend. */
  private configRecord(session: Session): unknown {
    const { config, dataset, runId } = this.opts
    return {
      runId,
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
        ...session.spec,
        totalSteps: session.totalSteps,
        generatorParams: session.gan.generator.countParams(),
        discriminatorParams: session.gan.discriminator.countParams()
      }
    }
  }
}

/** True when the stream's next batch starts a new epoch. */
function endsEpoch(stream: BatchStream): boolean {
  const s = stream.getState()
  return s.dropLast ? s.count - s.position < s.batchSize : s.position >= s.count
}

/** Instance noise decays linearly from `std` at step 1 to 0 at `decaySteps`. */
export function instanceNoiseStd(config: TrainConfig, step: number): number {
  const { std, decaySteps } = config.instanceNoise
  return std * Math.max(0, 1 - (step - 1) / decaySteps)
}

function nonFiniteMessage(which: 'discriminator' | 'generator', loss: number, step: number) {
  return (
    `Training stopped at step ${step}: the ${which} loss became ${loss} (not a finite number). ` +
    'Nothing from that step was saved. Lower the learning rates, or try another loss (wgan-gp or hinge).'
  )
}
