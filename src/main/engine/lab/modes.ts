import type { Mixture } from '../../../shared/lab'
import { normalisedWeights } from './mixture'

/**
 * Which of the data's modes the generator covers.
 *
 * The rule: mode k (weight w_k, normalised) is covered when at least
 * `MODE_COVERAGE_FRACTION · w_k` of the generated samples fall within 2 σ_k of μ_k.
 * A generator that matches the data puts about 0.95·w_k there (the mass of ±2σ), so the
 * threshold of 0.1·w_k — a tenth of its fair share — is met easily by any real coverage, while
 * the thin bridge of samples a collapsed 1-D generator leaves between modes stays below it.
 * Each mode's window is judged on its own, so overlapping modes may share samples.
 */
export const MODE_COVERAGE_FRACTION = 0.1

export interface ModeCoverage {
  /** The share of generated samples within 2σ of each mode's mean. */
  shares: number[]
  covered: boolean[]
  modesCovered: number
  modesTotal: number
}

export function modeCoverage(
  mixture: Mixture,
  samples: ArrayLike<number>,
  fraction = MODE_COVERAGE_FRACTION
): ModeCoverage {
  const weights = normalisedWeights(mixture)
  const shares = mixture.modes.map((mode) => {
    let inside = 0
    for (let i = 0; i < samples.length; i++) {
      if (Math.abs(samples[i]! - mode.mean) <= 2 * mode.std) inside++
    }
    return samples.length > 0 ? inside / samples.length : 0
  })
  const covered = shares.map((share, k) => share >= fraction * (weights[k] ?? 0))
  return {
    shares,
    covered,
    modesCovered: covered.filter(Boolean).length,
    modesTotal: mixture.modes.length
  }
}
