import { describe, expect, it } from 'vitest'
import {
  binWidth,
  gridPoints,
  histogramDensity,
  jsDivergence,
  kdeOnGrid,
  mixtureBinMasses,
  optimalDiscriminator,
  sampleBinMasses,
  silvermanBandwidth
} from '../../../../src/main/engine/lab/divergence'
import {
  gaussianDensity,
  mixtureDensity,
  Rng,
  sampleMixture
} from '../../../../src/main/engine/lab/mixture'
import { modeCoverage } from '../../../../src/main/engine/lab/modes'
import type { LabGrid, Mixture } from '../../../../src/shared/lab'
import { jsByIntegration } from './numeric'

const gaussian = (mean: number, std: number): Mixture => ({ modes: [{ mean, std, weight: 1 }] })

describe('the binned Jensen–Shannon estimate', () => {
  const grid: LabGrid = { min: -6, max: 7, points: 521 } // bins of 0.025

  it('is 0 for equal distributions', () => {
    const p = mixtureBinMasses(gaussian(0.5, 1), grid)
    // Exactly equal masses: every term is a·log(a/a) = 0, up to rounding (1e-16 per term).
    expect(jsDivergence(p, p)).toBeLessThan(1e-12)
  })

  it('is log 2 for distributions that share no bin', () => {
    // Every bin holds one side only: JS = ½·log 2 + ½·log 2 exactly, up to rounding.
    expect(jsDivergence([0.5, 0.5, 0, 0], [0, 0, 0.3, 0.7])).toBeCloseTo(Math.log(2), 12)
    // N(−3, 0.3²) and N(3, 0.3²): they overlap only beyond 10σ, mass < 1e-23, so the
    // estimate equals log 2 to far better than 1e-9.
    const js = jsDivergence(
      mixtureBinMasses(gaussian(-3, 0.3), grid),
      mixtureBinMasses(gaussian(3, 0.3), grid)
    )
    expect(Math.abs(js - Math.log(2))).toBeLessThan(1e-9)
  })

  it('matches numerical integration between the extremes', () => {
    const p = gaussian(0, 1)
    const q = gaussian(1, 1.5)
    const exact = jsByIntegration(
      (x) => mixtureDensity(p, x),
      (x) => mixtureDensity(q, x),
      -20,
      20
    )
    const binned = jsDivergence(mixtureBinMasses(p, grid), mixtureBinMasses(q, grid))
    // Binning can only lower JS (data processing), by O(h²) for densities this smooth on the
    // scale h = 0.025 (measured: 4e-6); the tail bins lump the mass beyond the grid (≈ 5e-5 of
    // q). 1e-4 bounds both and is still 1000× finer than the value itself (≈ 0.099).
    expect(exact).toBeGreaterThan(0.05)
    expect(binned).toBeLessThanOrEqual(exact + 1e-9)
    expect(exact - binned).toBeLessThan(1e-4)
  })

  it('is small for a sample of the same distribution, as its bias predicts', () => {
    const data = gaussian(0, 1)
    const n = 20_000
    const samples = sampleMixture(data, n, new Rng(3))
    const p = mixtureBinMasses(data, grid)
    const js = jsDivergence(p, sampleBinMasses(samples, grid))
    // For q̂ an empirical histogram of n draws from p, JS ≈ (1/8)·Σ (q̂ − p)²/p, whose mean is
    // (K − 1)/(8n) for K occupied bins: K ≈ 260 here (±3.3σ at 0.025), so ≈ 1.6e-3. Sparse tail
    // bins, where the quadratic approximation undercounts, bring it to ≈ 2e-3 (five seeds:
    // 1.87–2.14e-3). Twice the prediction, 3.2e-3, bounds it; a binning bug costs far more.
    const occupied = p.filter((m) => m * n >= 1).length
    expect(js).toBeLessThan((2 * (occupied - 1)) / (8 * n))
    expect(js).toBeGreaterThan(0)
  })
})

