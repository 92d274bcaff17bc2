import * as tf from '@tensorflow/tfjs'

/** tfjs does not export the Initializer class by name. */
export type Initializer = ReturnType<typeof tf.initializers.varianceScaling>

/**
 * PyTorch's default initialisation, so the 28×28 default starts where the peer
 * (shared/bench/peer_dcgan.py) starts: weights are kaiming_uniform(a=√5), i.e.
 * U(±1/√fanIn), and biases U(±1/√fanIn). tfjs computes fanIn the same way torch does
 * for Dense ([in, out] → in), Conv2D ([k, k, in, out] → k·k·in) and Conv2DTranspose
 * ([k, k, out, in] → k·k·out), so variance scaling with scale 1/3 is exactly torch's.
 */
export function torchKernel(seed: number): Initializer {
  return tf.initializers.varianceScaling({
    scale: 1 / 3,
    mode: 'fanIn',
    distribution: 'uniform',
    seed
  })
}

export function torchBias(fanIn: number, seed: number): Initializer {
  const bound = 1 / Math.sqrt(fanIn)
  return tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed })
}

/** Distinct, repeatable seeds for each initialiser of a model, derived from one run seed. */
export class SeedSequence {
  private n = 0
  constructor(private readonly base: number) {}
  next(): number {
    this.n += 1
    return mix32(this.base, this.n)
  }
}

/** A 32-bit hash of (a, b): neighbouring seeds give unrelated streams. */
export function mix32(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35)
  h ^= h >>> 16
  h = Math.imul(h, 0x7feb352d)
  h ^= h >>> 15
  h = Math.imul(h, 0x846ca68b)
  h ^= h >>> 16
  return h >>> 0
}
