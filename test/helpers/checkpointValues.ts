import * as tf from '@tensorflow/tfjs'
import { loadLayersModelFrom, restoreOptimizers } from '../../src/main/engine/runs/checkpoint'

/** A saved model's weights, as plain numbers to compare with toEqual. */
export async function savedWeights(modelDir: string): Promise<number[][]> {
  const model = await loadLayersModelFrom(modelDir)
  const out = model.weights.map((w) => Array.from(w.read().dataSync()))
  model.dispose()
  return out
}

/**
 * G's and D's Adam slots as a checkpoint restores them into fresh optimizers (β₁ = 0.5,
 * β₂ = 0.999, at the given learning rates), as plain numbers to compare with toEqual.
 */
export async function restoredOptimizerSlots(
  checkpointDir: string,
  lr: { g: number; d: number }
): Promise<number[][][]> {
  const g = tf.train.adam(lr.g, 0.5, 0.999)
  const d = tf.train.adam(lr.d, 0.5, 0.999)
  await restoreOptimizers(checkpointDir, g, d)
  const out = await Promise.all(
    [g, d].map(async (o) => (await o.getWeights()).map((w) => Array.from(w.tensor.dataSync())))
  )
  g.dispose()
  d.dispose()
  return out
}
