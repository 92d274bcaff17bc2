import * as tf from '@tensorflow/tfjs'
import {
  LabConfigSchema,
  type LabClassFrame,
  type LabConfig,
  type LabConfigInput,
  type LabCurves,
  type LabFrame,
  type LabLoss
} from '../../../shared/lab'
import { StudioError } from '../../../shared/rpc'
import { mix32 } from '../models/initializers'
import { gradientPenalty } from '../train/losses'
import { ensureSecondOrderGradients } from '../train/secondOrder'
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
import { describeFit, dataFits } from './gaussianFits'
import { blockLabels, sampleLabelled, sampleLabels, wrongLabels } from './labelled'
import { buildLabDiscriminator, buildLabGenerator, type LabNet } from './labModels'
import { criticEstimate, klCritic, labDiscriminatorLoss, labGeneratorLoss } from './labObjectives'
import {
  gaussianDensity,
  gaussianNoise,
  mixtureDensity,
  normalisedWeights,
  Rng,
  sampleMixture
} from './mixture'
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

/** A batch of x (and, in a conditional Lab, the one-hot labels that go with it). */
interface Batch {
  x: tf.Tensor2D
  labels?: tf.Tensor2D
}

/**
 * Steps a run: calls `advance` `steps` times, a frame every `frameEvery`, yielding to the event
 * loop every few milliseconds so a host process stays responsive. Resolves to the last frame.
 */
