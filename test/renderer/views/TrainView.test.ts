import { describe, expect, it } from 'vitest'
import TrainView from '@renderer/views/TrainView.vue'
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
