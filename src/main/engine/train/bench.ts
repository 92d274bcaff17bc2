import * as tf from '@tensorflow/tfjs'
import { buildDiscriminator, buildGenerator, type DcganSpec } from '../models/dcgan'
import { discriminatorStep, generatorStep, type Gan, type StepSettings } from './step'

export interface TrainStepBench {
  imagesPerSecond: number
  stepsPerSecond: number
  backend: string
}

const BATCH = 64
const WARMUP_STEPS = 3

/**
 * Training throughput of the 28×28 default on the current backend, measured like the peer
 * (`peer_dcgan.py --steps N`): batch 64, non-saturating loss, one D step per G step,
 * three warm-up steps untimed, images/s = steps × 64 / seconds. The data is a fixed
 * random batch, so only the training step is timed.
 */
export async function benchTrainStep(opts: {
  steps: number
  conditional: boolean
}): Promise<TrainStepBench> {
  await tf.ready()
  const spec: DcganSpec = {
    resolution: 28,
    channels: 1,
    noiseDim: 100,
    numClasses: opts.conditional ? 10 : 0,
    seed: 0
  }
  const gan: Gan = {
    generator: buildGenerator(spec),
    discriminator: buildDiscriminator(spec),
    gOptimizer: tf.train.adam(2e-4, 0.5, 0.999),
    dOptimizer: tf.train.adam(2e-4, 0.5, 0.999)
  }
  const settings: StepSettings = {
    loss: 'non-saturating',
    noiseDim: spec.noiseDim,
    numClasses: spec.numClasses,
    labelSmoothing: 0,
    mismatchedLabels: false,
    gpWeight: 0
  }
  const x = tf.randomUniform([BATCH, 28, 28, 1], -1, 1, 'float32', 1) as tf.Tensor4D
  const y = tf.tensor1d(
    Array.from({ length: BATCH }, (_, i) => i % 10),
    'int32'
  )
  const step = (i: number) => {
    discriminatorStep(gan, settings, { x, y, seed: i, noiseStd: 0 })
    generatorStep(gan, settings, { y, seed: i, noiseStd: 0 })
  }
  try {
    for (let i = 0; i < WARMUP_STEPS; i++) step(i)
    const started = performance.now()
    for (let i = 0; i < opts.steps; i++) step(WARMUP_STEPS + i)
    const seconds = (performance.now() - started) / 1000
    const stepsPerSecond = opts.steps / seconds
    return { imagesPerSecond: stepsPerSecond * BATCH, stepsPerSecond, backend: tf.getBackend() }
  } finally {
    tf.dispose([x, y])
    for (const d of [gan.generator, gan.discriminator, gan.gOptimizer, gan.dOptimizer]) d.dispose()
  }
}
