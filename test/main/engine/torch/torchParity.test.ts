import * as tf from '@tensorflow/tfjs'
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { CLASSIC_DCGAN, type TrainConfigInput } from '../../../../src/shared/train'
import { openDataset, type ImageDataset } from '../../../../src/main/engine/data/index'
import { encodePng } from '../../../../src/main/engine/data/png'
import { generateShapes } from '../../../../src/main/engine/data/shapes'
import {
  applyModel,
  buildDiscriminator,
  buildGenerator,
  type DcganSpec
} from '../../../../src/main/engine/models/dcgan'
import { buildDiscriminatorFor, buildGeneratorFor } from '../../../../src/main/engine/models/build'
import { mix32 } from '../../../../src/main/engine/models/initializers'
import {
  DISCRIMINATOR_DIR,
  GENERATOR_DIR,
  loadWeightsInto,
  readManifest,
  restoreOptimizers
} from '../../../../src/main/engine/runs/checkpoint'
import { discriminatorStep, generatorStep, type Gan } from '../../../../src/main/engine/train/step'
import { Trainer } from '../../../../src/main/engine/train/trainer'
import { FixedNoiseGrid } from '../../../../src/main/engine/train/fixedNoiseGrid'
import { tensorGridPng } from '../../../../src/main/engine/image/grid'
import { exportTorchJob } from '../../../../src/main/engine/torch/exportTorch'
import { fixedGridNoise } from '../../../../src/main/engine/torch/gridNoise'
import { torchvision } from '../../../helpers/requirement'
import { useWasmBackend } from '../../../helpers/wasmBackend'
import { f32File, probe, trainJob } from './helpers/torchJob'
import { tempDir } from '../../../helpers/tempDir'
import { tinyConfig } from '../../../helpers/tinyTraining'
import { tinySpec } from '../../../helpers/tinyGan'

/** Float32 on two frameworks: the same model's outputs agree to this (tanh images in [−1, 1]). */
const IMAGE_TOLERANCE = 1e-5

const root = tempDir('gan-torch-')
beforeAll(useWasmBackend)

/** The classic DCGAN: the techniques' parity is techniquesTorch.test.ts's. */
function config(overrides: Partial<TrainConfigInput> = {}) {
  return tinyConfig({
    ...CLASSIC_DCGAN,
    datasetOptions: { resolution: 28, channels: 1, limitPerClass: 16 },
    maxSteps: 6,
    sampleEvery: 3,
    checkpointEvery: 3,
    ...overrides
  })
}

async function trainRun(name: string, overrides: Partial<TrainConfigInput> = {}) {
  const cfg = config(overrides)
  const { dataset } = await openDataset(cfg.dataset, cfg.datasetOptions)
  const runDir = join(root, name)
  const result = await new Trainer({ config: cfg, dataset, runId: name, runDir }).run()
  expect(result.state).toBe('finished')
  return { cfg, dataset, runDir }
}

function specOf(dataset: ImageDataset, cfg: ReturnType<typeof config>): DcganSpec {
  return {
    resolution: 28,
    channels: dataset.channels,
    noiseDim: cfg.noiseDim,
    numClasses: cfg.conditional ? dataset.classNames.length : 0,
    width: cfg.modelWidth,
    seed: cfg.seed,
    conditioning: cfg.conditioning,
    spectralNorm: cfg.spectralNorm,
    architecture: cfg.model
  }
}

