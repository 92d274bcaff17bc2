import type { Progress } from '../../../shared/train'

export interface StepStats {
  dLoss: number
  gLoss: number
  dReal: number
  dFake: number
}

/**
 * Turns per-step numbers into progress records at a rate a UI and a metrics file can
 * take: the losses and D outputs are means over the steps since the previous record
 * (smoother curves, nothing dropped), throughput is measured over the same span, and the
 * clock stops while the run is paused.
 */
export class ProgressMeter {
  private sums: StepStats = { dLoss: 0, gLoss: 0, dReal: 0, dFake: 0 }
  private steps = 0
  private spanMs = 0
  private activeMs = 0
  private lastRecordAt = -Infinity
  private stepsPerSecond = 0

  constructor(
    private readonly opts: {
      runId: string
      totalSteps: number
      /** Real images one step consumes (batch × D steps). */
      imagesPerStep: number
      /** Least time between records; 0 records every step. */
      intervalMs: number
      now?: () => number
    }
  ) {}

  private now(): number {
    return this.opts.now ? this.opts.now() : performance.now()
  }

  /** Adds one finished step and how long its work took (pauses excluded by the caller). */
  add(stats: StepStats, elapsedMs: number): void {
    this.sums = {
      dLoss: this.sums.dLoss + stats.dLoss,
      gLoss: this.sums.gLoss + stats.gLoss,
      dReal: this.sums.dReal + stats.dReal,
      dFake: this.sums.dFake + stats.dFake
    }
    this.steps += 1
    this.spanMs += elapsedMs
    this.activeMs += elapsedMs
  }

  /** Whether a record is due now: by time, or because the caller insists (first, last, sample steps). */
  due(force = false): boolean {
    return this.steps > 0 && (force || this.now() - this.lastRecordAt >= this.opts.intervalMs)
  }

  /** The record for the steps since the last one; starts a new span. */
  take(step: number, epoch: number): Progress {
    const n = Math.max(this.steps, 1)
    const rate = this.spanMs > 0 ? this.steps / (this.spanMs / 1000) : 0
    // Smoothed so one slow step (a sample grid, a GC) does not make the ETA jump.
    this.stepsPerSecond = this.stepsPerSecond === 0 ? rate : 0.7 * this.stepsPerSecond + 0.3 * rate
    const remaining = Math.max(this.opts.totalSteps - step, 0)
    const record: Progress = {
      runId: this.opts.runId,
      step,
      epoch,
      totalSteps: this.opts.totalSteps,
      dLoss: this.sums.dLoss / n,
      gLoss: this.sums.gLoss / n,
      dReal: this.sums.dReal / n,
      dFake: this.sums.dFake / n,
      imagesPerSecond: rate * this.opts.imagesPerStep,
      etaSeconds: this.stepsPerSecond > 0 ? remaining / this.stepsPerSecond : 0,
      elapsedSeconds: this.activeMs / 1000
    }
    this.sums = { dLoss: 0, gLoss: 0, dReal: 0, dFake: 0 }
    this.steps = 0
    this.spanMs = 0
    this.lastRecordAt = this.now()
    return record
  }
}
