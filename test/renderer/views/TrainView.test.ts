import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h, nextTick } from 'vue'
import TrainView from '@renderer/views/TrainView.vue'
import { setLocale } from '@renderer/i18n'
import type { Locale } from '@shared/i18n/locales'
import { messages } from '@shared/i18n/messages/index'
import { useDatasetStore } from '@renderer/stores/dataset'
import { StudioError } from '@shared/rpc'
import type { Progress } from '@shared/train'
import { datasetSummary, png } from './fixtures'
import { mountView } from './mountView'

const progress = (step: number): Progress => ({
  runId: 'run-7',
  step,
  epoch: 1,
  totalSteps: 40,
  dLoss: 1.3,
  gLoss: 0.7,
  dReal: 0.6,
  dFake: 0.4,
  imagesPerSecond: 120,
  etaSeconds: 30,
  elapsedSeconds: 5
})

/** The Train view with Shapes open, as after the Dataset view. */
async function withShapesOpen(handlers: Parameters<typeof mountView>[1] = {}) {
  const mounted = await mountView(TrainView, {
    openDataset: async () => datasetSummary(),
    getRunHistory: async () => {
      throw new StudioError('This run has written nothing yet.', 'not-found')
    },
    ...handlers
  })
  await useDatasetStore().open({ kind: 'builtin', name: 'shapes' })
  await mounted.settle()
  return mounted
}

describe('the Train view', () => {
  it('holds Start until a dataset is open, and says why', async () => {
    const { wrapper, studio } = await mountView(TrainView)
    expect(wrapper.get('h1').text()).toBe('Train')
    // It picks up the engine's run, if any, when it opens.
    expect(studio.api.getTrainingStatus).toHaveBeenCalled()
    expect(wrapper.get('[data-testid="train-state"]').text()).toBe('ready')
    expect(wrapper.get('[data-testid="train-start"]').attributes('disabled')).toBeDefined()
    expect(wrapper.get('[data-testid="train-blocked"]').text()).toBe(
      'Open a dataset first (Dataset view).'
    )
    expect(wrapper.find('[data-testid="train-pause"]').exists()).toBe(false)
  })

  it('starts the settings shown on the open dataset, then follows the run live', async () => {
    const { wrapper, studio, settle } = await withShapesOpen({
      startTraining: async () => ({ state: 'starting', runId: 'run-7' }),
      pauseTraining: async () => ({ state: 'running', runId: 'run-7' })
    })
    await wrapper.get('[data-testid="train-loss"]').setValue('hinge')
    await wrapper.get('[data-testid="train-batch"]').setValue(16)
    const start = wrapper.get('[data-testid="train-start"]')
    expect(start.attributes('disabled')).toBeUndefined()
    await start.trigger('click')
    await settle()
    expect(studio.api.startTraining).toHaveBeenCalledOnce()
    expect(studio.api.startTraining.mock.calls[0]![0]).toMatchObject({
      dataset: { kind: 'builtin', name: 'shapes' },
      loss: 'hinge',
      batchSize: 16
    })
    expect(wrapper.get('[data-testid="train-run-id"]').text()).toBe('run run-7')

    studio.emit({ type: 'training-state', state: 'running', runId: 'run-7' })
    studio.emit({ type: 'progress', progress: progress(12) })
    studio.emit({
      type: 'samples',
      runId: 'run-7',
      step: 12,
      png: png(),
      rowLabels: ['circle', 'square']
    })
    await settle()
    expect(wrapper.get('[data-testid="train-state"]').text()).toBe('training')
    const stats = Object.fromEntries(
      wrapper.findAll('.stats > div').map((d) => [d.get('dt').text(), d.get('dd').text()])
    )
    expect(stats).toMatchObject({ step: '12 / 40', epoch: '1', 'images/s': '120', ETA: '30s' })
    expect(wrapper.get('[data-testid="sample-step"]').text()).toBe('step 12')
    // The settings of a run that trains are locked.
    expect(wrapper.get('[data-testid="train-settings"]').attributes('disabled')).toBeDefined()

    await wrapper.get('[data-testid="train-pause"]').trigger('click')
    await settle()
    expect(studio.api.pauseTraining).toHaveBeenCalledWith()
  })

  it('names an invalid setting and keeps Start disabled until it is fixed', async () => {
    const { wrapper } = await withShapesOpen()
    await wrapper.get('[data-testid="train-batch"]').setValue(1)
    expect(wrapper.get('[data-testid="train-start"]').attributes('disabled')).toBeDefined()
    expect(wrapper.get('[data-testid="train-blocked"]').text()).toBe(
      '1 setting needs fixing: Batch size must be at least 2.'
    )
    await wrapper.get('[data-testid="train-batch"]').setValue(8)
    expect(wrapper.get('[data-testid="train-start"]').attributes('disabled')).toBeUndefined()
  })

  it("shows the engine's refusal and stays ready to start again", async () => {
    const { wrapper, settle } = await withShapesOpen({
      startTraining: async () => {
        throw new StudioError('A run is already training: stop it first.', 'busy')
      }
    })
    await wrapper.get('[data-testid="train-start"]').trigger('click')
    await settle()
    expect(wrapper.get('[data-testid="train-error"]').text()).toBe(
      'A run is already training: stop it first.'
    )
    expect(wrapper.get('[data-testid="train-state"]').text()).toBe('ready')
    expect(wrapper.get('[data-testid="train-start"]').attributes('disabled')).toBeUndefined()
  })

  it('shows why a run failed when the engine says so', async () => {
    const { wrapper, studio, settle } = await withShapesOpen({
      startTraining: async () => ({ state: 'starting', runId: 'run-7' })
    })
    await wrapper.get('[data-testid="train-start"]').trigger('click')
    await settle()
    studio.emit({
      type: 'training-state',
      state: 'failed',
      runId: 'run-7',
      message: 'The losses became NaN at step 3: lower the learning rates.'
    })
    await settle()
    expect(wrapper.get('[data-testid="train-state"]').text()).toBe('failed')
    expect(wrapper.get('[data-testid="train-error"]').text()).toBe(
      'The losses became NaN at step 3: lower the learning rates.'
    )
  })
})

