import * as tf from '@tensorflow/tfjs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildGeneratorFor } from '../../../../src/main/engine/models/build'
import { applyModel } from '../../../../src/main/engine/models/dcgan'
import {
  standBatchStatistics,
  standingNoiseSeed
} from '../../../../src/main/engine/train/standingStats'
import { GeneratorEma } from '../../../../src/main/engine/train/ema'
import { GENERATOR_EMA_DIR, loadLayersModelFrom } from '../../../../src/main/engine/runs/checkpoint'
import { tinySpec } from '../../../helpers/tinyGan'
import { trainedTinyRuns } from '../../../helpers/tinyTraining'
import { useWasmBackend } from '../../../helpers/wasmBackend'

beforeAll(useWasmBackend)

const spec = tinySpec({ numClasses: 3 })

/** Every BN layer's moving mean and variance, in layer order. */
function movingStats(model: tf.LayersModel): number[][] {
  return model.weights
    .filter((w) => /moving_(mean|variance)/.test(w.originalName))
    .map((w) => Array.from(w.read().dataSync()))
}

const trainable = (m: tf.LayersModel) =>
  m.trainableWeights.map((w) => Array.from(w.read().dataSync()))

/** Batch `b` of standBatchStatistics for `seed`: its noise, and the classes in turn. */
function batchOf(seed: number, b: number, size: number): [tf.Tensor2D, tf.Tensor2D] {
  const z = tf.randomNormal<tf.Rank.R2>(
    [size, spec.noiseDim],
    0,
    1,
    'float32',
    standingNoiseSeed(seed, b)
  )
  const labels = Array.from({ length: size }, (_, i) => (b * size + i) % spec.numClasses)
  return [z, tf.oneHot(tf.tensor1d(labels, 'int32'), spec.numClasses).toFloat() as tf.Tensor2D]
}

/** Moves every weight of G a little, as training would: the statistics it had no longer fit. */
function perturb(model: tf.LayersModel, by: number): void {
  tf.tidy(() => {
    for (const w of model.trainableWeights) {
      const v = w.read() as tf.Variable
      v.assign(tf.add(v, tf.mul(tf.randomNormal(v.shape, 0, 1, 'float32', 7), by)))
    }
  })
}

describe('standing statistics', () => {
  for (const architecture of ['dcgan', 'resnet'] as const) {
    it(`${architecture}: measured on one batch, inference on that batch equals training mode`, () => {
      const g = buildGeneratorFor({ ...spec, architecture })
      perturb(g, 0.05)
      standBatchStatistics(g, { seed: 11, batches: 1, batchSize: 12 })
      const [z, y] = batchOf(11, 0, 12)
      // Training mode normalises with the batch's own statistics; inference with the moving
      // ones. They agree only if the moving ones are exactly this batch's.
      const eval_ = applyModel(g, z, y, false)
      const train = applyModel(g, z, y, true)
      const gap = tf.max(tf.abs(tf.sub(eval_, train))).dataSync()[0]!
      expect(gap).toBeLessThan(1e-4)
      // …and not G's old ones: before standing, inference differed.
      const fresh = buildGeneratorFor({ ...spec, architecture })
      perturb(fresh, 0.05)
      const before = tf.max(tf.abs(tf.sub(applyModel(fresh, z, y, false), train))).dataSync()[0]!
      expect(before).toBeGreaterThan(100 * Math.max(gap, 1e-6))
      tf.dispose([z, y, eval_, train])
      g.dispose()
      fresh.dispose()
    })
  }

  it('averages the batch statistics over the batches, leaves the weights, and repeats exactly', () => {
    const g = buildGeneratorFor(spec)
    perturb(g, 0.05)
    const weights = trainable(g)
    // The first batch alone; then both; then the second measured here by hand: both is the
    // mean of the two.
    standBatchStatistics(g, { seed: 20, batches: 1, batchSize: 8 })
    const first = movingStats(g)
    standBatchStatistics(g, { seed: 20, batches: 2, batchSize: 8 })
    const both = movingStats(g)
    // The second batch alone, drawn as the two-batch pass draws it.
    const [z, y] = batchOf(20, 1, 8)
    const layersInput = g.layers.filter((l) => l.getClassName() === 'BatchNormalization')
    const tap = tf.model({
      inputs: g.inputs,
      outputs: layersInput.map((l) => l.input as tf.SymbolicTensor)
    })
    const second = (tap.apply([z, y], { training: true }) as tf.Tensor[]).flatMap((a) => {
      const { mean, variance } = tf.moments(
        a,
        a.shape.slice(0, -1).map((_, k) => k)
      )
      return [Array.from(mean.dataSync()), Array.from(variance.dataSync())]
    })
    both.forEach((avg, i) => {
      avg.forEach((v, j) => expect(v).toBeCloseTo((first[i]![j]! + second[i]![j]!) / 2, 4))
    })
    expect(trainable(g)).toEqual(weights)
    standBatchStatistics(g, { seed: 20, batches: 2, batchSize: 8 })
    expect(movingStats(g)).toEqual(both)
    tf.dispose([z, y])
    g.dispose()
  })

  it('GeneratorEma.stand gives the average statistics of its own, not G copied', () => {
    const g = buildGeneratorFor(spec)
    const ema = new GeneratorEma(g, buildGeneratorFor(spec), 0.9)
    perturb(g, 0.1)
    for (let t = 1; t <= 3; t++) ema.update(t)
    expect(movingStats(ema.model)).toEqual(movingStats(g))
    ema.stand({ seed: 3, batches: 2, batchSize: 8 })
    const own = movingStats(ema.model)
    expect(own).not.toEqual(movingStats(g))
    standBatchStatistics(g, { seed: 3, batches: 2, batchSize: 8 })
    // G's own standing statistics differ too: the average's weights are not G's.
    expect(own).not.toEqual(movingStats(g))
    ema.dispose()
    g.dispose()
  })
})

describe('a run with EMA', () => {
  const runs = trainedTinyRuns('gan-standing-', { ema: { ema: true, emaDecay: 0.9 } })

  it('saves the average with standing statistics of its own output', async () => {
    const checkpoint = join(runs.runsDir, 'ema', 'checkpoints', 'step-4')
    const saved = await loadLayersModelFrom(join(checkpoint, GENERATOR_EMA_DIR))
    const stats = movingStats(saved)
    // Measured again from the saved weights as the trainer does (seed, batch size of the run).
    standBatchStatistics(saved, { seed: 0, batchSize: 8 })
    expect(movingStats(saved)).toEqual(stats)
    saved.dispose()
  })
})
