import { describe, expect, it } from 'vitest'
import { smooth, thin, toCsv } from '@renderer/lib/chartData'
import { outputsChart } from '@renderer/components/charts/lossCharts'

describe('chart data', () => {
  it('smooths like TensorBoard: starts at the first value, 0 leaves the curve as it is', () => {
    const pts = [1, 3, 3, 3].map((y, x) => ({ x, y }))
    expect(smooth(pts, 0)).toEqual(pts)
    const s = smooth(pts, 0.5)
    expect(s[0]!.y).toBeCloseTo(1)
    expect(s[1]!.y).toBeCloseTo((0.5 * 1 * 0.5 + 0.5 * 3) / 0.75)
    expect(s.map((p) => p.x)).toEqual([0, 1, 2, 3])
    expect(s[3]!.y).toBeGreaterThan(s[1]!.y)
    expect(s[3]!.y).toBeLessThan(3)
  })

  it('writes one CSV row per step, one column per series, blanks where a series has none', () => {
    const csv = toCsv([
      {
        label: 'run "a", D loss',
        points: [
          { x: 1, y: 0.5 },
          { x: 2, y: 0.25 }
        ]
      },
      { label: 'b', points: [{ x: 2, y: 1 }] }
    ])
    expect(csv).toBe('step,"run ""a"", D loss",b\n1,0.5,\n2,0.25,1\n')
  })

  it('thins a long series by averaging neighbours, keeping the first step', () => {
    const pts = Array.from({ length: 10 }, (_, i) => ({ step: i + 1, v: i }))
    const t = thin(pts, 5)
    expect(t.map((p) => p.step)).toEqual([1, 3, 5, 7, 9])
    expect(t.map((p) => p.v)).toEqual([0.5, 2.5, 4.5, 6.5, 8.5])
    expect(thin(pts, 20)).toEqual(pts)
  })

  it('plots probabilities with the ½ line for minimax and non-saturating, critic scores for the others', () => {
    for (const loss of ['minimax', 'non-saturating']) {
      expect(outputsChart(loss)).toMatchObject({ yMin: 0, yMax: 1, references: [{ value: 0.5 }] })
    }
    for (const loss of ['hinge', 'wgan-gp']) {
      const o = outputsChart(loss)
      expect(o.references).toEqual([])
      expect(o.yTitle).toBe('critic score')
      expect(o.yMin).toBeUndefined()
    }
  })
})
