/**
 * A bounded series for live charts. Past `max` points, neighbouring pairs of the older
 * half are averaged into one, so a run of a million steps still draws from at most
 * `max` points, the recent ones at full resolution.
 */
export interface SeriesPoint {
  step: number
  [key: string]: number
}

export function appendDecimated<P extends SeriesPoint>(
  previous: readonly P[],
  point: P,
  max: number
): P[] {
  // A new array each time, so charts that receive it as a prop see the change.
  const series = [...previous, point]
  if (series.length <= max) return series
  const half = Math.floor(series.length / 2)
  const merged: P[] = []
  for (let i = 0; i + 1 < half; i += 2) {
    const a = series[i]!
    const b = series[i + 1]!
    // A merged bucket keeps its first step, so the chart still starts where the run did.
    const m = { ...b, step: a.step } as Record<string, number>
    for (const key of Object.keys(a)) {
      if (key !== 'step') m[key] = (a[key]! + b[key]!) / 2
    }
    merged.push(m as P)
  }
  if (half % 2 === 1) merged.push(series[half - 1]!)
  return merged.concat(series.slice(half))
}
