import { describe, expect, it } from 'vitest'
import { createRng } from '../../../../src/main/engine/data/prng'
import {
  fitGaussian,
  frechetDistance,
  meanPairwiseDistance,
  sqrtPsd,
  symmetricEigen,
  type Gaussian,
  type SymMatrix
} from '../../../../src/main/engine/score/frechet'

function gaussianRandom(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng())
}

/** A random n×n SPD matrix B Bᵀ + εI, not diagonal. */
function randomSpd(n: number, seed: number, rank = n): SymMatrix {
  const rng = createRng(seed)
  const b = Array.from({ length: n * rank }, () => gaussianRandom(rng))
  const data = new Float64Array(n * n)
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0
      for (let k = 0; k < rank; k++) s += b[i * rank + k]! * b[j * rank + k]!
      data[i * n + j] = s / rank
    }
  return { n, data }
}

const mul = (a: SymMatrix, b: SymMatrix): Float64Array => {
  const { n } = a
  const out = new Float64Array(n * n)
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0
      for (let k = 0; k < n; k++) s += a.data[i * n + k]! * b.data[k * n + j]!
      out[i * n + j] = s
    }
  return out
}
const trace = (m: SymMatrix) =>
  Array.from({ length: m.n }, (_, i) => m.data[i * m.n + i]!).reduce((a, b) => a + b, 0)
const gauss = (mean: number[], cov: SymMatrix): Gaussian => ({ mean: Float64Array.from(mean), cov })
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Math.max(...Array.from(a, (x, i) => Math.abs(x - b[i]!)))

describe('matrix square root (Jacobi eigen-decomposition)', () => {
  it('decomposes a symmetric matrix: A v = λ v for every pair', () => {
    const a = randomSpd(12, 1)
    const { values, vectors } = symmetricEigen(a)
    for (let k = 0; k < 12; k++) {
      for (let i = 0; i < 12; i++) {
        let av = 0
        for (let j = 0; j < 12; j++) av += a.data[i * 12 + j]! * vectors[j * 12 + k]!
        expect(av).toBeCloseTo(values[k]! * vectors[i * 12 + k]!, 9)
      }
    }
  })

  it('squares back to the matrix, also for 64 dimensions and for a singular one', () => {
    for (const m of [randomSpd(64, 2), randomSpd(32, 3, 5)]) {
      const s = sqrtPsd(m)
      expect(maxDiff(mul(s, s), m.data)).toBeLessThan(1e-9)
    }
  })
})

describe('Fréchet distance', () => {
  it('is (μ1 − μ2)² + (σ1 − σ2)² in one dimension', () => {
    const d = frechetDistance(
      gauss([1.5], { n: 1, data: Float64Array.of(4) }),
      gauss([-0.5], { n: 1, data: Float64Array.of(0.25) })
    )
    expect(d).toBeCloseTo(2 ** 2 + (2 - 0.5) ** 2, 12)
  })

  it('is ‖Δμ‖² + Σ(√a − √b)² for diagonal covariances', () => {
    const a = [1, 4, 9, 0.5]
    const b = [4, 1, 2, 0.5]
    const diag = (v: number[]): SymMatrix => {
      const data = new Float64Array(16)
      v.forEach((x, i) => (data[i * 4 + i] = x))
      return { n: 4, data }
    }
    const expected = 1 + 4 + a.reduce((s, x, i) => s + (Math.sqrt(x) - Math.sqrt(b[i]!)) ** 2, 0)
    const d = frechetDistance(gauss([1, 2, 0, 0], diag(a)), gauss([0, 0, 0, 0], diag(b)))
    expect(d).toBeCloseTo(expected, 10)
  })

  it('matches the closed form for 2×2 covariances that do not commute', () => {
    // tr √M = √(tr M + 2√det M) for a 2×2 PSD M; here M = C1 C2 (same eigenvalues as S C2 S).
    const c1: SymMatrix = { n: 2, data: Float64Array.of(2, 0.8, 0.8, 1) }
    const c2: SymMatrix = { n: 2, data: Float64Array.of(1, -0.3, -0.3, 3) }
    const p = mul(c1, c2)
    const det = (m: ArrayLike<number>) => m[0]! * m[3]! - m[1]! * m[2]!
    const trSqrt = Math.sqrt(p[0]! + p[3]! + 2 * Math.sqrt(det(c1.data) * det(c2.data)))
    const expected = 0.5 ** 2 + trace(c1) + trace(c2) - 2 * trSqrt
    expect(frechetDistance(gauss([0.5, 0], c1), gauss([0, 0], c2))).toBeCloseTo(expected, 10)
  })

  it('is ‖Δμ‖² + (1 − k)² tr C for C and k² C, in 64 dimensions', () => {
    const c = randomSpd(64, 4)
    const k = 1.7
    const scaled: SymMatrix = { n: 64, data: c.data.map((x) => x * k * k) }
    const mean = new Array(64).fill(0)
    const shifted = mean.map((_, i) => (i === 3 ? 2 : 0))
    expect(frechetDistance(gauss(mean, c), gauss(shifted, scaled))).toBeCloseTo(
      4 + (1 - k) ** 2 * trace(c),
      7
    )
    expect(frechetDistance(gauss(mean, c), gauss(mean, c))).toBeLessThan(1e-9)
  })

  it('from samples: near 0 for two draws of one Gaussian, near the closed form for two', () => {
    const rng = createRng(9)
    const draw = (n: number, mu: number, sigma: number) =>
      Float64Array.from({ length: n * 3 }, () => mu + sigma * gaussianRandom(rng))
    const same = frechetDistance(fitGaussian(draw(4000, 0, 1), 3), fitGaussian(draw(4000, 0, 1), 3))
    expect(same).toBeLessThan(0.02)
    const apart = frechetDistance(
      fitGaussian(draw(4000, 0, 1), 3),
      fitGaussian(draw(4000, 1, 2), 3)
    )
    expect(apart).toBeCloseTo(3 * 1 + 3 * (2 - 1) ** 2, 0)
  })
})

describe('mean pairwise distance', () => {
  it('is the mean Euclidean distance over pairs, 0 for identical rows', () => {
    // Three points at (0,0), (3,0), (0,4): distances 3, 4, 5.
    expect(meanPairwiseDistance(Float32Array.of(0, 0, 3, 0, 0, 4), 2)).toBeCloseTo(4, 6)
    expect(meanPairwiseDistance(Float32Array.of(1, 2, 1, 2, 1, 2), 2)).toBe(0)
  })
})
