import type { LabGaussianFit, LabGrid, Mixture } from '../../../shared/lab'
import { gridPoints } from './divergence'
import { gaussianDensity, normalisedWeights } from './mixture'

/**
 * One Gaussian q = N(μ, σ²) fitted to the Lab's data p three ways, the notes' contrast:
 *   KL(p ‖ q), what maximum likelihood minimises: the moment match, mean and variance of p.
 *     Mode-covering: q must put mass wherever p has any, so it spreads over every mode.
 *   KL(q ‖ p), the reverse: mode-seeking: q is punished for mass where p has none, so it
 *     settles on one mode.
 *   JS(p ‖ q), the GAN's: found numerically, like the reverse KL.
 * Divergences are in nats, by Simpson's rule on log densities (finite far in the tails).
 */

const LOG2 = Math.log(2)

function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b
  if (b === -Infinity) return a
  const m = Math.max(a, b)
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m))
}

function logGaussian(x: number, mean: number, std: number): number {
  const u = (x - mean) / std
  return -0.5 * u * u - Math.log(std) - 0.5 * Math.log(2 * Math.PI)
}

/** log p(x) for the mixture, by log-sum-exp: finite where p itself underflows. */
export function logMixtureDensity(mixture: Mixture, x: number): number {
  const weights = normalisedWeights(mixture)
  return mixture.modes.reduce(
    (acc, m, k) => logAddExp(acc, Math.log(weights[k]!) + logGaussian(x, m.mean, m.std)),
    -Infinity
  )
}

export interface Divergences {
  kl: number
  reverseKl: number
  js: number
}

/** KL(p ‖ q), KL(q ‖ p) and JS(p ‖ q) for q = N(mean, std²), integrated over both supports. */
export function gaussianDivergences(
  mixture: Mixture,
  mean: number,
  std: number,
  intervals = 4000
): Divergences {
  const lo = Math.min(mean - 12 * std, ...mixture.modes.map((m) => m.mean - 12 * m.std))
  const hi = Math.max(mean + 12 * std, ...mixture.modes.map((m) => m.mean + 12 * m.std))
  const h = (hi - lo) / intervals
  let kl = 0
  let reverseKl = 0
  let js = 0
  for (let i = 0; i <= intervals; i++) {
    const x = lo + i * h
    const w = i === 0 || i === intervals ? 1 : i % 2 ? 4 : 2
    const lp = logMixtureDensity(mixture, x)
    const lq = logGaussian(x, mean, std)
    const p = Math.exp(lp)
    const q = Math.exp(lq)
    const lm = logAddExp(lp, lq) - LOG2
    kl += w * p * (lp - lq)
    reverseKl += w * q * (lq - lp)
    js += w * 0.5 * (p * (lp - lm) + q * (lq - lm))
  }
  const s = h / 3
  return { kl: Math.max(0, kl * s), reverseKl: Math.max(0, reverseKl * s), js: Math.max(0, js * s) }
}

/** The moment match: the Gaussian that minimises KL(p ‖ q) (maximum likelihood's choice). */
export function klFit(mixture: Mixture): { mean: number; std: number } {
  const weights = normalisedWeights(mixture)
  const mean = mixture.modes.reduce((s, m, k) => s + weights[k]! * m.mean, 0)
  const second = mixture.modes.reduce((s, m, k) => s + weights[k]! * (m.std ** 2 + m.mean ** 2), 0)
  return { mean, std: Math.sqrt(Math.max(second - mean * mean, 1e-12)) }
}

/**
 * The Gaussian minimising `which` divergence: a coarse search over (μ, log σ) finds the basin,
 * Nelder–Mead refines it. Deterministic; of two equally good modes it keeps the first found.
 */
