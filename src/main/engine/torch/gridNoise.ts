import * as tf from '@tensorflow/tfjs'
import type { DcganSpec } from '../models/dcgan'
import { mix32 } from '../models/initializers'

/**
 * The noise and labels of the studio's fixed sample grid (train/fixedNoiseGrid.ts draws the
 * same, from the same seed), so the PyTorch job's samples/step-<n>.png show the same draws
 * as the studio's. A test checks the two stay in step.
 */
export function fixedGridNoise(
  spec: DcganSpec,
  classNames: string[],
  seed: number
): { z: Float32Array; count: number; rows: number; labels: number[]; rowLabels: string[] } {
  const columns = 8
  const conditional = spec.numClasses > 0
  const rows = conditional ? Math.min(spec.numClasses, 24) : 4
  const count = rows * columns
  const noiseSeed = mix32(seed, 0x5a3e)
  const z = tf.tidy(() =>
    conditional
      ? tf.tile(tf.randomNormal([columns, spec.noiseDim], 0, 1, 'float32', noiseSeed), [rows, 1])
      : tf.randomNormal([count, spec.noiseDim], 0, 1, 'float32', noiseSeed)
  )
  const data = z.dataSync() as Float32Array
  z.dispose()
  return {
    z: Float32Array.from(data),
    count,
    rows,
    labels: conditional ? Array.from({ length: count }, (_, i) => Math.floor(i / columns)) : [],
    rowLabels: conditional ? classNames.slice(0, rows) : Array.from({ length: rows }, () => '')
  }
}
