import { describe, expect, it } from 'vitest'
import {
  erfc,
  gaussianNoise,
  mixtureCdf,
  mixtureDensity,
  normalisedWeights,
  Rng,
  sampleMixture
} from '../../../../src/main/engine/lab/mixture'
import type { Mixture } from '../../../../src/shared/lab'
import { simpson } from './numeric'

const mixture: Mixture = {
  modes: [
    { mean: -2, std: 0.5, weight: 1 },
    { mean: 1, std: 1, weight: 3 }
  ]
}

describe('the mixture of Gaussians', () => {
  it('normalises its weights', () => {
    expect(normalisedWeights(mixture)).toEqual([0.25, 0.75])
  })

  it('has a density that integrates to 1 and a CDF that is its integral', () => {
    // Simpson's error on these smooth densities with h = 0.006 is far below 1e-9; the
    // tails beyond ±12 hold less than 1e-20. erfc's fractional error is < 1.2e-7.
    expect(simpson((x) => mixtureDensity(mixture, x), -12, 12, 4000)).toBeCloseTo(1, 9)
    for (const x of [-3, -2, 0, 1.5, 4]) {
      expect(mixtureCdf(mixture, x)).toBeCloseTo(
        simpson((t) => mixtureDensity(mixture, t), -12, x, 4000),
        6
      )
    }
  })

  it('computes erfc to its stated accuracy, tails included', () => {
    // Reference values from mpmath; the fit promises fractional error < 1.2e-7.
    const table: [number, number][] = [
      [0, 1],
      [0.5, 0.4795001221869535],
      [1, 0.15729920705028513],
      [3, 2.209049699858544e-5],
      [6, 2.1519736712498913e-17],
      [-1, 1.8427007929497148]
    ]
    for (const [x, want] of table) expect(Math.abs(erfc(x) - want) / want).toBeLessThan(1.2e-7)
  })

  it('samples with the mixture moments, repeatably for a seed', () => {
    const n = 50_000
    const xs = sampleMixture(mixture, n, new Rng(7))
    expect(sampleMixture(mixture, n, new Rng(7))).toEqual(xs)
    // E x = Σ w μ = 0.25·(−2) + 0.75·1 = 0.25; Var x = Σ w (σ² + μ²) − (E x)² = 2.5625 − 0.0625 = 2.5.
    // Tolerance: 4 standard errors. sd(mean) = √(2.5/n) ≈ 0.0071; sd(s²) = √((μ₄ − σ⁴)/n) with
    // the central fourth moment μ₄ = Σ w (d⁴ + 6d²σ² + 3σ⁴), d = μ − E x, ≈ 13.4, so ≈ 0.012.
    const mean = xs.reduce((s, x) => s + x, 0) / n
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1)
    expect(Math.abs(mean - 0.25)).toBeLessThan(4 * Math.sqrt(2.5 / n))
    expect(Math.abs(variance - 2.5)).toBeLessThan(4 * 0.012)
  })

  it('draws standard normal noise', () => {
    const z = gaussianNoise(10_000, 4, new Rng(1))
    const mean = z.reduce((s, x) => s + x, 0) / z.length
    const variance = z.reduce((s, x) => s + (x - mean) ** 2, 0) / z.length
    // 4 standard errors on 40 000 draws: 4/√40000 = 0.02 for the mean, 4·√(2/40000) ≈ 0.028 for the variance.
    expect(Math.abs(mean)).toBeLessThan(0.02)
    expect(Math.abs(variance - 1)).toBeLessThan(0.03)
  })
})
