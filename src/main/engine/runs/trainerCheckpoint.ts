import * as tf from '@tensorflow/tfjs'
import sharp from 'sharp'
import type { TrainConfig } from '../../../shared/train'
import type { BatchStream } from '../data/batchStream'
import type { DcganSpec } from '../models/dcgan'
import { architectureOf } from './checkpointManifest'
import { pruneCheckpoints, saveCheckpoint, type FileWriter } from './checkpoint'
import type { RunFolder } from './runFolder'

export interface TrainingCheckpointInput {
  folder: RunFolder
  runId: string
  step: number
  epoch: number
  stats: { dLoss: number; gLoss: number }
  thumbnail: Uint8Array
  gan: {
    generator: tf.LayersModel
    discriminator: tf.LayersModel
    /** The EMA of G's weights, when the run keeps one (saved as generator-ema/). */
    generatorEma?: tf.LayersModel
    gOptimizer: tf.Optimizer
    dOptimizer: tf.Optimizer
  }
  stream: BatchStream
  spec: DcganSpec
  noiseSeed: number
  /** Adaptive augmentation's p at this step (absent when augmentation is not adaptive). */
  augmentP?: number
  config: TrainConfig
  dataset: { name: string; count: number; classNames: string[] }
  write?: FileWriter
}

/** A save that failed while the run goes on: English, and in code form (errorCodes.ts). */
export interface CheckpointWarning {
  message: string
  code: string
  params: Record<string, string | number>
}

/**
 * The trainer's checkpoint: saves `checkpoints/step-<n>/` and keeps the newest
 * `keepCheckpoints`. A failed save (a full disk, say) leaves the previous checkpoint the
 * latest and returns a warning instead of throwing: the run goes on.
 */
export async function saveTrainingCheckpoint(
  input: TrainingCheckpointInput
): Promise<CheckpointWarning | undefined> {
  const { folder, step, spec, config, dataset } = input
  try {
    await saveCheckpoint(
      folder.checkpointDir(step),
      {
        ...input.gan,
        thumbnail: await smallThumbnail(input.thumbnail),
        manifest: {
          runId: input.runId,
          step,
          epoch: input.epoch,
          time: new Date().toISOString(),
          dLoss: input.stats.dLoss,
          gLoss: input.stats.gLoss,
          backend: tf.getBackend(),
          labels: spec.numClasses > 0 ? dataset.classNames.slice(0, spec.numClasses) : [],
          ...architectureOf(spec),
          config: config as unknown as Record<string, unknown>,
          dataset: { name: dataset.name, count: dataset.count, classNames: dataset.classNames },
          stream: input.stream.getState(),
          rng: { seed: input.noiseSeed, step },
          ...(input.augmentP !== undefined ? { augment: { p: input.augmentP } } : {})
        }
      },
      input.write
    )
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err)
    return {
      message: `The checkpoint at step ${step} could not be written (${why}); training goes on, and the previous checkpoint stays the latest.`,
      code: 'checkpoint-save-failed',
      params: { step, reason: why }
    }
  }
  try {
    await pruneCheckpoints(folder.checkpointsDir, config.keepCheckpoints)
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err)
    return {
      message: `Old checkpoints could not be deleted: ${why}`,
      code: 'checkpoint-prune-failed',
      params: { reason: why }
    }
  }
  return undefined
}

/** The sample grid, shrunk to at most 256 px wide for the checkpoint browser. */
async function smallThumbnail(png: Uint8Array): Promise<Uint8Array> {
  try {
    const { width = 0 } = await sharp(png).metadata()
    if (width <= 256) return png
    return new Uint8Array(await sharp(png).resize({ width: 256 }).png().toBuffer())
  } catch {
    return png
  }
}
