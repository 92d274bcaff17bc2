import * as tf from '@tensorflow/tfjs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildDiscriminator, buildGenerator } from '../../../../src/main/engine/models/dcgan'
import {
  loadLayersModelFrom,
  loadSamplingGenerator,
  readManifest,
  saveCheckpoint,
  type CheckpointContent
} from '../../../../src/main/engine/runs/checkpoint'
import { CHECKPOINT_FILES } from '../../../../src/main/engine/runs/runLayout'
import { generateImages, clearGeneratorCache } from '../../../../src/main/engine/generate/generate'
import { exportGeneratorFrom, listCheckpointsIn } from '../../../../src/main/engine/runs/runStore'
import { useWasmBackend } from '../../../helpers/wasmBackend'
import { tinySpec } from '../../../helpers/tinyGan'

const spec = tinySpec({ numClasses: 0, seed: 1 })

let root: string
beforeAll(async () => {
  await useWasmBackend()
  root = await mkdtemp(join(tmpdir(), 'gan-ema-'))
})
afterAll(async () => {
  clearGeneratorCache()
  await rm(root, { recursive: true, force: true })
})

function content(generatorEma?: tf.LayersModel): CheckpointContent {
  return {
    generator: buildGenerator(spec),
    discriminator: buildDiscriminator(spec),
    generatorEma,
    gOptimizer: tf.train.adam(1e-3),
    dOptimizer: tf.train.adam(1e-3),
    manifest: {
      runId: 'ema',
      step: 2,
      epoch: 0,
      time: new Date().toISOString(),
      dLoss: 1,
      gLoss: 1,
      backend: tf.getBackend(),
      labels: [],
      noiseDim: spec.noiseDim,
      resolution: spec.resolution,
      channels: spec.channels,
      numClasses: 0,
      modelWidth: 4,
      config: {},
      dataset: { name: 'none', count: 8, classNames: [] },
      stream: {
        version: 1,
        seed: 0,
        count: 8,
        batchSize: 8,
        dropLast: true,
        epoch: 0,
        position: 0,
        globalStep: 0
      },
      rng: { seed: 0, step: 2 }
    }
  }
}

/** G of another seed: weights that differ from the plain G's. */
const emaModel = () => buildGenerator({ ...spec, seed: 99 })
const weightsOf = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()))

describe('the EMA generator slot', () => {
  it('saves generator-ema/ with its files in the manifest; sampling loads it', async () => {
    const dir = join(root, 'with', 'checkpoints', 'step-2')
    const ema = emaModel()
    await saveCheckpoint(dir, content(ema))
    const manifest = await readManifest(dir)
    expect(Object.keys(manifest.files)).toEqual(
      expect.arrayContaining(['generator-ema/model.json', 'generator-ema/weights.bin'])
    )
    const loaded = await loadSamplingGenerator(dir)
    expect(loaded.ema).toBe(true)
    expect(weightsOf(loaded.model)).toEqual(weightsOf(ema))
    loaded.model.dispose()

    // Generation draws from the EMA generator: the images of a checkpoint whose G is that model.
    const twin = join(root, 'twin', 'checkpoints', 'step-2')
    await saveCheckpoint(twin, { ...content(), generator: emaModel() })
    const plain = join(root, 'plain', 'checkpoints', 'step-2')
    await saveCheckpoint(plain, content())
    const images = async (d: string) => (await generateImages(d, { count: 2, seed: 5 })).images
    expect(await images(dir)).toEqual(await images(twin))
    expect(await images(dir)).not.toEqual(await images(plain))

    // An exported generator is the one Generate samples from.
    const exported = join(root, 'exported')
    await exportGeneratorFrom(dir, exported)
    const g = await loadLayersModelFrom(exported)
    expect(weightsOf(g)).toEqual(weightsOf(ema))
    g.dispose()

    // Its files are verified like the others.
    const weights = join(dir, CHECKPOINT_FILES.generatorEma, CHECKPOINT_FILES.weights)
    const bytes = await readFile(weights)
    bytes[0] = bytes[0]! ^ 0xff
    await writeFile(weights, bytes)
    const [listed] = await listCheckpointsIn(join(root, 'with'))
    expect(listed).toMatchObject({
      state: 'damaged',
      problem: expect.stringMatching(/generator-ema\/weights\.bin is corrupt/)
    })
    await expect(loadSamplingGenerator(dir)).rejects.toThrow(/will not load/)
  })

  it('a checkpoint without one (every older one) loads and samples from G', async () => {
    const dir = join(root, 'without', 'checkpoints', 'step-2')
    const c = content()
    await saveCheckpoint(dir, c)
    const manifest = await readManifest(dir)
    expect(Object.keys(manifest.files).some((n) => n.startsWith('generator-ema/'))).toBe(false)
    const loaded = await loadSamplingGenerator(dir)
    expect(loaded.ema).toBe(false)
    expect(weightsOf(loaded.model)).toEqual(weightsOf(c.generator))
    loaded.model.dispose()
  })
})
