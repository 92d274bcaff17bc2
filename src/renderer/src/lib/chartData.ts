/** Chart helpers that need no canvas: smoothing, step ranges, CSV. */

export interface XY {
  x: number
  y: number
}

/**
 * TensorBoard's smoothing: an exponential moving average, debiased so the curve starts at
 * the first value rather than at 0. `weight` 0 leaves the series as it is.
 */
export function smooth(points: readonly XY[], weight: number): XY[] {
  if (weight <= 0) return points.slice()
  let last = 0
  let n = 0
  return points.map((p) => {
    if (!Number.isFinite(p.y)) return p
    last = last * weight + (1 - weight) * p.y
    n++
    return { x: p.x, y: last / (1 - Math.pow(weight, n)) }
  })
}

export interface CsvSeries {
  label: string
  points: readonly XY[]
}

/** One row per step, one column per series (empty where a series has no value at that step). */
export function toCsv(series: readonly CsvSeries[], xTitle = 'step'): string {
  const steps = [...new Set(series.flatMap((s) => s.points.map((p) => p.x)))].sort((a, b) => a - b)
  const maps = series.map((s) => new Map(s.points.map((p) => [p.x, p.y])))
  const quote = (t: string) => (/[",\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t)
  const rows = [[xTitle, ...series.map((s) => s.label)].map(quote).join(',')]
  for (const x of steps) rows.push([x, ...maps.map((m) => m.get(x) ?? '')].join(','))
  return rows.join('\n') + '\n'
}

/** Evenly thins a series to at most `max` points by averaging neighbours (first step kept). */
export function thin<P extends { step: number }>(points: readonly P[], max: number): P[] {
  if (points.length <= max) return points.slice()
  const size = Math.ceil(points.length / max)
  const out: P[] = []
  for (let i = 0; i < points.length; i += size) {
    const group = points.slice(i, i + size)
    const m = { ...group[0]! } as Record<string, number>
    for (const key of Object.keys(m)) {
      if (key === 'step' || typeof m[key] !== 'number') continue
      m[key] =
        group.reduce((a, p) => a + (p as unknown as Record<string, number>)[key]!, 0) / group.length
    }
    out.push(m as unknown as P)
  }
  return out
}
