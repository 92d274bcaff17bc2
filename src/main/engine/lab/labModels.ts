import * as tf from '@tensorflow/tfjs'
import type { LabConfig } from '../../../shared/lab'
import { mix32 } from '../models/initializers'

/**
 * The Lab's two players, small dense nets on 1-D data:
 *   G: noise z ∈ ℝ^noiseDim → x ∈ ℝ   (an MLP, or the affine map x = b + w·z)
 *   D: x ∈ ℝ → a logit l, with D(x) = σ(l)
 * D outputs a logit rather than a probability so the losses can use the stable softplus
 * forms (see train/losses.ts) and never take log 0.
 *
 * Plain variables and ops rather than tf.LayersModel: the Lab takes thousands of tiny steps,
 * where the layers API's per-call bookkeeping costs more than the arithmetic.
 */
export interface LabNet {
  /** Every trainable weight, for the optimizer and the gradient norm. */
  readonly variables: tf.Variable[]
  /** [n, in] → [n, 1]. */
  apply(x: tf.Tensor): tf.Tensor2D
  dispose(): void
}

interface DenseWeights {
  w: tf.Variable
  b: tf.Variable
}

class Mlp implements LabNet {
  readonly variables: tf.Variable[]

  constructor(
    private readonly layers: DenseWeights[],
    private readonly activation: (h: tf.Tensor) => tf.Tensor
  ) {
    this.variables = layers.flatMap(({ w, b }) => [w, b])
  }

  /** Call inside tf.tidy: the intermediate activations are left to the caller's scope. */
  apply(x: tf.Tensor): tf.Tensor2D {
    let h: tf.Tensor = x
    this.layers.forEach(({ w, b }, i) => {
      // On wasm, matMul's gradient goes through XNNPACK thanks to the engine's BatchMatMul kernel.
      h = tf.add(tf.matMul(h as tf.Tensor2D, w), b)
      if (i < this.layers.length - 1) h = this.activation(h)
    })
    return h as tf.Tensor2D
  }

  dispose(): void {
    tf.dispose(this.variables)
  }
}

/**
 * PyTorch's default initialisation, U(±1/√fanIn) for weights and biases, seeded. The random
 * biases matter on 1-D inputs: with zero biases every kink of the first layer would sit at
 * the same point, x = 0 (or z = 0).
 */
function denseWeights(fanIn: number, units: number, seed: () => number): DenseWeights {
  const bound = 1 / Math.sqrt(fanIn)
  return tf.tidy(() => ({
    w: tf.variable(tf.randomUniform([fanIn, units], -bound, bound, 'float32', seed())),
    b: tf.variable(tf.randomUniform([units], -bound, bound, 'float32', seed()))
  }))
}

/** Distinct, repeatable initialiser seeds for one model. */
function seeds(base: number): () => number {
  let n = 0
  return () => mix32(base, ++n)
}

/** Conditional: one input per class (a one-hot label) beside z for G, beside x for D. */
export function classInputs(config: LabConfig): number {
  return config.conditional ? config.data.modes.length : 0
}

export function buildLabGenerator(config: LabConfig): LabNet {
  const seed = seeds(mix32(config.seed, 0x6e))
  const { hiddenUnits, gInit } = config
  const noiseDim = config.noiseDim + classInputs(config)
  const shift = gInit?.shift ?? 0
  const scale = gInit?.scale ?? 1
  if (config.generator === 'affine') {
    // x = b + w·z with w = (scale, 0, …, 0): p_G is exactly N(shift, scale²).
    const w = new Float32Array(noiseDim)
    w[0] = scale
    const layer = tf.tidy(() => ({
      w: tf.variable(tf.tensor2d(w, [noiseDim, 1])),
      b: tf.variable(tf.tensor1d([shift]))
    }))
    return new Mlp([layer], (h) => h)
  }
  const layers = [
    denseWeights(noiseDim, hiddenUnits, seed),
    denseWeights(hiddenUnits, hiddenUnits, seed),
    denseWeights(hiddenUnits, 1, seed)
  ]
  // The bad start: output ← shift + scale·output, by rescaling the last layer once. Only the
  // initial weights move, so G remains free to learn its way back.
  if (gInit) {
    const out = layers[2]!
    tf.tidy(() => {
      out.w.assign(tf.mul(out.w, scale))
      out.b.assign(tf.add(tf.mul(out.b, scale), shift))
    })
  }
  // ReLU: a generator that covers separated modes needs kinks to jump between them.
  return new Mlp(layers, (h) => tf.relu(h))
}

export function buildLabDiscriminator(config: LabConfig): LabNet {
  const seed = seeds(mix32(config.seed, 0xd))
  const { hiddenUnits } = config
  const layers = [
    denseWeights(1 + classInputs(config), hiddenUnits, seed),
    denseWeights(hiddenUnits, hiddenUnits, seed),
    denseWeights(hiddenUnits, 1, seed)
  ]
  // Leaky, so no unit dies on the far side of the data and every x keeps a gradient.
  return new Mlp(layers, (h) => tf.leakyRelu(h, 0.2))
}