/** The studio's G (inference mode) and D on fixed inputs beside the exported job's in PyTorch. */
async function compareModels(
  job: string,
  state: string,
  g: tf.LayersModel,
  d: tf.LayersModel,
  spec: DcganSpec
) {
  const n = 12
  const z = tf.randomNormal([n, spec.noiseDim], 0, 1, 'float32', 7)
  const labels = Array.from({ length: n }, (_, i) => i % Math.max(spec.numClasses, 1))
  const onehot =
    spec.numClasses > 0 ? tf.oneHot(tf.tensor1d(labels, 'int32'), spec.numClasses).toFloat() : null
  const images = tf.randomUniform([n, 28, 28, spec.channels], -1, 1, 'float32', 9)
  const studioImages = applyModel(g, z, onehot as tf.Tensor2D | null, false)
  const studioLogits = applyModel(d, images, onehot as tf.Tensor2D | null, false)
  const out = join(root, `images-${Math.random().toString(36).slice(2)}.f32`)
  const result = await probe(root, job, {
    task: 'generate',
    state,
    z: await f32File(root, z, 'z.f32'),
    labels: spec.numClasses > 0 ? labels : [],
    count: n,
    images: await f32File(root, images, 'x.f32'),
    out
  })
  const torchImages = new Float32Array((await readFile(out)).buffer.slice(0))
  const mine = studioImages.dataSync()
  let worst = 0
  mine.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - torchImages[i]!))))
  const logits = studioLogits.dataSync()
  const torchLogits = result.logits as number[]
  tf.dispose([z, onehot ?? [], images, studioImages, studioLogits])
  return {
    imageDiff: worst,
    spread: Math.max(...mine) - Math.min(...mine),
    logitDiff: Math.max(...torchLogits.map((l, i) => Math.abs(l - logits[i]!)))
  }
}

const PLAIN_D = { model: 'dcgan' as const, conditioning: 'planes' as const, spectralNorm: false }

