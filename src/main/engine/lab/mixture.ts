import type { Mixture } from '../../../shared/lab'
import { Mulberry32 } from '../data/prng'

/**
 * The Lab's data: a 1-D mixture of Gaussians, p(x) = Σ w_k · N(x; μ_k, σ_k²), with its
 * density, its CDF (for exact bin masses) and seeded sampling. Plain numbers, no tensors:
 * the data side of every formula is known in closed form.
 */

const SQRT_2PI = Math.sqrt(2 * Math.PI)

/** The mixture weights normalised to sum to 1 (the config accepts any positive weights). */
export function normalisedWeights(mixture: Mixture): number[] {
  const total = mixture.modes.reduce((s, m) => s + m.weight, 0)
  return mixture.modes.map((m) => m.weight / total)
}

export function gaussianDensity(x: number, mean: number, std: number): number {
  const u = (x - mean) / std
  return Math.exp(-0.5 * u * u) / (std * SQRT_2PI)
}

export function mixtureDensity(mixture: Mixture, x: number): number {
  const weights = normalisedWeights(mixture)
  return mixture.modes.reduce(
    (p, m, k) => p + (weights[k] ?? 0) * gaussianDensity(x, m.mean, m.std),
    0
  )
}

/**
 * erfc(x) with fractional error below 1.2e-7 everywhere (Numerical Recipes' Chebyshev
 * fit, `erfcc`). Fractional, not absolute, accuracy matters here: bin masses far in a
 * tail are differences of tiny CDF values and must stay non-negative and meaningful.
 */
export function erfc(x: number): number {
  const z = Math.abs(x)
  const t = 1 / (1 + 0.5 * z)
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
    )
  return x >= 0 ? r : 2 - r
}

/** P(X ≤ x) for X ~ N(mean, std²): Φ(u) = erfc(−u/√2)/2. */
export function gaussianCdf(x: number, mean: number, std: number): number {
  return 0.5 * erfc(-(x - mean) / (std * Math.SQRT2))
}

export function mixtureCdf(mixture: Mixture, x: number): number {
  const weights = normalisedWeights(mixture)
  return mixture.modes.reduce((c, m, k) => c + (weights[k] ?? 0) * gaussianCdf(x, m.mean, m.std), 0)
}

/** The Lab's generator: seeded and backend-independent, so a Lab session repeats exactly. */
export { Mulberry32 as Rng }

/** n draws from the mixture: pick mode k with probability w_k, then x = μ_k + σ_k·ε. */
export function sampleMixture(mixture: Mixture, n: number, rng: Mulberry32): Float32Array {
  const weights = normalisedWeights(mixture)
  const out = new Float32Array(n)
  for (let i = 0; i < n; i++) {
    let u = rng.uniform()
    let k = 0
    while (k < weights.length - 1 && u >= (weights[k] ?? 0)) {
      u -= weights[k] ?? 0
      k++
    }
    const mode = mixture.modes[k]!
    out[i] = mode.mean + mode.std * rng.normal()
  }
  return out
}

/** n × dim standard normal noise, row-major, for G's input. */
export function gaussianNoise(n: number, dim: number, rng: Mulberry32): Float32Array {
  const out = new Float32Array(n * dim)
  for (let i = 0; i < out.length; i++) out[i] = rng.normal()
  return out
}
