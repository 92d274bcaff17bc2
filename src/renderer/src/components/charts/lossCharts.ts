import type { ChartLine } from './RunChart.vue'

/** What D's outputs mean under each loss: probabilities (with the ½ equilibrium) or critic scores. */
export function outputsChart(loss: string | undefined): {
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
      title: `Critic scores (${loss}): mean on real, mean on fakes`,
      yTitle: 'critic score',
      references: [],
      real: 'score on real',
      fake: 'score on fakes'
    }
  }
  return {
    title: "D's outputs: mean D(x) on real, mean D(G(z)) on fakes",
    yTitle: 'probability "real"',
    references: [{ value: 0.5, label: 'equilibrium ½' }],
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

export function lossLines(points: readonly Point[], prefix = ''): ChartLine[] {
  return [
    {
      label: `${prefix}D loss`,
      color: '--d-color',
      points: points.map((p) => ({ x: p.step, y: p.dLoss }))
    },
    {
      label: `${prefix}G loss`,
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
