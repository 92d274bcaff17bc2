import * as tf from '@tensorflow/tfjs'

/**
 * Spectral normalisation (Miyato et al. 2018): each D weight W is used as W / σ(W), σ its
 * largest singular value, estimated by one power-iteration step per update from a vector u
 * kept between updates. A kernel [k, k, in, out] (or a dense [in, out]) is taken as the
 * matrix [k·k·in, out], as torch's spectral_norm does.
 *
 * The u vectors live in this layer as non-trainable weights, so they are saved with D's
 * other weights (checkpoints, resume) with no change to the checkpoint format. The layer is
 * the identity on its input; it only holds state. It is registered, so a D saved with it
 * loads back with tf.loadLayersModel once this module is imported.
 */
export class SpectralNormState extends tf.layers.Layer {
  static className = 'GanStudioSpectralNormState'
  private readonly sizes: number[]
  private readonly seed: number
  vectors: tf.LayerVariable[] = []

  constructor(config: { sizes: number[]; seed?: number; name?: string }) {
    super({ name: config.name })
    this.sizes = config.sizes
    this.seed = config.seed ?? 0
    this.trainable = false
  }

  override build(): void {
    this.vectors = this.sizes.map((size, i) =>
      this.addWeight(
        `u${i}`,
        [size],
        'float32',
        tf.initializers.randomNormal({ mean: 0, stddev: 1, seed: this.seed + i }),
        undefined,
        false
      )
    )
    this.built = true
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.clone(Array.isArray(inputs) ? inputs[0]! : inputs)
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), sizes: this.sizes, seed: this.seed }
  }
}
tf.serialization.registerClass(SpectralNormState)

export const SPECTRAL_LAYER = 'd_spectral'

/** The u vectors of D's weights, in the order the model builder listed them. */
export function spectralVectors(model: tf.LayersModel): tf.Variable[] | null {
  if (!model.layers.some((l) => l.name === SPECTRAL_LAYER)) return null
  const layer = model.getLayer(SPECTRAL_LAYER) as SpectralNormState
  return layer.vectors.map((v) => v.read() as tf.Variable)
}

function asMatrix(w: tf.Tensor): tf.Tensor2D {
  const out = w.shape[w.shape.length - 1]!
  return tf.reshape(w, [-1, out])
}

function normalize(x: tf.Tensor): tf.Tensor {
  return tf.div(x, tf.add(tf.norm(x), 1e-12))
}

/**
 * One power-iteration step for each weight, outside any tape (u and v are constants to the
 * gradient, as in the paper): v = Wu/‖Wu‖, u ← Wᵀv/‖Wᵀv‖. With `update` the new u are
 * stored; without, the stored u are used as they are. Returns the (u, v) pairs, owned by
 * the caller.
 */
export function powerIteration(
  weights: tf.Variable[],
  us: tf.Variable[],
  update: boolean
): Array<{ u: tf.Tensor1D; v: tf.Tensor1D }> {
  return tf.tidy(() =>
    weights.map((w, i) => {
      const m = asMatrix(w)
      const u0 = us[i]!
      const v = normalize(tf.matMul(m, tf.reshape(u0, [-1, 1])))
      if (!update) return { u: tf.clone(u0) as tf.Tensor1D, v: tf.reshape(v, [-1]) as tf.Tensor1D }
      const u = tf.reshape(normalize(tf.matMul(m, v, true, false)), [-1]) as tf.Tensor1D
      u0.assign(u)
      return { u, v: tf.reshape(v, [-1]) as tf.Tensor1D }
    })
  )
}

/** W / σ with σ = vᵀ W u: differentiable in W (the gradient SNGAN uses). */
export function spectrallyNormalized(
  w: tf.Tensor,
  pair: { u: tf.Tensor1D; v: tf.Tensor1D }
): tf.Tensor {
  return tf.tidy(() => {
    const m = asMatrix(w)
    const sigma = tf.sum(
      tf.mul(pair.v, tf.reshape(tf.matMul(m, tf.reshape(pair.u, [-1, 1])), [-1]))
    )
    return tf.div(w, sigma)
  })
}
