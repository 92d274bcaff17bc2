import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  applyModel,
  buildDiscriminator,
  type DcganSpec
} from '../../../../src/main/engine/models/dcgan'
import {
  discriminatorForward,
  discriminatorVars,
  spectralWeights
} from '../../../../src/main/engine/models/dcganOps'
import { layersArtifacts } from '../../../../src/main/engine/runs/checkpoint'
import { discriminatorStep, generatorStep } from '../../../../src/main/engine/train/step'
import { useWasmBackend } from '../../../helpers/wasmBackend'
import { disposeGan, hingeAdam, makeGan, stepSettings, tinySpec } from '../../../helpers/tinyGan'

beforeAll(useWasmBackend)

/** σ₁ of a [rows, cols] matrix by 300 steps of power iteration on MᵀM, in float64: the test's own. */
function largestSingularValue(m: Float32Array, rows: number, cols: number): number {
  let v = Array.from({ length: cols }, (_, i) => Math.cos(i + 1))
  let sigma = 0
  for (let it = 0; it < 300; it++) {
    const mv = Array.from({ length: rows }, (_, r) => {
      let s = 0
      for (let c = 0; c < cols; c++) s += m[r * cols + c]! * v[c]!
      return s
    })
    const mtmv = Array.from({ length: cols }, (_, c) => {
      let s = 0
      for (let r = 0; r < rows; r++) s += m[r * cols + c]! * mv[r]!
      return s
    })
    const norm = Math.hypot(...mtmv)
    v = mtmv.map((x) => x / norm)
    sigma = Math.sqrt(norm)
  }
  return sigma
}

function realBatch(spec: DcganSpec, batch: number) {
  return tf.tidy(() => ({
    x: tf.sub(
      tf.mul(
        tf.randomUniform(
          [batch, spec.resolution, spec.resolution, spec.channels],
          0,
          1,
          'float32',
          3
        ),
        2
      ),
      1
    ) as tf.Tensor4D,
    y: tf.tensor1d(
      Array.from({ length: batch }, (_, i) => i % spec.numClasses),
      'int32'
    )
  }))
}

describe('spectral normalisation in D', () => {
  for (const conditioning of ['planes', 'projection'] as const) {
    it(`keeps every layer's largest singular value near 1 while training (${conditioning})`, () => {
      const spec = tinySpec({ numClasses: 3, width: 8, conditioning, spectralNorm: true })
      const gan = makeGan(spec, hingeAdam(2e-4))
      const settings = stepSettings(spec, { loss: 'hinge' })
      const { x, y } = realBatch(spec, 8)
      for (let i = 1; i <= 30; i++) {
        expect(discriminatorStep(gan, settings, { x, y, seed: i, noiseStd: 0 }).applied).toBe(true)
        generatorStep(gan, settings, { y, seed: i, noiseStd: 0 })
      }
      const d = discriminatorVars(gan.discriminator)
      const weights = spectralWeights(d)
      expect(d.spectral).toHaveLength(weights.length)
      expect(weights.length).toBe(conditioning === 'projection' ? 4 : 3)
      const raw: number[] = []
      weights.forEach((w, i) => {
        const cols = w.shape[w.shape.length - 1]!
        const rows = w.size / cols
        const data = w.dataSync() as Float32Array
        // The σ the forward divides by, from the stored u: ‖W u‖.
        const u = d.spectral![i]!.dataSync()
        let estimate = 0
        for (let r = 0; r < rows; r++) {
          let s = 0
          for (let c = 0; c < cols; c++) s += data[r * cols + c]! * u[c]!
          estimate += s * s
        }
        const normalized = Float32Array.from(data, (v) => v / Math.sqrt(estimate))
        // One power-iteration step per update lags the weights a little: within 5%.
        expect(Math.abs(largestSingularValue(normalized, rows, cols) - 1)).toBeLessThan(0.05)
        raw.push(largestSingularValue(data, rows, cols))
      })
      // Without the division the layers are far from 1: the check is not vacuous.
      expect(raw.some((r) => Math.abs(r - 1) > 0.3)).toBe(true)
      tf.dispose([x, y])
      disposeGan(gan)
    })
  }

  it('keeps the u vectors with D’s weights, so a checkpoint saves them', async () => {
    const spec = tinySpec({ numClasses: 0, spectralNorm: true })
    const d = buildDiscriminator(spec)
    const vars = discriminatorVars(d)
    const { modelJson } = await layersArtifacts(d)
    const names = (
      JSON.parse(modelJson) as { weightsManifest: { weights: { name: string }[] }[] }
    ).weightsManifest[0]!.weights.map((w) => w.name)
    expect(names.filter((n) => n.startsWith('d_spectral/'))).toHaveLength(vars.spectral!.length)
    expect(d.trainableWeights.some((w) => w.name.startsWith('d_spectral'))).toBe(false)
    d.dispose()
  })
})

describe('projection discriminator', () => {
  it('the training forward equals the layers model’s own (one logit per image and label)', () => {
    const spec = tinySpec({ resolution: 32, channels: 3, conditioning: 'projection' })
    const model = buildDiscriminator(spec)
    expect(model.layers.some((l) => l.name === 'd_label_planes')).toBe(false)
    const x = tf.randomUniform([5, 32, 32, 3], -1, 1, 'float32', 1) as tf.Tensor4D
    const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 1], 'int32'), 4).toFloat() as tf.Tensor2D
    const ops = discriminatorForward(discriminatorVars(model), x, labels)
    const layers = applyModel(model, x, labels, false)
    expect(ops.shape).toEqual([5, 1])
    const a = ops.dataSync()
    const b = layers.dataSync()
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 4))
    // The label matters: another class, another logit.
    const other = discriminatorForward(
      discriminatorVars(model),
      x,
      tf.oneHot(tf.tensor1d([1, 2, 3, 0, 0], 'int32'), 4).toFloat() as tf.Tensor2D
    )
    expect(Array.from(other.dataSync())).not.toEqual(Array.from(a))
    tf.dispose([x, labels, ops, layers, other])
    model.dispose()
  })
})
