import * as tf from '@tensorflow/tfjs'
import {
  LabConfigSchema,
  type LabConfig,
  type LabConfigInput,
  type LabFrame,
  type LabLoss
} from '../../../shared/lab'
import { mix32 } from '../models/initializers'
import { discriminatorLoss, generatorLoss } from '../train/losses'
import {
  binWidth,
  gridPoints,
  histogramDensity,
  jsDivergence,
  kdeOnGrid,
  meanGapOn,
  mixtureBinMasses,
  optimalDiscriminator,
  sampleBinMasses,
  significantPoints,
  silvermanBandwidth
} from './divergence'
import { buildLabDiscriminator, buildLabGenerator, type LabNet } from './labModels'
import { gaussianNoise, mixtureDensity, Rng, sampleMixture } from './mixture'
import { modeCoverage } from './modes'

/** What one training iteration (k D steps, then one G step) reports. */
interface IterationStats {
  dLoss: number
  gLoss: number
  gGradNorm: number
  compareGradNorm?: number
}

export interface LabRunOptions {
  /** G steps to take (each after k D steps). */
  steps: number
  /** A frame every this many steps of this run, and one at the end. Default: only at the end. */
  frameEvery?: number
  onFrame?: (frame: LabFrame) => void
  /** Stops between two iterations; the frame of where it stopped is still delivered. */
  signal?: AbortSignal
}

/** Adam's β₁ = 0.5, the usual GAN choice (Radford et al. 2015): less momentum, less orbiting. */
const ADAM_BETA1 = 0.5
const ADAM_BETA2 = 0.999
/** How long run() computes before it yields to the event loop, so IPC and timers stay live. */
const RUN_SLICE_MS = 20

/**
 * One Lab experiment: a small GAN on a 1-D mixture, trained the practical way (k D steps,
 * then one G step; Goodfellow et al. 2014, Algorithm 1), measured against the theory after
 * any number of steps. Seeded: two sessions with the same config produce the same frames on
 * the same backend. Owns its models, optimizers and tensors; release them with dispose().
 */
export class LabSession {
  readonly config: LabConfig
  private readonly generator: LabNet
  private readonly discriminator: LabNet
  private readonly optG: tf.Optimizer
  private readonly optD: tf.Optimizer
  private readonly dataRng: Rng
  private readonly noiseRng: Rng
  /** Fixed noise and data every frame is measured on, so frames differ only by training. */
  private readonly evalNoise: tf.Tensor2D
  private readonly evalData: tf.Tensor2D
  private readonly gridTensor: tf.Tensor2D
  private readonly grid: number[]
  private readonly dataDensity: number[]
  private readonly dataMasses: number[]
  private steps = 0
  private last: IterationStats | undefined
  private disposed = false

  constructor(input: LabConfigInput) {
    this.config = LabConfigSchema.parse(input)
    const { seed, evalSamples, noiseDim, data } = this.config
    this.dataRng = new Rng(mix32(seed, 1))
    this.noiseRng = new Rng(mix32(seed, 2))
    this.generator = buildLabGenerator(this.config)
    this.discriminator = buildLabDiscriminator(this.config)
    this.optG =
      this.config.gOptimizer === 'sgd'
        ? tf.train.sgd(this.config.lrG)
        : tf.train.adam(this.config.lrG, ADAM_BETA1, ADAM_BETA2)
    this.optD = tf.train.adam(this.config.lrD, ADAM_BETA1, ADAM_BETA2)

    const evalRng = new Rng(mix32(seed, 3))
    this.evalNoise = tf.tensor2d(gaussianNoise(evalSamples, noiseDim, evalRng), [
      evalSamples,
      noiseDim
    ])
    this.evalData = tf.tensor2d(sampleMixture(data, evalSamples, evalRng), [evalSamples, 1])
    this.grid = gridPoints(this.config.grid)
    this.gridTensor = tf.tensor2d(this.grid, [this.grid.length, 1])
    this.dataDensity = this.grid.map((x) => mixtureDensity(data, x))
    this.dataMasses = mixtureBinMasses(data, this.config.grid)
  }

  /** G steps taken so far. */
  get stepsTaken(): number {
    return this.steps
  }

  /** Runs n iterations (k D steps + 1 G step each) and returns the frame after them. */
  step(n = 1): LabFrame {
    for (let i = 0; i < n; i++) this.iterate()
    return this.frame()
  }

