import { describe, expect, it } from 'vitest'
import GenerateView from '@renderer/views/GenerateView.vue'
import type { StudioHandlers } from '@shared/api'
import type { GenerateRequest } from '@shared/runs'
import { StudioError } from '@shared/rpc'
import { checkpointSummary, png, runSummary } from './fixtures'
import { mountView } from './mountView'

const oneRun: Partial<StudioHandlers> = {
  listRuns: async () => [runSummary({ name: 'shapes, hinge' })],
  listCheckpoints: async (runId) => [checkpointSummary(100, runId), checkpointSummary(200, runId)],
  generate: async (request) => ({
    id: request.id ?? 'gen-1',
    count: request.count,
    images: Array.from({ length: request.count }, png),
    labels: Array.from({ length: request.count }, () => String(request.label))
  }),
  saveImages: async (request) => ({
    paths: (request.indices ?? [0, 1, 2]).map((i) => `${request.dir}/${request.prefix}-${i}.png`)
  })
}

/** The view with the run picked in its picker, as a user does first. */
async function withRunPicked(handlers: Partial<StudioHandlers> = oneRun) {
  const mounted = await mountView(GenerateView, handlers)
  await mounted.wrapper.get('[data-testid="generate-run-pick"]').setValue('run-1')
  await mounted.settle()
  return mounted
}

describe('the Generate view', () => {
  it('asks for a run first, and lists the runs on disk to pick from', async () => {
    const { wrapper } = await mountView(GenerateView, oneRun)
    expect(wrapper.get('h1').text()).toBe('Generate')
    const runs = wrapper.findAll('[data-testid="generate-run-pick"] option')
    expect(runs.map((o) => o.text())).toEqual(['choose a run…', 'shapes, hinge'])
    expect(wrapper.text()).toContain(
      'Choose a run above, or press Generate on a checkpoint in Runs.'
    )
    expect(wrapper.find('[data-testid="generate-run"]').exists()).toBe(false)
  })

  it("picks a run's latest checkpoint and offers its classes", async () => {
    const { wrapper, studio } = await withRunPicked()
    expect(studio.api.listCheckpoints).toHaveBeenCalledWith('run-1')
    const step = wrapper.get('[data-testid="generate-step-pick"]').element as HTMLSelectElement
    expect(step.value).toBe('200')
    const classes = wrapper.findAll('[data-testid="generate-label"] option').map((o) => o.text())
    expect(classes).toEqual(['circle', 'square'])
  })

  it('generates the class, count and seed asked for and shows the images', async () => {
    const { wrapper, studio, settle } = await withRunPicked()
    await wrapper.get('[data-testid="generate-label"]').setValue('square')
    await wrapper.get('[data-testid="generate-count"]').setValue(3)
    await wrapper.get('[data-testid="generate-seed"]').setValue(42)
    await wrapper.get('[data-testid="generate-run"]').trigger('click')
    await settle()
    const request = studio.api.generate.mock.calls[0]![0] as GenerateRequest
    expect(request).toMatchObject({
      checkpoint: { runId: 'run-1', step: 200 },
      label: 'square',
      count: 3,
      seed: 42
    })
    const images = wrapper.findAll('[data-testid="generated-images"] img')
    expect(images).toHaveLength(3)
    expect(images[0]!.attributes('alt')).toBe('square')
  })

  it('saves the picked images into the folder typed, by reference', async () => {
    const { wrapper, studio, settle } = await withRunPicked()
    await wrapper.get('[data-testid="generate-count"]').setValue(3)
    await wrapper.get('[data-testid="generate-run"]').trigger('click')
    await settle()
    const save = wrapper.get('[data-testid="save-images"]')
    expect(save.attributes('disabled')).toBeDefined()
    // Pick the second image, then name a folder.
    await wrapper
      .findAll('[data-testid="generated-images"] .cell')[1]!
      .get('button')
      .trigger('click')
    await wrapper.get('[data-testid="save-dir"]').setValue('/home/me/generated')
    expect(save.text()).toBe('Save selected to folder')
    await save.trigger('click')
    await settle()
    const generationId = (studio.api.generate.mock.calls[0]![0] as GenerateRequest).id
    expect(studio.api.saveImages).toHaveBeenCalledWith(
      expect.objectContaining({ generation: generationId, indices: [1], dir: '/home/me/generated' })
    )
    expect(wrapper.get('[data-testid="generate-notice"]').text()).toMatch(/\/home\/me\/generated/)
  })

  it("shows the engine's message when the checkpoint cannot generate", async () => {
    const { wrapper, settle } = await withRunPicked({
      ...oneRun,
      generate: async () => {
        throw new StudioError(
          'The checkpoint at step 200 is damaged (generator weights missing): pick another.'
        )
      }
    })
    await wrapper.get('[data-testid="generate-run"]').trigger('click')
    await settle()
    expect(wrapper.get('[data-testid="generate-error"]').text()).toBe(
      'The checkpoint at step 200 is damaged (generator weights missing): pick another.'
    )
    expect(wrapper.find('[data-testid="generated-images"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="generate-run"]').attributes('disabled')).toBeUndefined()
  })
})
