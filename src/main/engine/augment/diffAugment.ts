import * as tf from '@tensorflow/tfjs'
import type { AugmentOp } from '../../../shared/train'
import { createRng } from '../data/prng'

/**
 * Differentiable augmentation (Zhao et al. 2020, "DiffAugment"): the same random transforms
 * applied to real and generated images before D, built from differentiable ops so G's
 * gradient flows back through them. Each image gets its own draws; with ADA's twist
 * (Karras et al. 2020) each transform is applied to an image only with probability p.
 *
 * Images are [batch, h, w, c] in [−1, 1]. The transforms, as in the paper's code:
 * - colour: brightness + (r − ½), saturation ×2r about the pixel's channel mean, contrast
 *   ×(r + ½) about the image's mean;
 * - translation: a shift of up to ⅛ of the side each way, zeros shifted in;
 * - cutout: a zeroed square of half the side at a random place.
 *
 * Translation is two per-image shift matrices (rows, then columns) applied by batched
 * matMul, so no gather (whose gradient wasm lacks) and no per-image loop.
 */
export interface AugmentPolicy {
  ops: readonly AugmentOp[]
  /** The probability each transform is applied to each image. */
  p: number
}

/** The draws of one call, per image: what a test (or a reader) can check. */
export interface AugmentDraws {
  brightness: Float32Array
  saturation: Float32Array
  contrast: Float32Array
  shiftY: Int32Array
  shiftX: Int32Array
  /** 1 where the image gets a cutout square, its top-left corner at (cutY, cutX). */
  cut: Uint8Array
  cutY: Int32Array
  cutX: Int32Array
}

const TRANSLATION_RATIO = 1 / 8
const CUTOUT_RATIO = 1 / 2

/** Draws every image's transforms from (seed): the same seed, the same draws. */
export function drawAugment(
  batch: number,
  size: [number, number],
  policy: AugmentPolicy,
  seed: number
): AugmentDraws {
  const rng = createRng(seed, 0xa06)
  const on = (op: AugmentOp) => policy.ops.includes(op)
  const [h, w] = size
  const d: AugmentDraws = {
    brightness: new Float32Array(batch),
    saturation: new Float32Array(batch).fill(1),
    contrast: new Float32Array(batch).fill(1),
    shiftY: new Int32Array(batch),
    shiftX: new Int32Array(batch),
    cut: new Uint8Array(batch),
    cutY: new Int32Array(batch),
    cutX: new Int32Array(batch)
  }
  const maxY = Math.round(h * TRANSLATION_RATIO)
  const maxX = Math.round(w * TRANSLATION_RATIO)
  const cutH = Math.round(h * CUTOUT_RATIO)
  const cutW = Math.round(w * CUTOUT_RATIO)
  for (let i = 0; i < batch; i++) {
    // Every draw is taken whether or not it is applied, so p never shifts the stream.
    const [applyColour, b, s, c] = [rng(), rng(), rng(), rng()]
    const [applyShift, sy, sx] = [rng(), rng(), rng()]
    const [applyCut, cy, cx] = [rng(), rng(), rng()]
    if (on('color') && applyColour < policy.p) {
      d.brightness[i] = b - 0.5
      d.saturation[i] = s * 2
      d.contrast[i] = c + 0.5
    }
    if (on('translation') && applyShift < policy.p) {
      d.shiftY[i] = Math.floor(sy * (2 * maxY + 1)) - maxY
      d.shiftX[i] = Math.floor(sx * (2 * maxX + 1)) - maxX
    }
    if (on('cutout') && applyCut < policy.p) {
      // The square's centre anywhere in the image, clipped at the edges as in the paper.
      d.cut[i] = 1
      d.cutY[i] = Math.floor(cy * (h + (1 - (cutH % 2)))) - Math.floor(cutH / 2)
      d.cutX[i] = Math.floor(cx * (w + (1 - (cutW % 2)))) - Math.floor(cutW / 2)
    }
  }
  return d
}

/** Applies the policy to a batch with draws from `seed`. Differentiable in `x`. */
export function diffAugment(x: tf.Tensor4D, policy: AugmentPolicy, seed: number): tf.Tensor4D {
  if (policy.p <= 0 || policy.ops.length === 0) return x
  const [batch, h, w] = x.shape
  return applyAugment(x, drawAugment(batch, [h, w], policy, seed))
}