  /**
   * Runs `steps` iterations, a frame every `frameEvery`, yielding to the event loop every
   * few milliseconds so a host process stays responsive. Resolves to the last frame.
   */
  async run(options: LabRunOptions): Promise<LabFrame> {
    const every = Math.max(1, options.frameEvery ?? options.steps)
    let lastFrame: LabFrame | undefined
    let done = 0
    let sliceStart = performance.now()
    while (done < options.steps && !options.signal?.aborted) {
      this.iterate()
      done++
      lastFrame = undefined
      if (done % every === 0 || done === options.steps) {
        lastFrame = this.frame()
        options.onFrame?.(lastFrame)
      }
      if (performance.now() - sliceStart > RUN_SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve))
        sliceStart = performance.now()
      }
    }
    if (!lastFrame) {
      // Aborted between frames (or asked for 0 steps): still show where it stopped.
      lastFrame = this.frame()
      if (done > 0) options.onFrame?.(lastFrame)
    }
    return lastFrame
  }

  /**
   * ‖∂(G loss)/∂θ_G‖₂ under `loss`, on the fixed evaluation noise, without updating anything:
   * the two losses can be compared on exactly the same D, G and z.
   */
  generatorGradientNorm(loss: LabLoss): number {
    this.assertLive()
    return tf.tidy(() => {
      const { grads } = tf.variableGrads(
        () => this.generatorObjective(loss, this.evalNoise),
        this.generator.variables
      )
      return globalNorm(grads)
    })
  }

  /** The Lab's picture of the current G and D, measured on the fixed evaluation samples. */
  frame(): LabFrame {
    this.assertLive()
    const { config, grid, dataDensity } = this
    const measured = tf.tidy(() => {
      const fakes = this.generator.apply(this.evalNoise)
      const realLogits = this.discriminator.apply(this.evalData)
      const fakeLogits = this.discriminator.apply(fakes)
      // V(G, D) = E log D(x) + E log(1 − D(G(z))), with log σ(l) = −softplus(−l) and
      // log(1 − σ(l)) = −softplus(l): finite even where D is certain.
      const value = tf.sub(
        tf.neg(tf.mean(tf.softplus(tf.neg(realLogits)))),
        tf.mean(tf.softplus(fakeLogits))
      )
      const dGrid = tf.sigmoid(this.discriminator.apply(this.gridTensor))
      return {
        samples: fakes.dataSync() as Float32Array,
        value: value.dataSync()[0]!,
        dOnGrid: Array.from(dGrid.dataSync())
      }
    })
    const { samples, value, dOnGrid } = measured
    // Silverman's h, but never narrower than half a bin: a finer KDE the grid cannot show.
    const bandwidth = Math.max(silvermanBandwidth(samples), binWidth(config.grid) / 2)
    const genKde = kdeOnGrid(samples, config.grid, bandwidth)
    const dStar = optimalDiscriminator(dataDensity, genKde)
    const coverage = modeCoverage(config.data, samples)
    const stats = this.last ?? this.statsBeforeTraining(value)
    const frame: LabFrame = {
      step: this.steps,
      grid: [...grid],
      dataDensity: [...dataDensity],
      genHistogram: histogramDensity(samples, config.grid),
      genKde,
      dOnGrid,
      dStar,
      dStarGap: meanGapOn(dOnGrid, dStar, significantPoints(dataDensity, genKde)),
      js: jsDivergence(this.dataMasses, sampleBinMasses(samples, config.grid)),
      value,
      minusLog4: -Math.log(4),
      dLoss: stats.dLoss,
      gLoss: stats.gLoss,
      gGradNorm: stats.gGradNorm,
      ...(config.compareLoss && stats.compareGradNorm !== undefined
        ? { compare: { loss: config.compareLoss, gGradNorm: stats.compareGradNorm } }
        : {}),
      modeCovered: coverage.covered,
      modesCovered: coverage.modesCovered,
      modesTotal: coverage.modesTotal
    }
    this.assertFinite(frame)
    return frame
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    this.generator.dispose()
    this.discriminator.dispose()
    this.optG.dispose()
    this.optD.dispose()
    tf.dispose([this.evalNoise, this.evalData, this.gridTensor])
  }

  /** One iteration of Algorithm 1: k D steps, then one G step. */
  private iterate(): void {
    this.assertLive()
    let dLoss = 0
    for (let k = 0; k < this.config.dSteps; k++) dLoss = this.discriminatorStep()
    this.last = { dLoss, ...this.generatorStep() }
    this.steps++
  }

  /** Ascend V in D: BCE with real → 1, G(z) → 0 (the loss is −V on the batch). */
  private discriminatorStep(): number {
    return tf.tidy(() => {
      const real = this.dataBatch()
      // G's forward pass happens outside the gradient tape: this step moves D only.
      const fake = this.generator.apply(this.noiseBatch())
      const cost = this.optD.minimize(
        () => {
          // One pass over [real; fake] costs half the ops of two passes.
          const logits = this.discriminator.apply(tf.concat([real, fake]))
          const [realLogits, fakeLogits] = tf.split(logits, 2)
          // D's loss is the same BCE whichever loss G uses; only G's objective differs.
          return discriminatorLoss('non-saturating', { real: realLogits!, fake: fakeLogits! })
        },
        true,
        this.discriminator.variables
      )
      return cost!.dataSync()[0]!
    })
  }

  /**
   * One G step under the configured loss. The gradient norm is measured before the update,
   * and under `compareLoss` too, on the same D, G and z. A frozen G measures but never moves.
   */
  private generatorStep(): Omit<IterationStats, 'dLoss'> {
    return tf.tidy(() => {
      const z = this.noiseBatch()
      const { loss, compareLoss, freezeG } = this.config
      const { value, grads } = tf.variableGrads(
        () => this.generatorObjective(loss, z),
        this.generator.variables
      )
      const stats = { gLoss: value.dataSync()[0]!, gGradNorm: globalNorm(grads) }
      const compareGradNorm = compareLoss
        ? globalNorm(
            tf.variableGrads(
              () => this.generatorObjective(compareLoss, z),
              this.generator.variables
            ).grads
          )
        : undefined
      if (!freezeG) this.optG.applyGradients(grads)
      return compareGradNorm === undefined ? stats : { ...stats, compareGradNorm }
    })
  }

  /** G's loss on D's logits for G(z): minimax log(1 − D(G(z))) or non-saturating −log D(G(z)). */
  private generatorObjective(loss: LabLoss, z: tf.Tensor): tf.Scalar {
    const fakeLogits = this.discriminator.apply(this.generator.apply(z))
    return generatorLoss(loss, fakeLogits)
  }

  /** Before the first step there is no training batch: measure on the evaluation samples. */
  private statsBeforeTraining(value: number): IterationStats {
    const { loss, compareLoss } = this.config
    const gLoss = tf.tidy(() => this.generatorObjective(loss, this.evalNoise).dataSync()[0]!)
    return {
      // D's BCE loss is exactly −V on the same samples.
      dLoss: -value,
      gLoss,
      gGradNorm: this.generatorGradientNorm(loss),
      ...(compareLoss ? { compareGradNorm: this.generatorGradientNorm(compareLoss) } : {})
    }
  }

  private dataBatch(): tf.Tensor2D {
    const n = this.config.batchSize
    return tf.tensor2d(sampleMixture(this.config.data, n, this.dataRng), [n, 1])
  }

  private noiseBatch(): tf.Tensor2D {
    const { batchSize: n, noiseDim } = this.config
    return tf.tensor2d(gaussianNoise(n, noiseDim, this.noiseRng), [n, noiseDim])
  }

  private assertLive(): void {
    if (this.disposed) throw new Error('This Lab session has been disposed; start a new one.')
  }

  private assertFinite(frame: LabFrame): void {
    const scalars = {
      js: frame.js,
      value: frame.value,
      dLoss: frame.dLoss,
      gLoss: frame.gLoss,
      gGradNorm: frame.gGradNorm
    }
    const bad = Object.entries(scalars).find(([, v]) => !Number.isFinite(v))
    const badArray =
      !bad && [frame.dOnGrid, frame.genKde].some((a) => a.some((v) => !Number.isFinite(v)))
    if (bad || badArray) {
      throw new Error(
        `The Lab's GAN diverged at step ${frame.step} (${bad ? `${bad[0]} is ${bad[1]}` : 'D or G output is not finite'}). ` +
          'Lower lrG and lrD, or start again with another seed.'
      )
    }
  }
}

/** ‖g‖₂ over every tensor of a gradient map: √Σ g². */
function globalNorm(grads: tf.NamedTensorMap): number {
  return tf.tidy(() => {
    const squares = Object.values(grads).map((g) => tf.sum(tf.square(g)))
    return Math.sqrt(tf.addN(squares).dataSync()[0]!)
  })
}
