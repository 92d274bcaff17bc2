import { describe, expect, it } from 'vitest'
import { ProgressMeter } from '../../../../src/main/engine/train/progressMeter'

/** A meter paced as the trainer paces its events (250 ms), on a clock the test moves. */
const pacedMeter = (totalSteps: number, imagesPerStep: number, now: () => number) =>
  new ProgressMeter({ runId: 'r', totalSteps, imagesPerStep, intervalMs: 250, now })

describe('ProgressMeter', () => {
  const stats = (v: number) => ({
    dLoss: v,
    gLoss: 2 * v,
    dReal: 0.5 + v / 10,
    dFake: 0.5 - v / 10
  })

  it('averages the steps since the last record and measures their throughput', () => {
    let now = 0
    const meter = pacedMeter(10, 64, () => now)
    meter.add(stats(1), 100)
    expect(meter.due()).toBe(true) // the first record is due at once
    const first = meter.take(1, 1)
    expect(first).toMatchObject({
      runId: 'r',
      step: 1,
      epoch: 1,
      totalSteps: 10,
      dLoss: 1,
      gLoss: 2
    })
    expect(first.imagesPerSecond).toBeCloseTo(640)
    expect(first.etaSeconds).toBeCloseTo(0.9) // 9 steps at 10 steps/s
    expect(first.elapsedSeconds).toBeCloseTo(0.1)

    now = 100
    meter.add(stats(2), 100)
    expect(meter.due()).toBe(false) // 100 ms after the last record
    expect(meter.due(true)).toBe(true)
    now = 300
    meter.add(stats(4), 300)
    expect(meter.due()).toBe(true)
    const second = meter.take(3, 1)
    expect(second.dLoss).toBeCloseTo(3) // mean of 2 and 4
    expect(second.dReal).toBeCloseTo(0.8)
    expect(second.imagesPerSecond).toBeCloseTo((2 * 64) / 0.4)
    expect(second.elapsedSeconds).toBeCloseTo(0.5)
  })

  it('is the one throttle for progress: at most four records a second, every step counted', () => {
    // 1000 steps a second for three seconds, recorded as the trainer does: when due, and
    // always on the first and the last step.
    let now = 0
    const meter = pacedMeter(3000, 1, () => now)
    const records: { step: number; at: number; dLoss: number; steps: number }[] = []
    let lastStep = 0
    for (let step = 1; step <= 3000; step++) {
      now = step
      meter.add(stats(step), 1)
      if (meter.due(step === 1 || step === 3000)) {
        records.push({ step, at: now, dLoss: meter.take(step, 1).dLoss, steps: step - lastStep })
        lastStep = step
      }
    }
    const times = records.map((r) => r.at)
    for (const t of times)
      expect(times.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(5)
    expect(records.length).toBeGreaterThanOrEqual(12)
    expect(records.at(-1)?.step).toBe(3000)
    // Each record is the mean over the steps since the previous one: none is dropped.
    expect(records.reduce((n, r) => n + r.steps, 0)).toBe(3000)
    const total = records.reduce((sum, r) => sum + r.dLoss * r.steps, 0)
    expect(total).toBeCloseTo((3000 * 3001) / 2, 3)
  })

  it('has nothing to report before a step', () => {
    const meter = new ProgressMeter({ runId: 'r', totalSteps: 1, imagesPerStep: 1, intervalMs: 0 })
    expect(meter.due(true)).toBe(false)
  })

  it('reaches an ETA of 0 at the last step', () => {
    const meter = new ProgressMeter({ runId: 'r', totalSteps: 2, imagesPerStep: 1, intervalMs: 0 })
    meter.add(stats(1), 10)
    meter.take(1, 1)
    meter.add(stats(1), 10)
    expect(meter.take(2, 1).etaSeconds).toBe(0)
  })
})
