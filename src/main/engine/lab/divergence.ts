import type { LabGrid, Mixture } from '../../../shared/lab'
import { mixtureCdf } from './mixture'

/**
 * The theory's quantities from densities and samples on the Lab's grid: bin masses,
 * histograms, a kernel density estimate of p_G, the Jensen–Shannon divergence and the
 * optimal discriminator D*.
 *
 * Binning: grid point i is the centre of bin i, of width h = (max − min)/(points − 1).
 * Mass lists carry two more entries, an underflow and an overflow bin, so they always
 * sum to 1: a generator that wanders off the grid still counts in the JS.
 */

export function gridPoints(grid: LabGrid): number[] {
  const h = binWidth(grid)
  return Array.from({ length: grid.points }, (_, i) => grid.min + i * h)
}

export function binWidth(grid: LabGrid): number {
  return (grid.max - grid.min) / (grid.points - 1)
}

/** The index in a mass list ([underflow, bin 0 … bin n−1, overflow]) that x falls in. */
function massIndex(x: number, grid: LabGrid): number {
  const i = Math.floor((x - grid.min) / binWidth(grid) + 0.5)
  if (i < 0) return 0
  if (i >= grid.points) return grid.points + 1
  return i + 1
}

/** The share of the samples in each bin, tails included: points + 2 masses summing to 1. */
export function sampleBinMasses(samples: ArrayLike<number>, grid: LabGrid): number[] {
  const masses = new Array<number>(grid.points + 2).fill(0)
  for (let i = 0; i < samples.length; i++) {
    const j = massIndex(samples[i]!, grid)
    masses[j] = masses[j]! + 1 / samples.length
  }
  return masses
}

/** The exact mixture mass of each bin (CDF differences), tails included. */
export function mixtureBinMasses(mixture: Mixture, grid: LabGrid): number[] {
  const h = binWidth(grid)
  const edges = Array.from({ length: grid.points + 1 }, (_, i) =>
    mixtureCdf(mixture, grid.min + (i - 0.5) * h)
  )
  const masses = [edges[0]!]
  for (let i = 1; i < edges.length; i++) masses.push(Math.max(0, edges[i]! - edges[i - 1]!))
  masses.push(Math.max(0, 1 - edges[edges.length - 1]!))
  return masses
}

/** The histogram as a density on the grid's bins: mass / h (tail bins dropped). */
export function histogramDensity(samples: ArrayLike<number>, grid: LabGrid): number[] {
  const h = binWidth(grid)
  return sampleBinMasses(samples, grid)
    .slice(1, -1)
    .map((m) => m / h)
}

/**
 * JS(p ‖ q) = ½·KL(p ‖ m) + ½·KL(q ‖ m), m = (p + q)/2, in nats, for two lists of bin
 * masses (each normalised here). 0 for p = q; log 2 when no bin holds both, the largest
 * value it can take. Binning can only lose information, so on a grid it is at most the
 * JS of the underlying densities (data-processing inequality), close to it when the bins
 * are fine next to the features of both densities.
 */
export function jsDivergence(p: readonly number[], q: readonly number[]): number {
  if (p.length !== q.length) throw new Error(`jsDivergence: ${p.length} masses against ${q.length}`)
  const sp = p.reduce((s, v) => s + v, 0)
  const sq = q.reduce((s, v) => s + v, 0)
  let js = 0
  for (let i = 0; i < p.length; i++) {
    const a = p[i]! / sp
    const b = q[i]! / sq
    const m = (a + b) / 2
    // 0·log 0 = 0: an empty bin adds nothing.
    if (a > 0) js += 0.5 * a * Math.log(a / m)
    if (b > 0) js += 0.5 * b * Math.log(b / m)
  }
  // Rounding can leave −1e-17 for equal inputs; JS is never negative.
  return Math.max(0, js)
}

/**
 * Silverman's rule of thumb for a Gaussian kernel: h = 0.9 · min(s, IQR/1.34) · n^(−1/5).
 * The IQR guard keeps h narrow for a multimodal sample, whose s is inflated by the gaps.
 */
export function silvermanBandwidth(samples: ArrayLike<number>): number {
  const n = samples.length
  if (n < 2) return 0
  const sorted = Float64Array.from(samples).sort()
  const mean = sorted.reduce((s, v) => s + v, 0) / n
  const variance = sorted.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)
  const quantile = (q: number): number => {
    const pos = q * (n - 1)
    const lo = Math.floor(pos)
    const hi = Math.min(lo + 1, n - 1)
    return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!)
  }
  const iqr = quantile(0.75) - quantile(0.25)
  const spread = iqr > 0 ? Math.min(Math.sqrt(variance), iqr / 1.34) : Math.sqrt(variance)
  return 0.9 * spread * n ** -0.2
}

/**
 * A Gaussian kernel density estimate, p̂(x) = (1/n) Σ N(x; x_i, h²), on the grid's points.
 * Each sample only touches points within 6h of it (the kernel there is below 1e-8 of its peak).
 */
export function kdeOnGrid(samples: ArrayLike<number>, grid: LabGrid, bandwidth: number): number[] {
  const step = binWidth(grid)
  const density = new Array<number>(grid.points).fill(0)
  const norm = 1 / (samples.length * bandwidth * Math.sqrt(2 * Math.PI))
  const reach = 6 * bandwidth
  for (let s = 0; s < samples.length; s++) {
    const x = samples[s]!
    const first = Math.max(0, Math.ceil((x - reach - grid.min) / step))
    const last = Math.min(grid.points - 1, Math.floor((x + reach - grid.min) / step))
    for (let i = first; i <= last; i++) {
      const u = (grid.min + i * step - x) / bandwidth
      density[i] = density[i]! + norm * Math.exp(-0.5 * u * u)
    }
  }
  return density
}

/**
 * D*(x) = p_data(x) / (p_data(x) + p_G(x)), the discriminator that maximises V for a fixed G
 * (Goodfellow et al. 2014, Proposition 1). Where both densities underflow to 0 the ratio is
 * 0/0; no sample ever lands there, so we write 1/2, "no evidence either way".
 */
export function optimalDiscriminator(pData: readonly number[], pG: readonly number[]): number[] {
  return pData.map((p, i) => {
    const total = p + (pG[i] ?? 0)
    return total > 0 ? p / total : 0.5
  })
}

/**
 * Where on the grid D* is worth comparing D with: the points where the average density
 * (p_data + p_G)/2 is at least `fraction` of its peak. Elsewhere D is trained on almost no
 * samples, and the gap says nothing about the theory.
 */
export function significantPoints(
  pData: readonly number[],
  pG: readonly number[],
  fraction = 0.01
): boolean[] {
  const mix = pData.map((p, i) => (p + (pG[i] ?? 0)) / 2)
  const peak = Math.max(...mix)
  return mix.map((m) => m >= fraction * peak)
}

/** Mean |D − D*| over the significant points (0 if there are none). */
export function meanGapOn(
  d: readonly number[],
  dStar: readonly number[],
  where: readonly boolean[]
): number {
  let sum = 0
  let count = 0
  for (let i = 0; i < d.length; i++) {
    if (!where[i]) continue
    sum += Math.abs(d[i]! - (dStar[i] ?? 0.5))
    count++
  }
  return count > 0 ? sum / count : 0
}
