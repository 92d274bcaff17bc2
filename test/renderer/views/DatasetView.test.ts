import { describe, expect, it } from 'vitest'
import DatasetView from '@renderer/views/DatasetView.vue'
import { StudioError } from '@shared/rpc'
import { datasetSummary } from './fixtures'
import { mountView } from './mountView'

describe('the Dataset view', () => {
  it('offers a drop zone, a path field and the built-in sets before anything is open', async () => {
    const { wrapper } = await mountView(DatasetView)
    expect(wrapper.get('h1').text()).toBe('Dataset')
    expect(wrapper.get('[data-testid="drop-zone"]').text()).toContain(
      'Drop a folder of images here'
    )
    // A browser shell: the engine cannot see a dropped folder, so a path is typed.
    expect(wrapper.find('[data-testid="dataset-path"]').exists()).toBe(true)
    expect(wrapper.get('[data-testid="builtin-shapes"]').text()).toBe('Shapes')
    expect(wrapper.get('[data-testid="builtin-fashion-mnist"]').text()).toBe('Fashion-MNIST')
    expect(wrapper.find('[data-testid="dataset-summary"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="dataset-error"]').exists()).toBe(false)
  })

  it('opens a built-in set and shows its classes, counts and thumbnails', async () => {
    const { wrapper, studio, settle } = await mountView(DatasetView, {
      openDataset: async () => datasetSummary()
    })
    await wrapper.get('[data-testid="builtin-shapes"]').trigger('click')
    await settle()
    expect(studio.api.openDataset).toHaveBeenCalledWith(
      { kind: 'builtin', name: 'shapes' },
      expect.objectContaining({ channels: 'auto', fit: 'crop' })
    )
    const summary = wrapper.get('[data-testid="dataset-summary"]')
    expect(summary.get('h2').text()).toBe('Shapes')
    expect(summary.text()).toMatch(/200 images · 2 classes · 32×32 · colour/)
    const classes = wrapper.findAll('[data-testid="dataset-class"]')
    expect(classes.map((c) => c.get('.name').text())).toEqual(['circle', 'square'])
    expect(classes.map((c) => c.get('.count').text())).toEqual(['120', '80'])
    expect(classes[0]!.findAll('img')).toHaveLength(2)
    expect(classes[0]!.get('img').attributes('alt')).toBe('circle example')
  })

  it('opens the folder typed in the path field, with the chosen resolution', async () => {
    const { wrapper, studio, settle } = await mountView(DatasetView, {
      openDataset: async () =>
        datasetSummary({ source: { kind: 'folder', path: '/home/me/flowers' }, name: 'flowers' })
    })
    const open = wrapper.get('form button[type="submit"]')
    expect(open.attributes('disabled')).toBeDefined()
    await wrapper.get('[data-testid="dataset-resolution"]').setValue('64')
    await wrapper.get('[data-testid="dataset-path"]').setValue('  /home/me/flowers ')
    expect(open.attributes('disabled')).toBeUndefined()
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(studio.api.openDataset).toHaveBeenCalledWith(
      { kind: 'folder', path: '/home/me/flowers' },
      expect.objectContaining({ resolution: 64 })
    )
    expect(wrapper.get('[data-testid="dataset-summary"] h2').text()).toBe('flowers')
  })

  it('lists the skipped files with their reasons on request', async () => {
    const skipped = [
      { path: '/home/me/flowers/rose/broken.jpg', reason: 'not an image sharp can decode' }
    ]
    const { wrapper, settle } = await mountView(DatasetView, {
      openDataset: async () => datasetSummary({ skipped })
    })
    await wrapper.get('[data-testid="builtin-shapes"]').trigger('click')
    await settle()
    const toggle = wrapper.get('[data-testid="skipped-toggle"]')
    expect(toggle.text()).toMatch(/^1 file skipped/)
    expect(wrapper.text()).not.toContain('broken.jpg')
    await toggle.trigger('click')
    expect(wrapper.text()).toContain(
      '/home/me/flowers/rose/broken.jpg — not an image sharp can decode'
    )
  })

  it("shows the engine's message when a folder cannot be opened", async () => {
    const { wrapper, settle } = await mountView(DatasetView, {
      openDataset: async () => {
        throw new StudioError('No images found in /home/me/empty: add a subfolder per class.')
      }
    })
    await wrapper.get('[data-testid="dataset-path"]').setValue('/home/me/empty')
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(wrapper.get('[data-testid="dataset-error"]').text()).toBe(
      'No images found in /home/me/empty: add a subfolder per class.'
    )
    expect(wrapper.find('[data-testid="dataset-summary"]').exists()).toBe(false)
    // The controls are usable again for the next try.
    expect(wrapper.get('[data-testid="builtin-shapes"]').attributes('disabled')).toBeUndefined()
  })
})
