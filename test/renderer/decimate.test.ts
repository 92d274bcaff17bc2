import { describe, expect, it } from 'vitest'
import { appendDecimated, type SeriesPoint } from '@renderer/stores/decimate'

describe('chart decimation', () => {
  it('keeps every point until the bound, then never exceeds it', () => {
    let series: (SeriesPoint & { v: number })[] = []
    for (let step = 1; step <= 100_000; step++) {
      series = appendDecimated(series, { step, v: step }, 500)
      expect(series.length).toBeLessThanOrEqual(500)
    }
    expect(series.at(-1)).toEqual({ step: 100_000, v: 100_000 })
    // The newest half stays at full resolution, the older half is averaged, in step order.
    const steps = series.map((p) => p.step)
    expect(steps).toEqual([...steps].sort((a, b) => a - b))
    expect(steps.at(-2)).toBe(99_999)
    expect(series[0]!.step).toBe(1)
  })

  it('averages values when it merges, and returns a new array each time', () => {
    const a = [
      { step: 1, v: 0 },
      { step: 2, v: 10 },
      { step: 3, v: 20 },
      { step: 4, v: 30 }
    ]
    const b = appendDecimated(a, { step: 5, v: 40 }, 4)
    expect(b).not.toBe(a)
    expect(b[0]).toEqual({ step: 1, v: 5 })
    expect(b.at(-1)).toEqual({ step: 5, v: 40 })
  })
})
