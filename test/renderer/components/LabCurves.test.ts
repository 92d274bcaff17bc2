import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { Chart } from 'chart.js'
import { nextTick } from 'vue'
import LabCurves, { type LabCurvesFrame } from '@renderer/components/lab/LabCurves.vue'
import LineChart from '@renderer/components/charts/LineChart.vue'
import { seriesLines } from '@renderer/components/charts/lossCharts'
import { i18n, setLocale } from '@renderer/i18n'
import { installBlankCanvas } from '../views/canvasContext'

/** An axis's title as Chart.js holds it (the options' scale types are a wide union). */
const axisTitle = (c: Chart, id: string) =>
  (c.options.scales?.[id] as { title?: { text?: unknown } } | undefined)?.title?.text

/** A small frame: data at 0, G at 1, D between; densities vanish at the ends. */
function frame(extra: Partial<LabCurvesFrame> = {}): LabCurvesFrame {
  const grid = [-3, -2, -1, 0, 1, 2, 3, 4]
  const bump = (c: number) => grid.map((x) => Math.exp(-((x - c) ** 2) * 4))
  return {
    grid,
    dataDensity: bump(0),
    genHistogram: bump(1),
    genKde: bump(1),
    dOnGrid: grid.map(() => 0.5),
    dStar: grid.map(() => 0.5),
    ...extra
  }
}

let wrapper: VueWrapper | undefined
const chartOf = (w: VueWrapper) => Chart.getChart(w.get('canvas').element as HTMLCanvasElement)!
const labels = (c: Chart) => c.data.datasets.map((d) => d.label)

describe('the merged line chart in the Lab', () => {
  beforeEach(() => {
    installBlankCanvas()
    localStorage.clear()
    setLocale('en')
  })
  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
  })

  it('draws p_data, G and D on one x axis, D on a 0–1 axis of its own on the right', async () => {
    wrapper = mount(LabCurves, { props: { frame: frame() }, global: { plugins: [i18n] } })
    await nextTick()
    expect(wrapper.attributes('data-testid')).toBe('lab-curves')
    const chart = chartOf(wrapper)
    expect(labels(chart)).toEqual([
      'p_data',
      'G histogram',
      'p_G (KDE)',
      'D(x)',
      'D*(x) = p_data / (p_data + p_G)'
    ])
    const scales = chart.options.scales!
    expect(axisTitle(chart, 'x')).toBe('x')
    expect(axisTitle(chart, 'y')).toBe('density')
    expect(scales.y2).toMatchObject({ min: 0, max: 1, position: 'right' })
    expect(axisTitle(chart, 'y2')).toBe('D(x)')
    const d = chart.data.datasets.find((s) => s.label === 'D(x)')!
    expect((d as { yAxisID?: string }).yAxisID).toBe('y2')
    // D* is left out (a gap) where both densities are negligible, kept where they are not.
    const dStar = chart.data.datasets[4]!.data as { x: number; y: number }[]
    expect(dStar.find((p) => p.x === 4)!.y).toBeNaN()
    expect(dStar.find((p) => p.x === 0)!.y).toBe(0.5)
    // The Lab's picture has no step tools: x is not a step.
    expect(wrapper.find('[data-testid="chart-smoothing"]').exists()).toBe(false)
    expect(wrapper.get('canvas').attributes('aria-label')).toBe(
      'Densities p_data and p_G, and D(x), against x'
    )
  })

  it("puts a critic on the right axis, names Gaussian fits, and speaks the user's language", async () => {
    const fit = (kind: 'kl' | 'js') => ({
      kind,
      mean: 0.5,
      std: 1.25,
      density: frame().dataDensity,
      kl: 0.1,
      reverseKl: 0.2,
      js: 0.05
    })
    const critic = frame({
      critic: [-1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5],
      fits: [fit('kl'), fit('js')]
    })
    wrapper = mount(LabCurves, {
      props: { frame: critic as LabCurvesFrame, title: 'class 0' },
      global: { plugins: [i18n] }
    })
    await nextTick()
    const chart = chartOf(wrapper)
    expect(wrapper.get('h3').text()).toBe('class 0')
    expect(labels(chart)).toEqual(
      expect.arrayContaining([
        'KL fit (maximum likelihood) N(0.50, 1.25²)',
        'JS fit N(0.50, 1.25²)',
        'critic C(x)'
      ])
    )
    expect(labels(chart)).not.toContain('D(x)')
    expect(axisTitle(chart, 'y2')).toBe('critic C(x)')
    expect(chart.options.scales!.y2!.max).toBeUndefined()

    setLocale('zh-CN')
    await nextTick()
    await nextTick()
    expect(chartOf(wrapper)).toBe(chart)
    expect(axisTitle(chart, 'y')).toBe('密度')
    expect(axisTitle(chart, 'y2')).toBe('评论器 C(x)')
    expect(labels(chart)).toEqual(
      expect.arrayContaining([
        'G 的直方图',
        'p_G（核密度估计）',
        'KL 拟合（最大似然） N(0.50, 1.25²)'
      ])
    )
    setLocale('zh-TW')
    await nextTick()
    await nextTick()
    expect(axisTitle(chart, 'y2')).toBe('評論器 C(x)')
  })

  it("draws the Lab's step series, with the step tools and a log scale when asked", async () => {
    const history = [1, 2, 3, 4].map((step) => ({ step, js: 0.6 / step, gGradNorm: 10 ** -step }))
    wrapper = mount(LineChart, {
      props: {
        title: "G's gradient norm (log scale)",
        lines: seriesLines(history, [
          { key: 'gGradNorm', label: 'minimax', color: '#1c7ed6' },
          { key: 'js', label: 'JS', color: '--d-color', dashed: true }
        ]),
        logY: true
      },
      global: { plugins: [i18n] }
    })
    await nextTick()
    const chart = chartOf(wrapper)
    expect(wrapper.attributes('data-points')).toBe('8')
    expect(labels(chart)).toEqual(['minimax', 'JS'])
    expect(chart.data.datasets[0]!.data).toEqual(
      history.map((p) => ({ x: p.step, y: p.gGradNorm }))
    )
    expect(chart.options.scales!.y!.type).toBe('logarithmic')
    expect(axisTitle(chart, 'x')).toBe('step')
    expect(wrapper.find('[data-testid="chart-smoothing"]').exists()).toBe(true)
  })
})
