import { describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { Chart } from 'chart.js'
import { defineComponent, h } from 'vue'
import RunsView from '@renderer/views/RunsView.vue'
import { setLocale } from '@renderer/i18n'
import { useNavigationStore } from '@renderer/stores/navigation'
import { StudioError } from '@shared/rpc'
import type { StudioHandlers } from '@shared/api'
import { checkpointSummary, png, runHistory, runSummary } from './fixtures'
import { mountView } from './mountView'

/** An axis's title as Chart.js holds it (the options' scale types are a wide union). */
const axisTitle = (c: Chart, id: string) =>
  (c.options.scales?.[id] as { title?: { text?: unknown } } | undefined)?.title?.text

const twoRuns: Partial<StudioHandlers> = {
  listRuns: async () => [
    runSummary({ id: 'run-2', name: 'hinge on shapes', lastStep: 120, status: 'training' }),
    runSummary({ id: 'run-1', datasetName: 'flowers', loss: 'non-saturating' })
  ],
  listCheckpoints: async (runId) => [checkpointSummary(100, runId), checkpointSummary(200, runId)],
  getRunHistory: async (runId) => runHistory(runId),
  getRunSample: async () => ({ png: png() }),
  renameRun: async () => ({ ok: true }),
  deleteCheckpoint: async () => ({ ok: true })
}

const rows = (wrapper: VueWrapper) =>
  wrapper.findAll('[data-testid="run-item"]').map((row) => ({
    id: row.attributes('data-run-id'),
    name: (row.get('[data-testid="run-name"]').element as HTMLInputElement).value,
    cells: row.findAll('td').map((td) => td.text())
  }))

describe('the Runs view', () => {
  it('says how to get a run when there is none', async () => {
    const { wrapper, studio } = await mountView(RunsView)
    expect(wrapper.get('h1').text()).toBe('Runs')
    expect(studio.api.listRuns).toHaveBeenCalled()
    expect(wrapper.text()).toContain('No runs yet: train one in the Train view; it appears here.')
    expect(wrapper.find('[data-testid="runs-table"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="run-detail"]').exists()).toBe(false)
  })

  it('lists every run with its settings and status, and opens the first', async () => {
    const { wrapper, studio } = await mountView(RunsView, twoRuns)
    const listed = rows(wrapper)
    expect(listed.map((r) => r.id)).toEqual(['run-2', 'run-1'])
    expect(listed[0]!.name).toBe('hinge on shapes')
    // An unnamed run shows its id as the placeholder, so the user can type a name.
    expect(listed[1]!.name).toBe('')
    expect(listed[1]!.cells).toEqual(
      expect.arrayContaining(['flowers', 'non-saturating', 'complete', '200 / 200', '1m 5s'])
    )
    expect(listed[0]!.cells).toContain('training')

    expect(studio.api.listCheckpoints).toHaveBeenCalledWith('run-2')
    const detail = wrapper.get('[data-testid="run-detail"]')
    expect(detail.get('h2').text()).toContain('hinge on shapes')
    const steps = wrapper
      .findAll('[data-testid="checkpoint-row"]')
      .map((r) => r.findAll('td')[1]!.text())
    expect(steps).toEqual(['200', '100'])
  })

  it('opens the run the user clicks', async () => {
    const { wrapper, studio, settle } = await mountView(RunsView, twoRuns)
    await wrapper.findAll('[data-testid="run-item"]')[1]!.trigger('click')
    await settle()
    expect(studio.api.listCheckpoints).toHaveBeenLastCalledWith('run-1')
    expect(wrapper.get('[data-testid="run-detail"] h2').text()).toContain('run-1')
    expect(wrapper.findAll('[data-testid="run-item"]')[1]!.classes()).toContain('active')
  })

  it('saves a name typed into the table when Enter is pressed', async () => {
    const { wrapper, studio, settle } = await mountView(RunsView, twoRuns)
    const name = wrapper.findAll('[data-testid="run-name"]')[1]!
    ;(name.element as HTMLInputElement).focus()
    await name.setValue('flowers, first try')
    expect(studio.api.renameRun).not.toHaveBeenCalled()
    await name.trigger('keydown', { key: 'Enter' })
    await settle()
    expect(studio.api.renameRun).toHaveBeenCalledWith('run-1', 'flowers, first try')
    expect(rows(wrapper)[1]!.name).toBe('flowers, first try')
  })

  it('deletes a checkpoint only after the user confirms', async () => {
    const { wrapper, studio, settle } = await mountView(RunsView, twoRuns)
    const row = () => wrapper.findAll('[data-testid="checkpoint-row"]')[1]!
    const button = (label: string) =>
      row()
        .findAll('button')
        .find((b) => b.text() === label)!
    await button('Delete…').trigger('click')
    expect(studio.api.deleteCheckpoint).not.toHaveBeenCalled()
    await button('Delete it').trigger('click')
    await settle()
    expect(studio.api.deleteCheckpoint).toHaveBeenCalledWith('run-2', 100)
    expect(wrapper.text()).toContain('Deleted the checkpoint at step 100.')
  })

  it('overlays the curves of two ticked runs', async () => {
    const { wrapper, studio, settle } = await mountView(RunsView, twoRuns)
    expect(wrapper.find('[data-testid="compare"]').exists()).toBe(false)
    for (const box of wrapper.findAll('[data-testid="run-compare"]')) {
      await box.setValue(true)
      await settle()
    }
    expect(wrapper.get('[data-testid="compare"] h2').text()).toBe('Compare 2 runs')
    expect(studio.api.getRunHistory).toHaveBeenCalledWith('run-1')
    expect(studio.api.getRunHistory).toHaveBeenCalledWith('run-2')
  })

  it('sends Generate on a checkpoint to the Generate view with that checkpoint', async () => {
    const { wrapper } = await mountView(RunsView, twoRuns)
    await wrapper.findAll('[data-testid="checkpoint-generate"]')[0]!.trigger('click')
    expect(useNavigationStore().current).toBe('generate')
  })

  it("shows the engine's message when the runs cannot be listed", async () => {
    const { wrapper, studio, settle } = await mountView(RunsView, {
      listRuns: async () => {
        throw new StudioError('The data folder /data is not readable: check its permissions.')
      }
    })
    expect(wrapper.get('[data-testid="runs-error"]').text()).toBe(
      'The data folder /data is not readable: check its permissions.'
    )
    // Refresh tries again, and a success clears the message.
    for (const [method, handler] of Object.entries(twoRuns))
      studio.handle(method as keyof StudioHandlers, handler as never)
    await wrapper.get('[data-testid="runs-refresh"]').trigger('click')
    await settle()
    expect(wrapper.find('[data-testid="runs-error"]').exists()).toBe(false)
    expect(rows(wrapper)).toHaveLength(2)
  })

  it('speaks Traditional Chinese when opened in zh-TW: headers, words, dates and durations', async () => {
    // The studio opened with zh-TW chosen: the language is set before the view renders.
    const InTaiwan = defineComponent({
      setup() {
        setLocale('zh-TW')
        return () => h(RunsView)
      }
    })
    const { wrapper } = await mountView(InTaiwan, twoRuns)
    expect(wrapper.get('h1').text()).toBe('訓練執行')
    const runHeaders = wrapper
      .get('[data-testid="runs-table"]')
      .findAll('th')
      .map((th) => th.text())
    expect(runHeaders).toEqual(expect.arrayContaining(['名稱', '資料集', '損失', '狀態', '步數']))
    expect(wrapper.get('.checkpoints h3').text()).toBe('檢查點')
    const checkpointHeaders = wrapper
      .get('[data-testid="checkpoint-table"]')
      .findAll('th')
      .map((th) => th.text())
    expect(checkpointHeaders).toEqual(
      expect.arrayContaining(['樣本', '步數', '標籤保真度', 'Fréchet 距離', '多樣性比'])
    )
    const [training, complete] = rows(wrapper)
    expect(training!.cells).toContain('訓練中')
    expect(complete!.cells).toEqual(expect.arrayContaining(['已完成', '200 / 200', '1 分 5 秒']))
    // The start time is written as Taiwan writes dates.
    const created = new Intl.DateTimeFormat('zh-TW', { dateStyle: 'medium', timeStyle: 'short' })
    expect(wrapper.findAll('[data-testid="run-created"]')[1]!.text()).toBe(
      created.format(new Date('2026-01-01T00:00:00Z'))
    )
    const buttons = wrapper
      .get('[data-testid="checkpoint-table"]')
      .findAll('button')
      .map((b) => b.text())
    expect(buttons).toEqual(expect.arrayContaining(['生成', '繼續訓練', '匯出', '刪除…']))
    expect(wrapper.get('[data-testid="torch-export"] h3').text()).toBe('在 PyTorch 上繼續訓練')
    // Traditional as written in Taiwan, not the Simplified forms.
    expect(wrapper.text()).not.toMatch(/检查点|训练|数据集/)
    expect(wrapper.text()).not.toContain('Checkpoints')
  })

  it('draws chart words in the language shown, and a switch updates the same chart', async () => {
    const { wrapper, settle } = await mountView(RunsView, twoRuns)
    const canvas = wrapper.get('[data-testid="run-chart-losses"] canvas').element
    const chart = Chart.getChart(canvas as HTMLCanvasElement)!
    expect(chart).toBeDefined()
    const words = () => ({
      x: axisTitle(chart, 'x'),
      y: axisTitle(chart, 'y'),
      legend: chart.data.datasets.map((d) => d.label),
      locale: chart.options.locale
    })
    expect(words()).toEqual({ x: 'step', y: 'loss', legend: ['D loss', 'G loss'], locale: 'en' })

    setLocale('zh-CN')
    await settle()
    expect(Chart.getChart(canvas as HTMLCanvasElement)).toBe(chart)
    expect(words()).toEqual({
      x: '步数',
      y: '损失',
      legend: ['D 损失', 'G 损失'],
      locale: 'zh-CN'
    })
    expect(wrapper.get('[data-testid="run-chart-losses"] h3').text()).toBe('损失')
    expect(wrapper.get('[data-testid="run-chart-losses"] canvas').attributes('aria-label')).toBe(
      '损失：D 损失、G 损失随步数的变化'
    )

    setLocale('zh-TW')
    await settle()
    expect(Chart.getChart(canvas as HTMLCanvasElement)).toBe(chart)
    expect(words()).toMatchObject({ x: '步數', y: '損失', legend: ['D 損失', 'G 損失'] })
    // The hinge run's outputs chart (critic scores): its title, axis and legend follow too.
    const outputs = wrapper.get('[data-testid="run-chart-d"]')
    const outputsChart = Chart.getChart(outputs.get('canvas').element as HTMLCanvasElement)!
    expect(outputs.get('h3').text()).toBe(
      '評論器（critic）評分（hinge）：真實樣本上的平均，生成樣本上的平均'
    )
    expect(axisTitle(outputsChart, 'y')).toBe('評論器評分')
    expect(outputsChart.data.datasets.map((d) => d.label)).toEqual(['真實樣本評分', '生成樣本評分'])
    setLocale('en')
    await settle()
    expect(words()).toMatchObject({ x: 'step', y: 'loss' })
  })
})