describe.skipIf(torchvision.skip)('the studio model in PyTorch (train.py)', () => {
  it.each([true, false])(
    'makes the same images from the same z and labels, before training and from a checkpoint (conditional: %s)',
    async (conditional) => {
      torchvision.check()
      {
        const { cfg, dataset, runDir } = await trainRun(`parity-${conditional}`, { conditional })
        const spec = specOf(dataset, cfg)

        // The run itself: a fresh start from the studio's initial weights.
        const fresh = join(root, `job-fresh-${conditional}`)
        await exportTorchJob(runDir, fresh)
        const g0 = buildGenerator(spec)
        const d0 = buildDiscriminator(spec)
        const before = await compareModels(
          fresh,
          join(fresh, 'init', 'state.safetensors'),
          g0,
          d0,
          spec
        )
        expect(before.spread).toBeGreaterThan(0.01) // the images are not all one value
        expect(before.imageDiff).toBeLessThan(IMAGE_TOLERANCE)
        expect(before.logitDiff).toBeLessThan(IMAGE_TOLERANCE)

        // A trained checkpoint, moving BN statistics and all.
        const checkpoint = join(runDir, 'checkpoints', 'step-6')
        const job = join(root, `job-ckpt-${conditional}`)
        await exportTorchJob(checkpoint, job)
        await loadWeightsInto(g0, join(checkpoint, GENERATOR_DIR))
        await loadWeightsInto(d0, join(checkpoint, DISCRIMINATOR_DIR))
        const after = await compareModels(job, join(job, 'init', 'state.safetensors'), g0, d0, spec)
        expect(after.imageDiff).toBeLessThan(IMAGE_TOLERANCE)
        expect(after.logitDiff).toBeLessThan(IMAGE_TOLERANCE)
        g0.dispose()
        d0.dispose()
      }
    },
    300_000
  )

  it.each([
    { loss: 'non-saturating' as const, labelSmoothing: 0, ...PLAIN_D },
    { loss: 'minimax' as const, labelSmoothing: 0.2, ...PLAIN_D },
    { loss: 'hinge' as const, labelSmoothing: 0, ...PLAIN_D },
    // Issue #22's D: projection, spectral norm (the u vectors carried over), R1, TTUR.
    {
      loss: 'hinge' as const,
      labelSmoothing: 0,
      model: 'dcgan' as const,
      conditioning: 'projection' as const,
      spectralNorm: true,
      r1Gamma: 1,
      lrG: 0.005
    },
    {
      loss: 'hinge' as const,
      labelSmoothing: 0,
      model: 'resnet' as const,
      conditioning: 'projection' as const,
      spectralNorm: true,
      r1Gamma: 0,
      lrG: 0.005
    }
  ])(
    'resumes with the same next losses as the studio ($model, $loss, $conditioning, spectral norm $spectralNorm): the Adam state converts',
    async (setting) => {
      torchvision.check()
      // Large learning rates, so a wrongly converted moment or step count would show.
      const name = `resume-${setting.model}-${setting.loss}-${setting.conditioning}-${setting.spectralNorm}`
      const { cfg, dataset, runDir } = await trainRun(name, { lrG: 0.01, lrD: 0.01, ...setting })
      const spec = specOf(dataset, cfg)
      const checkpoint = join(runDir, 'checkpoints', 'step-6')
      const job = join(root, `job-${name}`)
      await exportTorchJob(checkpoint, job)

      const gan: Gan = {
        generator: buildGeneratorFor(spec),
        discriminator: buildDiscriminatorFor(spec),
        gOptimizer: tf.train.adam(cfg.lrG, cfg.beta1, cfg.beta2),
        dOptimizer: tf.train.adam(cfg.lrD, cfg.beta1, cfg.beta2)
      }
      await loadWeightsInto(gan.generator, join(checkpoint, GENERATOR_DIR))
      await loadWeightsInto(gan.discriminator, join(checkpoint, DISCRIMINATOR_DIR))
      await restoreOptimizers(checkpoint, gan.gOptimizer, gan.dOptimizer)
      expect((await readManifest(checkpoint)).step).toBe(6)

      const settings = {
        loss: cfg.loss,
        noiseDim: cfg.noiseDim,
        numClasses: spec.numClasses,
        labelSmoothing: cfg.labelSmoothing,
        mismatchedLabels: false,
        gpWeight: 10,
        r1Gamma: cfg.r1Gamma
      }
      const studio: number[][] = []
      const steps: object[] = []
      for (let s = 0; s < 3; s++) {
        const x = tf
          .tensor4d(dataset.images.slice(s * 8 * 784, (s + 1) * 8 * 784), [8, 28, 28, 1])
          .div(127.5)
          .sub(1) as tf.Tensor4D
        const y = tf.tensor1d(Array.from(dataset.labels.slice(s * 8, (s + 1) * 8)), 'int32')
        const seed = 1000 + s
        // The z the studio's step draws from this seed (step.ts: sub-seed 1 of the step's seed).
        const z = tf.randomNormal([8, cfg.noiseDim], 0, 1, 'float32', mix32(seed, 1))
        steps.push({
          x: await f32File(root, x, `${name}-x${s}.f32`),
          y: Array.from(await y.data()),
          z: await f32File(root, z, `${name}-z${s}.f32`)
        })
        const dr = discriminatorStep(gan, settings, { x, y, seed, noiseStd: 0 })
        const gr = generatorStep(gan, settings, { y, seed, noiseStd: 0 })
        studio.push([dr.loss, dr.dReal, dr.dFake, gr.loss])
        tf.dispose([x, y, z])
      }
      const state = join(job, 'init', 'state.safetensors')
      const torch = (await probe(root, job, { task: 'steps', state, steps })).steps as number[][]
      const fresh = (await probe(root, job, { task: 'steps', state, steps, dropOptimizer: true }))
        .steps as number[][]

      const diff = (a: number[][], b: number[][]) =>
        Math.max(...a.flatMap((r, i) => r.map((v, j) => Math.abs(v - b[i]![j]!))))
      // Same losses at every step after the first update, to float precision.
      expect(diff(studio, torch)).toBeLessThan(1e-3)
      // Without the converted Adam state the next losses differ far more than that.
      expect(diff(studio.slice(1), fresh.slice(1))).toBeGreaterThan(1e-2)
      for (const m of [gan.generator, gan.discriminator, gan.gOptimizer, gan.dOptimizer])
        m.dispose()
    },
    300_000
  )

  it('trains without torchrun too, with WGAN-GP, k = 2, mismatched labels and instance noise', async () => {
    torchvision.check()
    const { runDir } = await trainRun('wgan', {
      loss: 'wgan-gp',
      dSteps: 2,
      mismatchedLabels: true,
      instanceNoise: { std: 0.1, decaySteps: 10 },
      maxSteps: 2,
      checkpointEvery: 2
    })
    const job = join(root, 'job-wgan')
    await exportTorchJob(join(runDir, 'checkpoints', 'step-2'), job)
    const stdout = await trainJob(job, 4)
    expect(stdout).toContain('1 process(es), none, cpu; steps 2 -> 4')
    const lines = (await readFile(join(job, 'metrics.jsonl'), 'utf8')).trim().split('\n')
    const last = JSON.parse(lines.at(-1)!) as {
      step: number
      dLoss: number
      gLoss: number
      dReal: number
    }
    expect(last.step).toBe(4)
    expect([last.dLoss, last.gLoss, last.dReal].every(Number.isFinite)).toBe(true)
  }, 300_000)
})

