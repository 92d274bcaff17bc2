import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { Chart } from 'chart.js'
import { nextTick } from 'vue'
import LineChart from '@renderer/components/charts/LineChart.vue'
import { i18n, setLocale } from '@renderer/i18n'
import { installBlankCanvas } from '../views/canvasContext'

let wrapper: VueWrapper | undefined
const chartOf = (w: VueWrapper) => Chart.getChart(w.get('canvas').element as HTMLCanvasElement)!
const xScale = (c: Chart) => c.options.scales?.x as { min?: number; max?: number }

describe('a line chart’s step range', () => {
  beforeEach(() => {
    installBlankCanvas()
    setLocale('en')
  })
  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
  })

  it('zooms to the steps typed at either end, and Reset shows every step again', async () => {
    const points = [0, 10, 20, 30, 40].map((x) => ({ x, y: x / 10 }))
    wrapper = mount(LineChart, {
      props: { title: 'Losses', lines: [{ label: 'D loss', color: '#d9480f', points }] },
      global: { plugins: [i18n] }
    })
    await nextTick()
    const from = wrapper.get('[data-testid="chart-from"]')
    const to = wrapper.get('[data-testid="chart-to"]')
    // Empty ends follow the data: its first and last steps show as placeholders.
    expect([from.attributes('placeholder'), to.attributes('placeholder')]).toEqual(['0', '40'])
    expect(from.attributes('aria-label')).toBe('First step shown in Losses')
    expect(to.attributes('aria-label')).toBe('Last step shown in Losses')
    expect(wrapper.find('[data-testid="chart-reset"]').exists()).toBe(false)

    await from.setValue('10')
    await from.trigger('change')
    await to.setValue('30')
    await to.trigger('change')
    const chart = chartOf(wrapper)
    expect(xScale(chart)).toMatchObject({ min: 10, max: 30 })
    expect(chart.data.datasets[0]!.data.map((p) => (p as { x: number }).x)).toEqual([10, 20, 30])

    await wrapper.get('[data-testid="chart-reset"]').trigger('click')
    expect([
      (from.element as HTMLInputElement).value,
      (to.element as HTMLInputElement).value
    ]).toEqual(['', ''])
    expect(xScale(chartOf(wrapper)).min).toBeUndefined()
    expect(chartOf(wrapper).data.datasets[0]!.data).toHaveLength(5)
  })
})
