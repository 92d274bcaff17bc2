import * as tf from '@tensorflow/tfjs'
import { tensorGridPng } from '../image/grid'
import { applyModel, type DcganSpec } from '../models/dcgan'
import { mix32 } from '../models/initializers'

export interface SampleGrid {
  step: number
  /** PNG of the grid from fixed noise: one row per class (unconditional: rows of noise). */
  png: Uint8Array<ArrayBuffer>
  rowLabels: string[]
}

/** Columns of the grid: the same noise vector down each column. */
const COLUMNS = 8
/** Rows of an unconditional grid, and the most class rows a grid shows. */
const UNCONDITIONAL_ROWS = 4
const MAX_CLASS_ROWS = 24

/**
 * The sample grid a run draws every N steps, from noise fixed at the start so that grids
 * from different steps show the same draws maturing. Conditional: one row per class and
 * one z per column, so a column shows one "style" across classes.
 */
export class FixedNoiseGrid {
  readonly rows: number
  readonly rowLabels: string[]
  private readonly z: tf.Tensor2D
  private readonly labels: tf.Tensor2D | null

  constructor(spec: DcganSpec, classNames: string[], seed: number) {
    const conditional = spec.numClasses > 0
    this.rows = conditional ? Math.min(spec.numClasses, MAX_CLASS_ROWS) : UNCONDITIONAL_ROWS
    this.rowLabels = conditional
      ? classNames.slice(0, this.rows)
      : Array.from({ length: this.rows }, () => '')
    const count = this.rows * COLUMNS
    const noiseSeed = mix32(seed, 0x5a3e)
    this.z = tf.tidy(() =>
      conditional
        ? tf.tile(tf.randomNormal([COLUMNS, spec.noiseDim], 0, 1, 'float32', noiseSeed), [
            this.rows,
            1
          ])
        : tf.randomNormal([count, spec.noiseDim], 0, 1, 'float32', noiseSeed)
    )
    this.labels = conditional
      ? tf.tidy(() => {
          const classOfImage = Array.from({ length: count }, (_, i) => Math.floor(i / COLUMNS))
          return tf
            .oneHot(tf.tensor1d(classOfImage, 'int32'), spec.numClasses)
            .toFloat() as tf.Tensor2D
        })
      : null
  }

  async render(generator: tf.LayersModel, step: number): Promise<SampleGrid> {
    // Inference mode: BN's moving averages, as the peer's g.eval(), so an image does not
    // depend on which others share its batch.
    const images = tf.tidy(() => applyModel(generator, this.z, this.labels, false) as tf.Tensor4D)
    try {
      const png = await tensorGridPng(images, { rows: this.rows, cols: COLUMNS })
      return { step, png, rowLabels: this.rowLabels }
    } finally {
      images.dispose()
    }
  }

  dispose(): void {
    tf.dispose([this.z, this.labels ?? []])
  }
}
