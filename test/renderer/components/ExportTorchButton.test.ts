import { describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import ExportTorchButton from '@renderer/components/runs/ExportTorchButton.vue'
import { useEngineStore } from '@renderer/stores/engine'
import { StudioError } from '@shared/rpc'
import { BROWSER_INFO } from '../views/fakeStudio'
import { mountView } from '../views/mountView'

// The button as a run's checkpoint row would hold it.
const Host = defineComponent({ render: () => h(ExportTorchButton, { runId: 'fm', step: 400 }) })

describe('ExportTorchButton', () => {
  it('exports a checkpoint to the folder typed in the browser, and says how to train it', async () => {
    const { wrapper, studio, settle } = await mountView(Host, {
      exportTorch: async (ref, dir) => ({
        path: dir,
        step: ref.step ?? 0,
        images: 3000,
        command: 'torchrun --nproc_per_node=2 train.py'
      })
    })
    await wrapper.get('[data-testid="export-torch"]').trigger('click')
    expect(wrapper.get('[data-testid="export-torch-go"]').attributes('disabled')).toBeDefined()
    await wrapper.get('[data-testid="export-torch-dir"]').setValue('/jobs/fm-torch')
    await wrapper.get('[data-testid="export-torch-reference"]').setValue(true)
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(studio.api.exportTorch).toHaveBeenCalledWith(
      { runId: 'fm', step: 400 },
      '/jobs/fm-torch',
      {
        dataReference: true
      }
    )
    const done = wrapper.get('[data-testid="export-torch-done"]').text()
    expect(done).toContain('/jobs/fm-torch')
    // Counts are written for the locale.
    expect(done).toContain('with 3,000 images')
    expect(done).toContain('torchrun --nproc_per_node=2 train.py')
    expect(done).toContain('gan-studio import-torch /jobs/fm-torch')
  })

  it("shows the engine's refusal, in words", async () => {
    const { wrapper, settle } = await mountView(Host, {
      exportTorch: async () => {
        throw new StudioError(
          "The PyTorch export does not support this run's spectralNorm = true yet."
        )
      }
    })
    await wrapper.get('[data-testid="export-torch"]').trigger('click')
    await wrapper.get('[data-testid="export-torch-dir"]').setValue('/jobs/x')
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(wrapper.get('[data-testid="export-torch-error"]').text()).toContain(
      'spectralNorm = true'
    )
    expect(wrapper.find('[data-testid="export-torch-done"]').exists()).toBe(false)
  })

  it('asks the desktop for a folder with its own dialog', async () => {
    const { wrapper, studio, settle } = await mountView(Host, {
      getInfo: async () => ({ ...BROWSER_INFO, shell: 'desktop' }),
      chooseFolder: async () => '/home/me/jobs/fm',
      exportTorch: async (_ref, dir) => ({
        path: dir,
        step: 400,
        images: 0,
        command: 'torchrun --nproc_per_node=2 train.py'
      })
    })
    // The app's shell loads the engine's info at start; here the test does.
    await useEngineStore().refresh()
    await settle()
    await wrapper.get('[data-testid="export-torch"]').trigger('click')
    await settle()
    expect(studio.api.chooseFolder).toHaveBeenCalledWith('export')
    expect(studio.api.exportTorch).toHaveBeenCalledWith(
      { runId: 'fm', step: 400 },
      '/home/me/jobs/fm',
      {
        dataReference: false
      }
    )
    expect(wrapper.find('[data-testid="export-torch-dir"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="export-torch-done"]').text()).not.toContain('images')
  })
})