export async function runLoop(
  advance: () => void,
  frame: () => LabFrame,
  options: LabRunOptions
): Promise<LabFrame> {
  const every = Math.max(1, options.frameEvery ?? options.steps)
  let lastFrame: LabFrame | undefined
  let done = 0
  let sliceStart = performance.now()
  while (done < options.steps && !options.signal?.aborted) {
    advance()
    done++
    lastFrame = undefined
    if (done % every === 0 || done === options.steps) {
      lastFrame = frame()
      options.onFrame?.(lastFrame)
    }
    if (performance.now() - sliceStart > RUN_SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve))
      sliceStart = performance.now()
    }
  }
  if (!lastFrame) {
    // Aborted between frames (or asked for 0 steps): still show where it stopped.
    lastFrame = frame()
    if (done > 0) options.onFrame?.(lastFrame)
  }
  return lastFrame
}

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
  /** Labels, instance noise and the penalty's ε: streams of their own, so plain runs repeat. */
  private readonly labelRng: Rng
  private readonly augmentRng: Rng
  /** Fixed noise and data every frame is measured on, so frames differ only by training. */
  private readonly evalNoise: tf.Tensor2D
  private readonly evalData: tf.Tensor2D
  /** Conditional: the evaluation labels (one-hot) of evalNoise and evalData, and as numbers. */
  private readonly evalNoiseLabels?: tf.Tensor2D
  private readonly evalDataLabels?: tf.Tensor2D
  private readonly evalClassOf?: Int32Array
  private readonly gridTensor: tf.Tensor2D
  private readonly grid: number[]
  private readonly dataDensity: number[]
  private readonly dataMasses: number[]
  private readonly classes: number
  private readonly fits: LabFrame['fits']
  private steps = 0
  private last: IterationStats | undefined
  private disposed = false

  constructor(input: LabConfigInput) {
    this.config = LabConfigSchema.parse(input)
    const { seed, evalSamples, noiseDim, data } = this.config
    this.classes = this.config.conditional ? data.modes.length : 0
    if (this.config.loss === 'wgan-gp') ensureSecondOrderGradients()
    this.dataRng = new Rng(mix32(seed, 1))
    this.noiseRng = new Rng(mix32(seed, 2))
    this.labelRng = new Rng(mix32(seed, 4))
    this.augmentRng = new Rng(mix32(seed, 5))
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
    if (this.classes > 0) {
      const real = sampleLabelled(data, evalSamples, evalRng)
      this.evalData = tf.tensor2d(real.x, [evalSamples, 1])
      this.evalDataLabels = this.oneHot(real.labels)
      this.evalClassOf = blockLabels(data, evalSamples)
      this.evalNoiseLabels = this.oneHot(this.evalClassOf)
    } else {
      this.evalData = tf.tensor2d(sampleMixture(data, evalSamples, evalRng), [evalSamples, 1])
    }
    this.grid = gridPoints(this.config.grid)
    this.gridTensor = tf.tensor2d(this.grid, [this.grid.length, 1])
    this.dataDensity = this.grid.map((x) => mixtureDensity(data, x))
    this.dataMasses = mixtureBinMasses(data, this.config.grid)
    this.fits = this.config.gaussianFits ? dataFits(data, this.config.grid) : undefined
  }

  /** G steps taken so far. */
  get stepsTaken(): number {
    return this.steps
  }

  /** Runs n iterations (k D steps + 1 G step each) and returns the frame after them. */
  step(n = 1): LabFrame {
    for (let i = 0; i < n; i++) this.advance()
    return this.frame()
  }

  /** Runs `steps` iterations, a frame every `frameEvery`; resolves to the last frame. */
  async run(options: LabRunOptions): Promise<LabFrame> {
    return runLoop(
      () => this.advance(),
      () => this.frame(),
      options
    )
  }

  /** The instance noise's width now (0 without instance noise). */
  get noiseStd(): number {
    const noise = this.config.instanceNoise
    if (!noise) return 0
    return noise.std * Math.max(0, 1 - this.steps / noise.decaySteps)
  }

  /**
   * ‖∂(G loss)/∂θ_G‖₂ under `loss`, on the fixed evaluation noise, without updating anything:
   * the two losses can be compared on exactly the same D, G and z.
   */
  generatorGradientNorm(loss: LabLoss): number {
    this.assertLive()
    return tf.tidy(() => {
      const { grads } = tf.variableGrads(
        () => this.generatorObjective(loss, this.evalNoise, this.evalNoiseLabels),
        this.generator.variables
      )
      return globalNorm(grads)
    })
  }

  /** The Lab's picture of the current G and D, measured on the fixed evaluation samples. */
  frame(): LabFrame {
    this.assertLive()
    const { config, grid, dataDensity } = this
    const critic = config.loss === 'wgan-gp' || config.loss === 'kl'
    const measured = tf.tidy(() => {
      const fakes = this.gen(this.evalNoise, this.evalNoiseLabels)
      const realLogits = this.disc(this.evalData, this.evalDataLabels)
      const fakeLogits = this.disc(fakes, this.evalNoiseLabels)
      // V(G, D) = E log D(x) + E log(1 − D(G(z))), with log σ(l) = −softplus(−l) and
      // log(1 − σ(l)) = −softplus(l): finite even where D is certain.
      const value = tf.sub(
        tf.neg(tf.mean(tf.softplus(tf.neg(realLogits)))),
        tf.mean(tf.softplus(fakeLogits))
      )
      // Conditional: D(c, x) per class, its mean over the classes' weights drawn as "D(x)".
      const perClass = this.classes
        ? Array.from({ length: this.classes }, (_, c) =>
            this.disc(this.gridTensor, this.oneHotRows(c, grid.length))
          )
        : [this.discriminator.apply(this.gridTensor)]
      const weights = this.classes ? normalisedWeights(config.data) : [1]
      const scores = perClass.map((l) => (config.loss === 'kl' ? klCritic(l) : l))
      const rawGrid = tf.addN(scores.map((l, c) => tf.mul(l, weights[c]!)))
      const dGrid = tf.addN(perClass.map((l, c) => tf.mul(tf.sigmoid(l), weights[c]!)))
      return {
        samples: fakes.dataSync() as Float32Array,
        value: value.dataSync()[0]!,
        dOnGrid: Array.from(dGrid.dataSync()),
        classD: this.classes ? perClass.map((l) => Array.from(tf.sigmoid(l).dataSync())) : [],
        critic: critic ? Array.from(rawGrid.dataSync()) : undefined,
        estimate: critic
          ? criticEstimate(config.loss, realLogits, fakeLogits).dataSync()[0]
          : undefined
      }
    })
    const { samples, value } = measured
    const curves = this.curves(samples, [...dataDensity], measured.dOnGrid)
    const { genKde, dOnGrid, dStar } = curves
    const coverage = modeCoverage(config.data, samples)
    const stats = this.last ?? this.statsBeforeTraining(value)
    const { mean: genMean, std: genStd } = meanStd(samples)
    const frame: LabFrame = {
      step: this.steps,
      grid: [...grid],
      ...curves,
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
      modesTotal: coverage.modesTotal,
      genMean,
      genStd,
      ...(config.instanceNoise ? { noiseStd: this.noiseStd } : {}),
      ...(measured.critic
        ? { critic: measured.critic, criticEstimate: measured.estimate ?? 0 }
        : {}),
      ...(this.classes ? { classes: this.classFrames(samples, measured.classD) } : {}),
      ...(this.fits
        ? { fits: [...this.fits, describeFit('gan', config.data, config.grid, genMean, genStd)] }
        : {})
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
    if (this.evalNoiseLabels) tf.dispose([this.evalNoiseLabels, this.evalDataLabels!])
  }

  /** One iteration of Algorithm 1: k D steps, then G's step(s). */
  advance(): void {
    this.assertLive()
    let dLoss = 0
    for (let k = 0; k < this.config.dSteps; k++) dLoss = this.discriminatorStep()
    let g = this.generatorStep()
    for (let k = 1; k < this.config.gSteps; k++) g = this.generatorStep()
    this.last = { dLoss, ...g }
    this.steps++
  }

  /** Silverman's h, but never narrower than half a bin: a finer KDE the grid cannot show. */
  private kde(samples: ArrayLike<number>): number[] {
    const bandwidth = Math.max(silvermanBandwidth(samples), binWidth(this.config.grid) / 2)
    return kdeOnGrid(samples, this.config.grid, bandwidth)
  }

  /** The picture on the grid from G's samples, p_data and D there (the whole data or one class). */
  private curves(samples: Float32Array, dataDensity: number[], dOnGrid: number[]): LabCurves {
    const genKde = this.kde(samples)
    return {
      dataDensity,
      genHistogram: histogramDensity(samples, this.config.grid),
      genKde,
      dOnGrid,
      dStar: optimalDiscriminator(dataDensity, genKde)
    }
  }

  /** The conditional picture, class by class, from G's samples in the class's block of rows. */
  private classFrames(samples: Float32Array, classD: number[][]): LabClassFrame[] {
    const { data, grid } = this.config
    const weights = normalisedWeights(data)
    return data.modes.map((mode, c) => {
      const own = samples.filter((_, i) => this.evalClassOf![i] === c)
      const dataDensity = this.grid.map((x) => gaussianDensity(x, mode.mean, mode.std))
      const dOnGrid = classD[c]!
      // Real x of the other classes, by their density on the grid: does D(c, ·) accept them?
      const others = this.grid.map((x) =>
        data.modes.reduce(
          (p, m, k) => (k === c ? p : p + weights[k]! * gaussianDensity(x, m.mean, m.std)),
          0
        )
      )
      const otherMass = others.reduce((a, b) => a + b, 0)
      const inside = own.filter((x) => Math.abs(x - mode.mean) <= 2 * mode.std).length
      const classMasses = mixtureBinMasses({ modes: [{ ...mode, weight: 1 }] }, grid)
      return {
        ...this.curves(own, dataDensity, dOnGrid),
        rightShare: own.length ? inside / own.length : 0,
        zSpread: meanStd(own).std / mode.std,
        wrongAccept:
          otherMass > 0 ? others.reduce((s, p, i) => s + p * dOnGrid[i]!, 0) / otherMass : 0,
        js: jsDivergence(classMasses, sampleBinMasses(own, grid))
      }
    })
  }

  /** Ascend V in D: real → 1, G(z) → 0 (the loss is −V on the batch), or the critic's loss. */
  private discriminatorStep(): number {
    return tf.tidy(() => {
      const { loss, gpWeight, wrongLabelNegatives } = this.config
      const real = this.dataBatch()
      const fakeLabels = this.labelBatch()
      // G's forward pass happens outside the gradient tape: this step moves D only.
      const fake = this.gen(this.noiseBatch(), fakeLabels)
      const realX = this.withInstanceNoise(real.x)
      const fakeX = this.withInstanceNoise(fake)
      const wrong =
        real.labels && wrongLabelNegatives ? this.wrongLabelBatch(real.labels) : undefined
      const epsilon =
        loss === 'wgan-gp'
          ? tf.tensor2d(
              Float32Array.from({ length: this.config.batchSize }, () => this.augmentRng.uniform()),
              [this.config.batchSize, 1]
            )
          : undefined
      const cost = this.optD.minimize(
        () => {
          // One pass over [real; fake] costs half the ops of two passes.
          const labels = real.labels ? tf.concat([real.labels, fakeLabels!]) : undefined
          const logits = this.disc(tf.concat([realX, fakeX]), labels)
          const [realLogits, fakeLogits] = tf.split(logits, 2)
          const mismatched = wrong ? this.disc(realX, wrong) : undefined
          let d = labDiscriminatorLoss(loss, {
            real: realLogits!,
            fake: fakeLogits!,
            ...(mismatched ? { mismatched } : {})
          })
          if (epsilon) {
            const critic = (x: tf.Tensor2D): tf.Tensor => this.disc(x, real.labels)
            d = tf.add(d, tf.mul(gradientPenalty(critic, realX, fakeX, epsilon), gpWeight))
          }
          return d
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
      const labels = this.labelBatch()
      const { loss, compareLoss, freezeG } = this.config
      // The same noise on G's samples as on D's inputs: D must be read where it was trained.
      const noise = this.instanceNoiseBatch()
      const { value, grads } = tf.variableGrads(
        () => this.generatorObjective(loss, z, labels, noise),
        this.generator.variables
      )
      const stats = { gLoss: value.dataSync()[0]!, gGradNorm: globalNorm(grads) }
      const compareGradNorm = compareLoss
        ? globalNorm(
            tf.variableGrads(
              () => this.generatorObjective(compareLoss, z, labels, noise),
              this.generator.variables
            ).grads
          )
        : undefined
      if (!freezeG) this.optG.applyGradients(grads)
      return compareGradNorm === undefined ? stats : { ...stats, compareGradNorm }
    })
  }

  /** G's loss on D's output for G(z) (plus instance noise, when given). */
  private generatorObjective(
    loss: LabLoss,
    z: tf.Tensor,
    labels?: tf.Tensor2D,
    noise?: tf.Tensor2D
  ): tf.Scalar {
    const fake = this.gen(z, labels)
    const fakeLogits = this.disc(noise ? tf.add(fake, noise) : fake, labels)
    return labGeneratorLoss(loss, fakeLogits)
  }

  /** G(z) or, conditional, G(z, c). */
  private gen(z: tf.Tensor, labels?: tf.Tensor2D): tf.Tensor2D {
    return this.generator.apply(labels ? tf.concat([z, labels], 1) : z)
  }

  /** D(x) or, conditional, D(c, x): the raw output (logit or critic score). */
  private disc(x: tf.Tensor, labels?: tf.Tensor2D): tf.Tensor2D {
    return this.discriminator.apply(labels ? tf.concat([x, labels], 1) : x)
  }

  private oneHot(labels: Int32Array): tf.Tensor2D {
    return tf.tidy(() =>
      tf.oneHot(tf.tensor1d(labels, 'int32'), this.classes).toFloat()
    ) as tf.Tensor2D
  }

  private oneHotRows(c: number, n: number): tf.Tensor2D {
    return this.oneHot(new Int32Array(n).fill(c))
  }

  /** Before the first step there is no training batch: measure on the evaluation samples. */
  private statsBeforeTraining(value: number): IterationStats {
    const { loss, compareLoss } = this.config
    const gLoss = tf.tidy(
      () => this.generatorObjective(loss, this.evalNoise, this.evalNoiseLabels).dataSync()[0]!
    )
    return {
      // D's BCE loss is exactly −V on the same samples.
      dLoss: -value,
      gLoss,
      gGradNorm: this.generatorGradientNorm(loss),
      ...(compareLoss ? { compareGradNorm: this.generatorGradientNorm(compareLoss) } : {})
    }
  }

  private dataBatch(): Batch {
    const n = this.config.batchSize
    if (!this.classes) {
      return { x: tf.tensor2d(sampleMixture(this.config.data, n, this.dataRng), [n, 1]) }
    }
    const { x, labels } = sampleLabelled(this.config.data, n, this.dataRng)
    return { x: tf.tensor2d(x, [n, 1]), labels: this.oneHot(labels) }
  }

  /** Labels for G's samples (conditional only): drawn by the class weights. */
  private labelBatch(): tf.Tensor2D | undefined {
    if (!this.classes) return undefined
    return this.oneHot(sampleLabels(this.config.data, this.config.batchSize, this.labelRng))
  }

  private wrongLabelBatch(labels: tf.Tensor2D): tf.Tensor2D {
    const classes = tf.tidy(() => tf.argMax(labels, 1).dataSync() as Int32Array)
    return this.oneHot(wrongLabels(Int32Array.from(classes), this.classes, this.labelRng))
  }

  /** N(0, s²) per sample at the current width s, or nothing without instance noise. */
  private instanceNoiseBatch(): tf.Tensor2D | undefined {
    const s = this.noiseStd
    if (s <= 0) return undefined
    const n = this.config.batchSize
    return tf.tensor2d(
      Float32Array.from({ length: n }, () => s * this.augmentRng.normal()),
      [n, 1]
    )
  }

  private withInstanceNoise(x: tf.Tensor2D): tf.Tensor2D {
    const noise = this.instanceNoiseBatch()
    return noise ? tf.add(x, noise) : x
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
      !bad &&
      [frame.dOnGrid, frame.genKde, frame.critic ?? []].some((a) =>
        a.some((v) => !Number.isFinite(v))
      )
    if (bad || badArray) {
      const what = bad ? `${bad[0]} = ${bad[1]}` : 'D, G'
      throw new StudioError(
        `The Lab's GAN diverged at step ${frame.step} (${bad ? `${bad[0]} is ${bad[1]}` : 'D or G output is not finite'}). ` +
          'Lower lrG and lrD, or start again with another seed.',
        'lab-diverged',
        { params: { step: frame.step, what } }
      )
    }
  }
}

/** Mean and (population) standard deviation; 0 and 0 for no samples. */
export function meanStd(samples: ArrayLike<number>): { mean: number; std: number } {
  const n = samples.length
  if (n === 0) return { mean: 0, std: 0 }
  let sum = 0
  for (let i = 0; i < n; i++) sum += samples[i]!
  const mean = sum / n
  let sq = 0
  for (let i = 0; i < n; i++) sq += (samples[i]! - mean) ** 2
  return { mean, std: Math.sqrt(sq / n) }
}

/** ‖g‖₂ over every tensor of a gradient map: √Σ g². */
function globalNorm(grads: tf.NamedTensorMap): number {
  return tf.tidy(() => {
    const squares = Object.values(grads).map((g) => tf.sum(tf.square(g)))
    return Math.sqrt(tf.addN(squares).dataSync()[0]!)
  })
}