describe.skipIf(torchvision.skip)('a job that reads the user’s folder in place', () => {
  it('trains from the referenced ImageFolder, with no copy in the job', async () => {
    torchvision.check()
    // A folder dataset: 4 classes of 16 grey 28×28 shapes, as a user's pictures would be.
    const shapes = generateShapes({ size: 28, channels: 1, perClass: 16 })
    const pictures = join(root, 'pictures')
    for (let i = 0; i < shapes.count; i++) {
      const dir = join(pictures, shapes.classNames[shapes.labels[i]!]!)
      await mkdir(dir, { recursive: true })
      const pixels = shapes.images.subarray(i * 784, (i + 1) * 784)
      await writeFile(join(dir, `${i}.png`), encodePng(pixels, 28, 28, 1))
    }
    const { runDir } = await trainRun('folder', {
      dataset: { kind: 'folder', path: pictures },
      datasetOptions: { resolution: 28 },
      maxSteps: 2,
      checkpointEvery: 2
    })
    const job = join(root, 'job-folder')
    const result = await exportTorchJob(join(runDir, 'checkpoints', 'step-2'), job, {
      dataReference: true
    })
    expect(result.images).toBe(0)
    expect(existsSync(join(job, 'data'))).toBe(false)
    expect(JSON.parse(await readFile(join(job, 'job.json'), 'utf8')).data).toEqual({
      path: pictures,
      fit: 'crop',
      background: '#000000'
    })
    const stdout = await trainJob(job, 3)
    expect(stdout).toContain('steps 2 -> 3')
    const lines = (await readFile(join(job, 'metrics.jsonl'), 'utf8')).trim().split('\n')
    expect((JSON.parse(lines.at(-1)!) as { step: number }).step).toBe(3)
  }, 300_000)
})

describe('the fixed sample grid', () => {
  it('is drawn from the same noise as the studio’s FixedNoiseGrid', async () => {
    const spec = tinySpec({ seed: 3 })
    const g = buildGenerator(spec)
    const names = ['a', 'b', 'c', 'd']
    for (const numClasses of [4, 0]) {
      const s = { ...spec, numClasses }
      const model = numClasses ? g : buildGenerator(s)
      const grid = new FixedNoiseGrid(s, names, 11)
      const noise = fixedGridNoise(s, names, 11)
      const z = tf.tensor2d(noise.z, [noise.count, s.noiseDim])
      const labels = numClasses
        ? (tf.oneHot(tf.tensor1d(noise.labels, 'int32'), numClasses).toFloat() as tf.Tensor2D)
        : null
      const images = applyModel(model, z, labels, false) as tf.Tensor4D
      const mine = await tensorGridPng(images, { rows: noise.rows, cols: 8 })
      expect(Buffer.from(mine).equals(Buffer.from((await grid.render(model, 1)).png))).toBe(true)
      tf.dispose([z, labels ?? [], images])
      grid.dispose()
    }
  })
})
