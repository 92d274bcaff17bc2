import { join } from 'node:path'
import { TrainConfigSchema, type TrainConfigInput } from '../../../../../src/shared/train'
import { generateShapes } from '../../../../../src/main/engine/data/shapes'
import type { ImageDataset } from '../../../../../src/main/engine/data/imageDataset'
import { Trainer } from '../../../../../src/main/engine/train/trainer'

/** 64 grey 28×28 shapes in 4 classes (circle, square, triangle, cross). */
export const tinyShapes = generateShapes({ size: 28, channels: 1, perClass: 16 })

/** Trains a tiny run into runsDir/<id>: 4 steps, checkpoints at 2 and 4. */
export async function trainTinyRun(
  runsDir: string,
  id: string,
  overrides: Partial<TrainConfigInput> = {},
  dataset: ImageDataset = tinyShapes
): Promise<string> {
  const runDir = join(runsDir, id)
  const result = await new Trainer({
    config: TrainConfigSchema.parse({
      dataset: { kind: 'builtin', name: 'shapes' },
      modelWidth: 4,
      noiseDim: 8,
      batchSize: 8,
      maxSteps: 4,
      sampleEvery: 2,
      checkpointEvery: 2,
      ...overrides
    }),
    dataset,
    runId: id,
    runDir,
    progressIntervalMs: 0
  }).run()
  if (result.state !== 'finished') throw new Error(`tiny run ${id}: ${result.message}`)
  return runDir
}