/** The transforms of `draws` on `x`. */
export function applyAugment(x: tf.Tensor4D, draws: AugmentDraws): tf.Tensor4D {
  return tf.tidy(() => {
    const [batch, h, w, c] = x.shape
    const perImage = (values: Float32Array) => tf.tensor4d(values, [batch, 1, 1, 1])
    let y: tf.Tensor4D = x
    if (draws.brightness.some((v) => v !== 0)) y = tf.add(y, perImage(draws.brightness))
    if (draws.saturation.some((v) => v !== 1)) {
      const mean = tf.mean(y, 3, true)
      y = tf.add(tf.mul(tf.sub(y, mean), perImage(draws.saturation)), mean)
    }
    if (draws.contrast.some((v) => v !== 1)) {
      const mean = tf.mean(y, [1, 2, 3], true)
      y = tf.add(tf.mul(tf.sub(y, mean), perImage(draws.contrast)), mean)
    }
    if (draws.shiftY.some((v) => v !== 0) || draws.shiftX.some((v) => v !== 0)) {
      // Rows: out[i] = in[i − dy]; [B, H, H] · [B, H, W·C].
      const rows = tf.matMul(shiftMatrices(draws.shiftY, h), tf.reshape(y, [batch, h, w * c]))
      // Columns: the same on the transposed image, [B, W, W] · [B, W, H·C].
      const byColumn = tf.reshape(tf.transpose(tf.reshape(rows, [batch, h, w, c]), [0, 2, 1, 3]), [
        batch,
        w,
        h * c
      ])
      const cols = tf.matMul(shiftMatrices(draws.shiftX, w), byColumn)
      y = tf.transpose(tf.reshape(cols, [batch, w, h, c]), [0, 2, 1, 3]) as tf.Tensor4D
    }
    if (draws.cut.some((v) => v === 1)) y = tf.mul(y, cutoutMask(draws, h, w)) as tf.Tensor4D
    return y
  })
}

/** Per image an n×n matrix moving entries by `shift` (positive: down/right), zeros shifted in. */
function shiftMatrices(shifts: Int32Array, n: number): tf.Tensor3D {
  const m = new Float32Array(shifts.length * n * n)
  shifts.forEach((s, b) => {
    for (let i = 0; i < n; i++) {
      const from = i - s
      if (from >= 0 && from < n) m[(b * n + i) * n + from] = 1
    }
  })
  return tf.tensor3d(m, [shifts.length, n, n])
}

function cutoutMask(draws: AugmentDraws, h: number, w: number): tf.Tensor4D {
  const batch = draws.cut.length
  const mask = new Float32Array(batch * h * w).fill(1)
  const cutH = Math.round(h * CUTOUT_RATIO)
  const cutW = Math.round(w * CUTOUT_RATIO)
  for (let b = 0; b < batch; b++) {
    if (!draws.cut[b]) continue
    const top = draws.cutY[b]!
    const left = draws.cutX[b]!
    for (let i = Math.max(0, top); i < Math.min(h, top + cutH); i++)
      for (let j = Math.max(0, left); j < Math.min(w, left + cutW); j++)
        mask[(b * h + i) * w + j] = 0
  }
  return tf.tensor4d(mask, [batch, h, w, 1])
}

/**
 * ADA's controller: p rises while D is too sure of real images (the mean sign of its output
 * on them, r, above the target) and falls otherwise, by at most one full swing over
 * `ADJUST_IMAGES` images: fast enough for a studio run of minutes, slow enough to be smooth.
 */
export const ADJUST_IMAGES = 50_000

export class AdaptiveAugment {
  constructor(
    public p: number,
    readonly target: number
  ) {}

  /** After a D update that saw `images` reals with mean sign `r`. */
  update(r: number, images: number): number {
    if (!Number.isFinite(r)) return this.p
    const step = (Math.sign(r - this.target) * images) / ADJUST_IMAGES
    this.p = Math.min(1, Math.max(0, this.p + step))
    return this.p
  }
}
