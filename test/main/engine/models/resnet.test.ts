import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildDiscriminatorFor, buildGeneratorFor } from '../../../../src/main/engine/models/build'
import { applyModel, type DcganSpec } from '../../../../src/main/engine/models/dcgan'
import {
  resnetDiscriminatorForward,
  resnetDiscriminatorVars
} from '../../../../src/main/engine/models/resnet'
import { loadLayersModelFrom } from '../../../../src/main/engine/runs/checkpoint'
import { layersArtifacts } from '../../../../src/main/engine/runs/checkpoint'
import { discriminatorStep, generatorStep } from '../../../../src/main/engine/train/step'
import { useWasmBackend } from '../../../helpers/wasmBackend'
import { disposeGan, hingeAdam, makeGan, stepSettings } from '../../../helpers/tinyGan'
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

beforeAll(useWasmBackend)

const spec64: DcganSpec = {
  resolution: 64,
  channels: 3,
  noiseDim: 16,
  numClasses: 4,
  width: 4,
  architecture: 'resnet'
}

describe('ResNet G and D', () => {
  it('at 64×64: G draws images in [−1, 1], D scores them; the step’s D is the layers model’s', () => {
    const g = buildGeneratorFor(spec64)
    const d = buildDiscriminatorFor(spec64)
    expect(g.layers.some((l) => l.name === 'g_res4_conv2')).toBe(true)
    const z = tf.randomNormal([3, 16], 0, 1, 'float32', 1) as tf.Tensor2D
    const labels = tf.oneHot(tf.tensor1d([0, 2, 3], 'int32'), 4).toFloat() as tf.Tensor2D
    const images = applyModel(g, z, labels, false) as tf.Tensor4D
    expect(images.shape).toEqual([3, 64, 64, 3])
    const px = images.dataSync()
    expect(Math.max(...px)).toBeLessThanOrEqual(1)
    expect(Math.min(...px)).toBeGreaterThanOrEqual(-1)
    const viaLayers = applyModel(d, images, labels, false).dataSync()
    const viaOps = resnetDiscriminatorForward(resnetDiscriminatorVars(d), images, labels).dataSync()
    expect(viaOps).toHaveLength(3)
    viaOps.forEach((v, i) => expect(v).toBeCloseTo(viaLayers[i]!, 4))
    tf.dispose([z, labels, images])
    g.dispose()
    d.dispose()
  })

  it('trains with spectral norm: both models update, and G saves and loads as a plain layers model', async () => {
    const spec: DcganSpec = { ...spec64, resolution: 32, spectralNorm: true }
    const gan = makeGan(spec, hingeAdam(1e-3))
    const settings = stepSettings(spec, { loss: 'hinge' })
    const x = tf.randomUniform([4, 32, 32, 3], -1, 1, 'float32', 2) as tf.Tensor4D
    const y = tf.tensor1d([0, 1, 2, 3], 'int32')
    const snapshot = (m: tf.LayersModel) =>
      m.trainableWeights.map((w) => Float32Array.from(w.read().dataSync()))
    const g0 = snapshot(gan.generator)
    const d0 = snapshot(gan.discriminator)
    const before = tf.memory().numTensors
    expect(discriminatorStep(gan, settings, { x, y, seed: 1, noiseStd: 0 }).applied).toBe(true)
    expect(generatorStep(gan, settings, { y, seed: 1, noiseStd: 0 }).applied).toBe(true)
    const moved = (a: Float32Array[], m: tf.LayersModel) =>
      snapshot(m).some((w, i) => w.some((v, j) => v !== a[i]![j]))
    expect(moved(g0, gan.generator)).toBe(true)
    expect(moved(d0, gan.discriminator)).toBe(true)
    // Adam's slots appear on the first update; a second step adds nothing.
    const afterFirst = tf.memory().numTensors
    discriminatorStep(gan, settings, { x, y, seed: 2, noiseStd: 0 })
    generatorStep(gan, settings, { y, seed: 2, noiseStd: 0 })
    expect(tf.memory().numTensors).toBe(afterFirst)
    expect(afterFirst).toBeGreaterThan(before)

    const dir = await mkdtemp(join(tmpdir(), 'gan-resnet-'))
    try {
      const { modelJson, weights } = await layersArtifacts(gan.generator)
      await mkdir(join(dir, 'g'))
      await writeFile(join(dir, 'g', 'model.json'), modelJson)
      await writeFile(join(dir, 'g', 'weights.bin'), weights)
      const loaded = await loadLayersModelFrom(join(dir, 'g'))
      const z = tf.randomNormal([2, 16], 0, 1, 'float32', 3) as tf.Tensor2D
      const labels = tf.oneHot(tf.tensor1d([1, 2], 'int32'), 4).toFloat() as tf.Tensor2D
      const a = applyModel(loaded, z, labels, false).dataSync()
      const b = applyModel(gan.generator, z, labels, false).dataSync()
      expect(Array.from(a)).toEqual(Array.from(b))
      loaded.dispose()
      tf.dispose([z, labels])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
    tf.dispose([x, y])
    disposeGan(gan)
  })
})