export function minimiseGaussian(
  mixture: Mixture,
  which: 'reverseKl' | 'js'
): { mean: number; std: number } {
  const means = mixture.modes.map((m) => m.mean)
  const stds = mixture.modes.map((m) => m.std)
  const lo = Math.min(...means) - 2 * Math.max(...stds)
  const hi = Math.max(...means) + 2 * Math.max(...stds)
  const spread = hi - lo
  const cost = (mean: number, logStd: number, intervals?: number): number =>
    gaussianDivergences(mixture, mean, Math.exp(logStd), intervals)[which]
  let best = { mean: means[0]!, logStd: Math.log(stds[0]!), value: Infinity }
  const sMin = Math.log(Math.min(...stds) / 4)
  const sMax = Math.log(spread)
  for (let i = 0; i <= 40; i++) {
    for (let j = 0; j <= 20; j++) {
      const mean = lo + (i / 40) * spread
      const logStd = sMin + (j / 20) * (sMax - sMin)
      const value = cost(mean, logStd, 300)
      if (value < best.value - 1e-12) best = { mean, logStd, value }
    }
  }
  // Simpson on 1000 intervals is exact to ~1e-8 here: the densities are smooth on that scale.
  const [mean, logStd] = nelderMead(
    ([m, s]) => cost(m!, s!, 1000),
    [best.mean, best.logStd],
    [spread / 40, (sMax - sMin) / 20]
  )
  return { mean: mean!, std: Math.exp(logStd!) }
}

/** Nelder–Mead in n dimensions, from `start` with initial steps `scale`; a fixed budget. */
function nelderMead(
  f: (x: number[]) => number,
  start: number[],
  scale: number[],
  iterations = 200,
  tolerance = 1e-7
): number[] {
  const n = start.length
  let simplex = [start, ...start.map((_, i) => start.map((v, j) => (i === j ? v + scale[j]! : v)))]
  let values = simplex.map(f)
  for (let it = 0; it < iterations; it++) {
    const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!)
    simplex = order.map((i) => simplex[i]!)
    values = order.map((i) => values[i]!)
    const size = Math.max(
      ...simplex.slice(1).flatMap((p) => p.map((v, j) => Math.abs(v - simplex[0]![j]!)))
    )
    if (size < tolerance) break
    const centroid = start.map((_, j) => simplex.slice(0, n).reduce((s, p) => s + p[j]!, 0) / n)
    const worst = simplex[n]!
    const along = (t: number): number[] => centroid.map((c, j) => c + t * (worst[j]! - c))
    const reflected = along(-1)
    const fr = f(reflected)
    if (fr < values[0]!) {
      const expanded = along(-2)
      const fe = f(expanded)
      ;[simplex[n], values[n]] = fe < fr ? [expanded, fe] : [reflected, fr]
    } else if (fr < values[n - 1]!) {
      ;[simplex[n], values[n]] = [reflected, fr]
    } else {
      const contracted = along(0.5)
      const fc = f(contracted)
      if (fc < values[n]!) {
        ;[simplex[n], values[n]] = [contracted, fc]
      } else {
        const bestPoint = simplex[0]!
        simplex = simplex.map((p) => p.map((v, j) => bestPoint[j]! + 0.5 * (v - bestPoint[j]!)))
        values = simplex.map(f)
      }
    }
  }
  return simplex[values.indexOf(Math.min(...values))]!
}

/** One fit as the frame carries it: its density on the grid and its three divergences. */
export function describeFit(
  kind: LabGaussianFit['kind'],
  mixture: Mixture,
  grid: LabGrid,
  mean: number,
  std: number
): LabGaussianFit {
  const density = gridPoints(grid).map((x) => gaussianDensity(x, mean, std))
  return { kind, mean, std, density, ...gaussianDivergences(mixture, mean, std) }
}

/** The three fits of p_data (KL, reverse KL, JS), computed once per experiment. */
export function dataFits(mixture: Mixture, grid: LabGrid): LabGaussianFit[] {
  const kl = klFit(mixture)
  const reverse = minimiseGaussian(mixture, 'reverseKl')
  const js = minimiseGaussian(mixture, 'js')
  return [
    describeFit('kl', mixture, grid, kl.mean, kl.std),
    describeFit('reverse-kl', mixture, grid, reverse.mean, reverse.std),
    describeFit('js', mixture, grid, js.mean, js.std)
  ]
}
