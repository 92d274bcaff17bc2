// The Fréchet distance between two Gaussians, in float64 JS. Features are small (64 numbers),
// so the matrix square root is taken exactly from a symmetric eigen-decomposition (cyclic
// Jacobi): it never fails to converge on a PSD matrix, unlike Newton–Schulz iterations, which
// need scaling and diverge on singular covariances (a collapsed generator's are).

/** A symmetric n×n matrix, row-major. */
export interface SymMatrix {
  n: number
  data: Float64Array
}

export interface Gaussian {
  mean: Float64Array
  cov: SymMatrix
}

/**
 * Eigenvalues and eigenvectors (columns of `vectors`, row-major) of a symmetric matrix by
 * cyclic Jacobi rotations. The input is symmetrised first, so round-off asymmetry is harmless.
 */
export function symmetricEigen(m: SymMatrix): { values: Float64Array; vectors: Float64Array } {
  const { n } = m
  const a = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) a[i * n + j] = (m.data[i * n + j]! + m.data[j * n + i]!) / 2
  }
  const v = new Float64Array(n * n)
  for (let i = 0; i < n; i++) v[i * n + i] = 1

  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0
    let diag = 0
    for (let p = 0; p < n; p++) {
      diag += a[p * n + p]! ** 2
      for (let q = p + 1; q < n; q++) off += a[p * n + q]! ** 2
    }
    if (off <= 1e-30 * diag || off < 1e-300) break
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!
        if (apq === 0) continue
        const app = a[p * n + p]!
        const aqq = a[q * n + q]!
        const theta = (aqq - app) / (2 * apq)
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1))
        const c = 1 / Math.sqrt(t * t + 1)
        const s = t * c
        // A ← Pᵀ A P, with P the rotation in the (p, q) plane; V ← V P.
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!
          const akq = a[k * n + q]!
          a[k * n + p] = c * akp - s * akq
          a[k * n + q] = s * akp + c * akq
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!
          const aqk = a[q * n + k]!
          a[p * n + k] = c * apk - s * aqk
          a[q * n + k] = s * apk + c * aqk
        }
        a[p * n + q] = 0
        a[q * n + p] = 0
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!
          const vkq = v[k * n + q]!
          v[k * n + p] = c * vkp - s * vkq
          v[k * n + q] = s * vkp + c * vkq
        }
      }
    }
  }
  const values = new Float64Array(n)
  for (let i = 0; i < n; i++) values[i] = a[i * n + i]!
  return { values, vectors: v }
}

/** The PSD square root V diag(√max(λ, 0)) Vᵀ; negative eigenvalues are round-off of zeros. */
export function sqrtPsd(m: SymMatrix): SymMatrix {
  const { n } = m
  const { values, vectors } = symmetricEigen(m)
  const roots = values.map((l) => Math.sqrt(Math.max(0, l)))
  const out = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let sum = 0
      for (let k = 0; k < n; k++) sum += vectors[i * n + k]! * roots[k]! * vectors[j * n + k]!
      out[i * n + j] = sum
      out[j * n + i] = sum
    }
  }
  return { n, data: out }
}

function multiply(a: SymMatrix, b: SymMatrix): Float64Array {
  const { n } = a
  const out = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const aik = a.data[i * n + k]!
      if (aik === 0) continue
      for (let j = 0; j < n; j++) out[i * n + j]! += aik * b.data[k * n + j]!
    }
  }
  return out
}

/**
 * tr((C1 C2)^½), through the symmetric form tr((S C2 S)^½) with S = C1^½: C1 C2 is not
 * symmetric, but it is similar to S C2 S, which is PSD, so the traces of their roots agree.
 */
export function traceSqrtProduct(c1: SymMatrix, c2: SymMatrix): number {
  const s = sqrtPsd(c1)
  const m: SymMatrix = { n: c1.n, data: multiply(s, { n: c1.n, data: multiply(c2, s) }) }
  const { values } = symmetricEigen(m)
  let sum = 0
  for (const l of values) sum += Math.sqrt(Math.max(0, l))
  return sum
}

/** ‖μ1 − μ2‖² + tr(C1) + tr(C2) − 2 tr((C1 C2)^½), never below 0. */
export function frechetDistance(g1: Gaussian, g2: Gaussian): number {
  const { n } = g1.cov
  if (g2.cov.n !== n || g1.mean.length !== n || g2.mean.length !== n) {
    throw new Error(`Fréchet distance of ${n}- and ${g2.cov.n}-dimensional Gaussians`)
  }
  let d = 0
  for (let i = 0; i < n; i++) d += (g1.mean[i]! - g2.mean[i]!) ** 2
  let trace = 0
  for (let i = 0; i < n; i++) trace += g1.cov.data[i * n + i]! + g2.cov.data[i * n + i]!
  return Math.max(0, d + trace - 2 * traceSqrtProduct(g1.cov, g2.cov))
}

/** Mean and (unbiased, n − 1) covariance of `rows` feature vectors of length `dim`. */
export function fitGaussian(features: Float32Array | Float64Array, dim: number): Gaussian {
  const rows = features.length / dim
  if (!Number.isInteger(rows) || rows < 1) throw new Error('no feature vectors to fit')
  const mean = new Float64Array(dim)
  for (let r = 0; r < rows; r++) for (let i = 0; i < dim; i++) mean[i]! += features[r * dim + i]!
  for (let i = 0; i < dim; i++) mean[i]! /= rows
  const cov = new Float64Array(dim * dim)
  const centred = new Float64Array(dim)
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < dim; i++) centred[i] = features[r * dim + i]! - mean[i]!
    for (let i = 0; i < dim; i++) {
      const ci = centred[i]!
      if (ci === 0) continue
      for (let j = i; j < dim; j++) cov[i * dim + j]! += ci * centred[j]!
    }
  }
  const denom = Math.max(1, rows - 1)
  for (let i = 0; i < dim; i++) {
    for (let j = i; j < dim; j++) {
      const v = cov[i * dim + j]! / denom
      cov[i * dim + j] = v
      cov[j * dim + i] = v
    }
  }
  return { mean, cov: { n: dim, data: cov } }
}

/** Mean Euclidean distance over all pairs of feature vectors (0 for fewer than two). */
export function meanPairwiseDistance(features: Float32Array | Float64Array, dim: number): number {
  const rows = features.length / dim
  if (rows < 2) return 0
  let sum = 0
  for (let a = 0; a < rows; a++) {
    for (let b = a + 1; b < rows; b++) {
      let d = 0
      for (let i = 0; i < dim; i++) d += (features[a * dim + i]! - features[b * dim + i]!) ** 2
      sum += Math.sqrt(d)
    }
  }
  return sum / ((rows * (rows - 1)) / 2)
}