/** The Train view created in `locale` (mountView starts in English; this switches first). */
const TrainViewIn = (locale: Locale) =>
  defineComponent({
    setup() {
      setLocale(locale)
      return () => h(TrainView)
    }
  })

describe('the Train view in Chinese', () => {
  afterEach(() => setLocale('en'))

  it('opens in Simplified Chinese, and switches to English in place', async () => {
    const zh = messages['zh-CN']
    const { wrapper, studio, settle } = await mountView(TrainViewIn('zh-CN'), {
      openDataset: async () => datasetSummary(),
      getRunHistory: async () => {
        throw new StudioError('This run has written nothing yet.', 'not-found')
      },
      startTraining: async () => ({ state: 'starting', runId: 'run-7' })
    })
    const h1 = wrapper.get('h1').element
    expect(h1.textContent).toBe('训练')
    expect(wrapper.get('[data-testid="train-state"]').text()).toBe('就绪')
    expect(wrapper.get('[data-testid="train-blocked"]').text()).toBe(
      '请先打开数据集（“数据集”视图）。'
    )
    expect(wrapper.get('[data-testid="train-start"]').text()).toBe('开始')
    expect(wrapper.get('label[for="batchSize"]').text()).toBe('批大小')
    expect(wrapper.get('label[for="spectralNorm"]').text()).toBe('D 使用谱归一化')
    // Each technique's sentence, as the hint under its control and its tooltip.
    const techniques = wrapper.get('[data-testid="train-techniques"]')
    expect(techniques.text()).toContain(zh.techniques.spectralNorm.help)
    expect(techniques.text()).toContain(zh.techniques.ttur.help)
    expect(wrapper.get('#model').attributes('title')).toBe(zh.techniques.model.help)
    expect(wrapper.get('[data-testid="train-loss"] option[value="hinge"]').text()).toBe(
      '合页损失（hinge）'
    )

    // A setting it cannot start with, named in Chinese; the step count in the locale's digits.
    await useDatasetStore().open({ kind: 'builtin', name: 'shapes' })
    await settle()
    await wrapper.get('[data-testid="train-batch"]').setValue(1)
    expect(wrapper.get('[data-testid="train-blocked"]').text()).toBe(
      '有 1 项设置需要修改：“批大小”不能小于 2。'
    )
    await wrapper.get('[data-testid="train-batch"]').setValue(8)
    await wrapper.get('[data-testid="train-max-steps"]').setValue(12000)
    expect(wrapper.get('[data-testid="train-total-steps"]').text()).toBe('共 12,000 步')

    // A run: its id, state and live numbers in Chinese.
    await wrapper.get('[data-testid="train-start"]').trigger('click')
    await settle()
    studio.emit({ type: 'training-state', state: 'running', runId: 'run-7' })
    studio.emit({ type: 'progress', progress: { ...progress(1234), totalSteps: 12000 } })
    studio.emit({ type: 'samples', runId: 'run-7', step: 1234, png: png(), rowLabels: ['a', 'b'] })
    await settle()
    expect(wrapper.get('[data-testid="train-run-id"]').text()).toBe('运行 run-7')
    expect(wrapper.get('[data-testid="train-state"]').text()).toBe('训练中')
    const stats = () =>
      Object.fromEntries(
        wrapper.findAll('.stats > div').map((d) => [d.get('dt').text(), d.get('dd').text()])
      )
    expect(stats()).toMatchObject({ 步数: '1,234 / 12,000', 预计剩余: '30 秒' })
    expect(wrapper.get('[data-testid="sample-step"]').text()).toBe('第 1,234 步')
    expect(wrapper.get('[data-testid="sample-grid"] img').attributes('alt')).toBe(
      '第 1,234 步的样本，每行一个类别'
    )

    // The switch: the same elements, now in English.
    setLocale('en')
    await nextTick()
    expect(wrapper.get('h1').element).toBe(h1)
    expect(h1.textContent).toBe('Train')
    expect(wrapper.get('[data-testid="train-state"]').text()).toBe('training')
    expect(wrapper.get('[data-testid="train-run-id"]').text()).toBe('run run-7')
    expect(stats()).toMatchObject({ step: '1,234 / 12,000', ETA: '30s' })
    expect(wrapper.get('[data-testid="sample-step"]').text()).toBe('step 1,234')
    expect(wrapper.get('label[for="batchSize"]').text()).toBe('Batch size')
    expect(wrapper.get('#model').attributes('title')).toBe(messages.en.techniques.model.help)
    expect(wrapper.get('[data-testid="train-techniques"]').text()).toContain(
      messages.en.techniques.spectralNorm.help
    )
  })

  it('opens in Traditional Chinese with Taiwan’s terms', async () => {
    const { wrapper } = await mountView(TrainViewIn('zh-TW'))
    expect(wrapper.get('h1').text()).toBe('訓練')
    expect(wrapper.get('[data-testid="train-blocked"]').text()).toBe(
      '請先開啟資料集（「資料集」檢視畫面）。'
    )
    expect(wrapper.get('label[for="batchSize"]').text()).toBe('批次大小')
    expect(wrapper.get('label[for="spectralNorm"]').text()).toBe('D 使用頻譜正規化')
    expect(wrapper.get('[data-testid="train-techniques"]').text()).toContain(
      messages['zh-TW'].techniques.augment.help
    )
  })
})
