import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Progress, TrainConfigInput } from '../../../../src/shared/train'
import { generateShapes } from '../../../../src/main/engine/data/shapes'
import { loadLayersModelFrom, readManifest } from '../../../../src/main/engine/runs/checkpoint'
import { Trainer } from '../../../../src/main/engine/train/trainer'
import { registerWasmTrainingKernels } from '../../../../src/main/engine/kernels/index'
import { useBackend } from '../kernels/backendComparison'
import { useSoftwareWebGpu } from '../../../helpers/webgpuBackend'
import { tinyConfig } from '../../../helpers/tinyTraining'

// Training on webgpu (SwiftShader): a few steps of the built-in shapes, and checkpoints
// that cross between webgpu and wasm in both directions. Tiny models: SwiftShader is slow.

const shapes = generateShapes({ size: 28, channels: 1, perClass: 8 })

function config(overrides: Partial<TrainConfigInput> = {}) {
  return tinyConfig({ maxSteps: 4, sampleEvery: 2, checkpointEvery: 2, ...overrides })
}

async function train(
  runDir: string,
  overrides: Partial<TrainConfigInput> = {},
  resumeFrom?: string
): Promise<{ progress: Progress[]; tensorsAt: Map<number, number> }> {
  const progress: Progress[] = []
  const tensorsAt = new Map<number, number>()
  const result = await new Trainer({
    config: config(overrides),
    dataset: shapes,
    runId: 'webgpu-run',
    runDir,
    progressIntervalMs: 0,
    resumeFrom,
    onProgress: (p) => {
      progress.push(p)
      tensorsAt.set(p.step, tf.memory().numTensors)
    }
  }).run()
  expect(result, result.message).toMatchObject({ state: 'finished' })
  return { progress, tensorsAt }
}

/** G's output for fixed noise and labels, from a checkpoint, on the current backend. */
async function generatorOutput(checkpointDir: string): Promise<Float32Array> {
  const g = await loadLayersModelFrom(join(checkpointDir, 'generator'))
  try {
    return tf.tidy(() => {
      const z = tf.randomNormal([4, 8], 0, 1, 'float32', 9)
      const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 3], 'int32'), 4).toFloat()
      return (g.predict([z, labels]) as tf.Tensor).dataSync() as Float32Array
    })
  } finally {
    g.dispose()
  }
}

function expectSameImages(actual: Float32Array, reference: Float32Array): void {
  // tanh outputs in [−1, 1]: float32 in another summation order differs by ~1e-6.
  expect(actual.length).toBe(reference.length)
  let worst = 0
  for (let i = 0; i < reference.length; i++)
    worst = Math.max(worst, Math.abs(actual[i]! - reference[i]!))
  expect(worst).toBeLessThan(1e-4)
}

let root: string
beforeAll(async () => {
  registerWasmTrainingKernels()
  await useSoftwareWebGpu()
  root = await mkdtemp(join(tmpdir(), 'gan-webgpu-'))
})
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true })
})

describe('training on webgpu (SwiftShader)', () => {
  // Conditional, non-saturating (the default); WGAN-GP's step is compared in ganStep.test.ts.
  it('trains a few steps of shapes with finite losses and no tensor leak', async () => {
    await useBackend('webgpu')
    const before = tf.memory().numTensors
    const { progress, tensorsAt } = await train(join(root, 'steps'), {
      maxSteps: 5,
      checkpointEvery: 100,
      sampleEvery: 100
    })
    expect(tf.getBackend()).toBe('webgpu')
    expect(progress.map((p) => p.step)).toEqual([1, 2, 3, 4, 5])
    for (const p of progress) {
      for (const v of [p.dLoss, p.gLoss, p.dReal, p.dFake]) expect(Number.isFinite(v)).toBe(true)
    }
    expect(tensorsAt.get(5)).toBe(tensorsAt.get(2))
    expect(tf.memory().numTensors).toBe(before)
  })

  it('writes checkpoints that load and resume on wasm, giving the same images', async () => {
    await useBackend('webgpu')
    const runDir = join(root, 'from-webgpu')
    await train(runDir)
    const checkpoint = join(runDir, 'checkpoints', 'step-4')
    expect((await readManifest(checkpoint)).backend).toBe('webgpu')
    const onWebGpu = await generatorOutput(checkpoint)

    await useBackend('wasm')
    expectSameImages(await generatorOutput(checkpoint), onWebGpu)
    const resumed = await train(runDir, { maxSteps: 6 }, checkpoint)
    expect(resumed.progress.map((p) => p.step)).toEqual([5, 6])
    expect((await readManifest(join(runDir, 'checkpoints', 'step-6'))).backend).toBe('wasm')
  })

  it('loads and resumes on webgpu a checkpoint written on wasm', async () => {
    await useBackend('wasm')
    const runDir = join(root, 'from-wasm')
    await train(runDir)
    const checkpoint = join(runDir, 'checkpoints', 'step-4')
    const onWasm = await generatorOutput(checkpoint)

    await useBackend('webgpu')
    expectSameImages(await generatorOutput(checkpoint), onWasm)
    const resumed = await train(runDir, { maxSteps: 6 }, checkpoint)
    expect(resumed.progress.map((p) => p.step)).toEqual([5, 6])
    const manifest = await readManifest(join(runDir, 'checkpoints', 'step-6'))
    expect(manifest.backend).toBe('webgpu')
    expect(
      JSON.parse(
        await readFile(join(runDir, 'metrics.jsonl'), 'utf8').then((t) =>
          t.trim().split('\n').at(-1)!
        )
      )
    ).toMatchObject({ step: 6 })
  })
})