describe('bin masses and the histogram', () => {
  const grid: LabGrid = { min: -2, max: 2, points: 9 } // bins of 0.5 centred on −2, −1.5, …, 2

  it('puts each sample in the bin whose centre is nearest, with tail bins', () => {
    expect(gridPoints(grid)).toEqual([-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2])
    expect(binWidth(grid)).toBe(0.5)
    // −3 and 2.3 fall outside the bins [−2.25, 2.25): tail bins. 0.2 → bin of 0; 0.3 → bin of 0.5.
    const masses = sampleBinMasses([-3, 0.2, 0.3, 2.3], grid)
    expect(masses).toEqual([0.25, 0, 0, 0, 0, 0.25, 0.25, 0, 0, 0, 0.25])
    expect(histogramDensity([-3, 0.2, 0.3, 2.3], grid)).toEqual([0, 0, 0, 0, 0.5, 0.5, 0, 0, 0])
  })

  it('gives exact mixture masses that sum to 1', () => {
    const masses = mixtureBinMasses(gaussian(0.3, 0.7), grid)
    expect(masses).toHaveLength(grid.points + 2)
    expect(masses.reduce((s, m) => s + m, 0)).toBeCloseTo(1, 12)
  })
})

describe('the kernel density estimate', () => {
  it('uses Silverman’s bandwidth', () => {
    // 0.9 · min(s, IQR/1.34) · n^(−1/5) on 1..8: s = 2.449, IQR = 3.5 (linear quantiles), so
    // the IQR term 2.612 loses to s: h = 0.9 · 2.449 · 8^(−0.2) = 1.5906.
    expect(silvermanBandwidth([1, 2, 3, 4, 5, 6, 7, 8])).toBeCloseTo(
      0.9 * Math.sqrt(6) * 8 ** -0.2,
      12
    )
  })

  it('recovers a Gaussian density from its samples', () => {
    const grid: LabGrid = { min: -4, max: 4, points: 161 }
    const n = 4000
    const samples = sampleMixture(gaussian(0, 1), n, new Rng(11))
    const h = silvermanBandwidth(samples)
    const kde = kdeOnGrid(samples, grid, h)
    const xs = gridPoints(grid)
    const errors = xs.map((x, i) => Math.abs(kde[i]! - gaussianDensity(x, 0, 1)))
    // At the peak the bias is h²/2·|p''(0)| = h²/2·0.399 ≈ 0.006 (h ≈ 0.17) and the standard
    // deviation √(p(0)/(2√π·n·h)) ≈ 0.018; 0.06 is about 3 standard deviations plus the bias,
    // over 161 points. A wrong normalisation or bandwidth misses by far more.
    expect(Math.max(...errors)).toBeLessThan(0.06)
    // The estimate integrates to 1 (less the ≈ 6e-5 beyond ±4).
    expect(kde.reduce((s, v) => s + v, 0) * binWidth(grid)).toBeCloseTo(1, 2)
  })
})

describe('the optimal discriminator and mode coverage', () => {
  it('is p_data / (p_data + p_G), and 1/2 where both vanish', () => {
    expect(optimalDiscriminator([1, 0, 0.2, 0], [0, 1, 0.2, 0])).toEqual([1, 0, 0.5, 0.5])
    expect(optimalDiscriminator([0.3], [0.1])[0]).toBeCloseTo(0.75, 15)
  })

  it('counts a mode covered when a tenth of its share of samples lands within 2σ', () => {
    const data: Mixture = {
      modes: [
        { mean: -5, std: 0.2, weight: 1 },
        { mean: 0, std: 0.2, weight: 1 },
        { mean: 5, std: 0.2, weight: 1 }
      ]
    }
    expect(modeCoverage(data, sampleMixture(data, 3000, new Rng(1))).modesCovered).toBe(3)
    // All on the middle mode: one of three.
    const collapsed = modeCoverage(data, sampleMixture(gaussian(0, 0.2), 3000, new Rng(1)))
    expect(collapsed.covered).toEqual([false, true, false])
    // 2% of the samples near +5 is below a tenth of its 1/3 share (3.3%); 5% is above.
    const stray = (k: number): number[] => [
      ...Array<number>(100 - k).fill(0),
      ...Array<number>(k).fill(5)
    ]
    expect(modeCoverage(data, stray(2)).covered[2]).toBe(false)
    expect(modeCoverage(data, stray(5)).covered[2]).toBe(true)
  })
})
