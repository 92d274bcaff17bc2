import * as tf from '@tensorflow/tfjs'
import { standBatchStatistics, type StandingOptions } from './standingStats'

/**
 * An exponential moving average of G's weights (as in StyleGAN and BigGAN): a second
 * generator of the same architecture whose weights trail G's,
 *
 *   ema ← ema + (1 − βₜ)·(w − ema),   βₜ = min(β, (1 + t)/(10 + t))
 *
 * after G's t-th update. The ramp keeps a short run from sampling weights still close to
 * their random start; from t ≈ 9/(1 − β) on it is the plain β. BN's moving statistics are
 * copied, not averaged (they are averages already), as StyleGAN does with buffers; before the
 * average is sampled or saved, `stand` measures them on its own output instead (BigGAN's
 * standing statistics, standingStats.ts), since G's were measured on other weights.
 */
export class GeneratorEma {
  private readonly pairs: Array<{ source: tf.Variable; target: tf.Variable; average: boolean }>

  /** @param model a generator built from the same spec as `source`; its weights are overwritten. */
  constructor(
    source: tf.LayersModel,
    readonly model: tf.LayersModel,
    readonly decay: number
  ) {
    const sources = source.weights
    const targets = model.weights
    const same = (i: number) => targets[i]!.shape.join() === sources[i]!.shape.join()
    if (sources.length !== targets.length || !sources.every((_, i) => same(i))) {
      throw new Error('GeneratorEma: the average needs a generator of the same architecture.')
    }
    const trainable = new Set(source.trainableWeights.map((w) => w.read().id))
    this.pairs = sources.map((w, i) => ({
      source: w.read() as tf.Variable,
      target: targets[i]!.read() as tf.Variable,
      average: trainable.has(w.read().id)
    }))
    this.copy()
  }

  /** The decay used after the t-th generator update (t from 1). */
  static decayAt(decay: number, t: number): number {
    return Math.min(decay, (1 + t) / (10 + t))
  }

  /** Sets the average to G's weights exactly (a fresh run, or a checkpoint without one). */
  copy(): void {
    tf.tidy(() => {
      for (const { source, target } of this.pairs) target.assign(source)
    })
  }

  /** Moves the average toward G after its t-th update. */
  update(t: number): void {
    const beta = GeneratorEma.decayAt(this.decay, t)
    tf.tidy(() => {
      for (const { source, target, average } of this.pairs) {
        target.assign(average ? tf.add(target, tf.mul(tf.sub(source, target), 1 - beta)) : source)
      }
    })
  }

  /** Gives the average's BN layers statistics of its own output (standingStats.ts). */
  stand(opts: StandingOptions): void {
    standBatchStatistics(this.model, opts)
  }

  dispose(): void {
    this.model.dispose()
  }
}
