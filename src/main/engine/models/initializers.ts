import * as tf from '@tensorflow/tfjs'

/** tfjs does not export the Initializer class by name. */
export type Initializer = ReturnType<typeof tf.initializers.varianceScaling>

/**
 * PyTorch's default initialisation, so the 28×28 default starts where the peer
 * (scripts/bench/peer_dcgan.py) starts: weights are kaiming_uniform(a=√5), i.e.
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

// The seed streams live in the engine's one random module; kept importable from here.
export { mix32, SeedSequence } from '../data/prng'
