import type { Mixture } from '../../../shared/lab'
import { normalisedWeights, type Rng } from './mixture'

/**
 * The conditional Lab's data: each mode of the mixture is a class. Draws consume the
 * generator exactly as sampleMixture does (one uniform for the mode, one normal for x), so a
 * conditional and a plain Lab on the same data see the same x.
 */
export function sampleLabelled(
  mixture: Mixture,
  n: number,
  rng: Rng
): { x: Float32Array; labels: Int32Array } {
  const weights = normalisedWeights(mixture)
  const x = new Float32Array(n)
  const labels = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    labels[i] = pickClass(weights, rng.uniform())
    const mode = mixture.modes[labels[i]!]!
    x[i] = mode.mean + mode.std * rng.normal()
  }
  return { x, labels }
}

/** The class a uniform u picks, class k with probability weights[k]. */
export function pickClass(weights: readonly number[], u: number): number {
  let k = 0
  while (k < weights.length - 1 && u >= weights[k]!) {
    u -= weights[k]!
    k++
  }
  return k
}

/** n labels drawn by the class weights. */
export function sampleLabels(mixture: Mixture, n: number, rng: Rng): Int32Array {
  const weights = normalisedWeights(mixture)
  return Int32Array.from({ length: n }, () => pickClass(weights, rng.uniform()))
}

/** A wrong label for each: another class, uniformly among the others. */
export function wrongLabels(labels: Int32Array, classes: number, rng: Rng): Int32Array {
  return labels.map((c) => (c + 1 + Math.floor(rng.uniform() * (classes - 1))) % classes)
}

/**
 * Fixed evaluation labels: class k gets a block of rows in proportion to its weight, so each
 * class's picture is measured on the same noise every frame.
 */
export function blockLabels(mixture: Mixture, n: number): Int32Array {
  const weights = normalisedWeights(mixture)
  const labels = new Int32Array(n)
  let start = 0
  weights.forEach((w, k) => {
    const end = k === weights.length - 1 ? n : Math.min(n, start + Math.round(w * n))
    labels.fill(k, start, end)
    start = end
  })
  return labels
}
