import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll } from 'vitest'
import { TrainConfigSchema, type TrainConfig, type TrainConfigInput } from '../../src/shared/train'
import { generateShapes } from '../../src/main/engine/data/shapes'
import type { ImageDataset } from '../../src/main/engine/data/imageDataset'
import { Trainer } from '../../src/main/engine/train/trainer'
import { clearGeneratorCache } from '../../src/main/engine/generate/generate'
import { tempDir } from './tempDir'
import { useWasmBackend } from './wasmBackend'

/** 64 grey 28×28 shapes in 4 classes (circle, square, triangle, cross): 8 batches of 8. */
export const tinyShapes: ImageDataset = generateShapes({ size: 28, channels: 1, perClass: 16 })

/** Options that name the built-in shapes at 28×28 grey, `perClass` images a class. */
export function greyShapes(perClass: number): Partial<TrainConfigInput> {
  return { datasetOptions: { resolution: 28, channels: 1, limitPerClass: perClass } }
}

/**
 * A training config small enough for a unit test: the built-in shapes, width-4 models,
 * 8 noise dims, batches of 8. `overrides` set the steps and whatever the test is about.
 */
export function tinyConfig(overrides: Partial<TrainConfigInput> = {}): TrainConfig {
  return TrainConfigSchema.parse({
    dataset: { kind: 'builtin', name: 'shapes' },
    modelWidth: 4,
    noiseDim: 8,
    batchSize: 8,
    ...overrides
  })
}

/** Trains a tiny run into runsDir/<id>: 4 steps, checkpoints at 2 and 4. */
export async function trainTinyRun(
  runsDir: string,
  id: string,
  overrides: Partial<TrainConfigInput> = {},
  dataset: ImageDataset = tinyShapes
): Promise<string> {
  const runDir = join(runsDir, id)
  const result = await new Trainer({
    config: tinyConfig({ maxSteps: 4, sampleEvery: 2, checkpointEvery: 2, ...overrides }),
    dataset,
    runId: id,
    runDir,
    progressIntervalMs: 0
  }).run()
  if (result.state !== 'finished') throw new Error(`tiny run ${id}: ${result.message}`)
  return runDir
}

/**
 * Tiny runs (id → config overrides) trained on wasm before the file's tests, into
 * `runsDir` of a fresh temporary `root`. Afterwards the generators the tests loaded are
 * dropped and the folder removed.
 */
export function trainedTinyRuns(
  prefix: string,
  runs: Record<string, Partial<TrainConfigInput>>
): { root: string; runsDir: string } {
  const root = tempDir(prefix)
  const runsDir = join(root, 'runs')
  beforeAll(async () => {
    await useWasmBackend()
    for (const [id, overrides] of Object.entries(runs)) await trainTinyRun(runsDir, id, overrides)
  }, 120_000)
  afterAll(() => clearGeneratorCache())
  return { root, runsDir }
}

/** A PNG's [width, height]. */
export async function pngSize(png: Uint8Array): Promise<[number | undefined, number | undefined]> {
  const m = await sharp(png).metadata()
  return [m.width, m.height]
}
