import { t } from '../../i18n'
import type { ChartLine } from './LineChart.vue'

/**
 * What D's outputs mean under each loss: probabilities (with the ½ equilibrium) or critic
 * scores. Its words are in the language shown: call it at render time (in a computed).
 */
export function outputsChart(loss: string | undefined): {
  kind: 'probability' | 'critic'
  title: string
  yTitle: string
  references: { value: number; label: string }[]
  yMin?: number
  yMax?: number
  real: string
  fake: string
} {
  if (loss === 'hinge' || loss === 'wgan-gp') {
    return {
      kind: 'critic',
      title: t('charts.curves.criticTitle', { loss }),
      yTitle: t('charts.curves.criticAxis'),
      references: [],
      real: t('charts.curves.criticReal'),
      fake: t('charts.curves.criticFake')
    }
  }
  return {
    kind: 'probability',
    title: t('charts.curves.outputsTitle'),
    yTitle: t('charts.curves.probabilityAxis'),
    references: [{ value: 0.5, label: t('charts.curves.equilibrium') }],
    yMin: 0,
    yMax: 1,
    real: 'D(x)',
    fake: 'D(G(z))'
  }
}

export interface Point {
  step: number
  dLoss: number
  gLoss: number
  dReal: number
  dFake: number
}

export function lossLines(points: readonly Point[]): ChartLine[] {
  return [
    {
      label: t('charts.curves.dLoss'),
      color: '--d-color',
      points: points.map((p) => ({ x: p.step, y: p.dLoss }))
    },
    {
      label: t('charts.curves.gLoss'),
      color: '--g-color',
      points: points.map((p) => ({ x: p.step, y: p.gLoss }))
    }
  ]
}

export function outputLines(points: readonly Point[], loss: string | undefined): ChartLine[] {
  const o = outputsChart(loss)
  return [
    { label: o.real, color: '--d-color', points: points.map((p) => ({ x: p.step, y: p.dReal })) },
    { label: o.fake, color: '--g-color', points: points.map((p) => ({ x: p.step, y: p.dFake })) }
  ]
}

/** One series of a chart whose points are records (the Lab's history): the column `key`. */
export interface SeriesSpec {
  key: string
  label: string
  color: string
  dashed?: boolean
}

/** Lines from records by column, against `xKey` (the step unless told). */
export function seriesLines(
  points: ReadonlyArray<Record<string, number>>,
  series: readonly SeriesSpec[],
  xKey = 'step'
): ChartLine[] {
  return series.map((s) => ({
    label: s.label,
    color: s.color,
    dashed: s.dashed,
    points: points.map((p) => ({ x: p[xKey]!, y: p[s.key]! }))
  }))
}

/** Distinct colours for runs overlaid in one chart. */
export const RUN_COLORS = [
  '#5b4fe0',
  '#d9480f',
  '#1f9d55',
  '#c2255c',
  '#1c7ed6',
  '#c77d00',
  '#0c8599',
  '#7048e8'
]
