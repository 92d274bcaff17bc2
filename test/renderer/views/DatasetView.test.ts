import { describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import DatasetView from '@renderer/views/DatasetView.vue'
import { setLocale } from '@renderer/i18n'
import { StudioError } from '@shared/rpc'
import { datasetSummary, png } from './fixtures'
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

  it('words each skipped file’s reason in the studio’s language, switching in place', async () => {
    const skipped = [
      {
        path: 'rose/notes.txt',
        reason: 'not an image type the studio reads (.txt; reads .png .jpg)',
        code: 'skip-not-image',
        params: { ext: '.txt', extensions: '.png .jpg' }
      },
      // From a cache written before reasons had codes: shown as the engine wrote it.
      { path: 'rose/old.jpg', reason: 'truncated: the file ends before its JPEG data does' }
    ]
    const { wrapper, settle } = await mountView(DatasetView, {
      openDataset: async () => datasetSummary({ skipped })
    })
    await wrapper.get('[data-testid="builtin-shapes"]').trigger('click')
    await settle()
    await wrapper.get('[data-testid="skipped-toggle"]').trigger('click')
    setLocale('zh-TW')
    await nextTick()
    expect(wrapper.text()).toContain(
      'rose/notes.txt — 不是本工作室能讀取的影像類型（.txt；可讀取 .png .jpg）'
    )
    expect(wrapper.text()).toContain(
      'rose/old.jpg — truncated: the file ends before its JPEG data does'
    )
    setLocale('en')
    await nextTick()
    expect(wrapper.text()).toContain(
      'rose/notes.txt — not an image type the studio reads (.txt; reads .png .jpg)'
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

describe('the Dataset view in each language', () => {
  async function opened(locale: 'en' | 'zh-CN' | 'zh-TW', summary = datasetSummary()) {
    const mounted = await mountView(DatasetView, { openDataset: async () => summary })
    setLocale(locale)
    await mounted.wrapper.get('[data-testid="builtin-shapes"]').trigger('click')
    await mounted.settle()
    return mounted
  }

  it('counts images, classes and skipped files with English plurals', async () => {
    const one = datasetSummary({
      classes: [{ name: 'circle', count: 1, thumbnails: [png()] }],
      count: 1,
      skipped: [{ path: '/d/a.txt', reason: 'not an image' }]
    })
    let { wrapper } = await opened('en', one)
    expect(wrapper.get('[data-testid="dataset-summary"] .head .dim').text()).toMatch(
      /^1 image · 1 class · /
    )
    expect(wrapper.get('[data-testid="skipped-toggle"]').text()).toMatch(/^1 file skipped/)

    const two = datasetSummary({
      count: 2,
      skipped: [
        { path: '/d/a.txt', reason: 'not an image' },
        { path: '/d/b.txt', reason: 'not an image' }
      ]
    })
    ;({ wrapper } = await opened('en', two))
    expect(wrapper.get('[data-testid="dataset-summary"] .head .dim').text()).toMatch(
      /^2 images · 2 classes · /
    )
    expect(wrapper.get('[data-testid="skipped-toggle"]').text()).toMatch(/^2 files skipped/)
  })

  it('formats counts for the language: thousands grouped', async () => {
    const big = datasetSummary({
      classes: [{ name: 'circle', count: 12_345, thumbnails: [] }],
      count: 12_345
    })
    const { wrapper } = await opened('en', big)
    expect(wrapper.get('[data-testid="dataset-summary"]').text()).toContain('12,345 images')
    expect(wrapper.get('[data-testid="dataset-class"] .count').text()).toBe('12,345')
  })

  it('speaks Simplified Chinese in zh-CN, keeping class names as the folders name them', async () => {
    const { wrapper } = await opened('zh-CN')
    expect(wrapper.get('h1').text()).toBe('数据集')
    expect(wrapper.get('[data-testid="drop-zone"]').text()).toContain('将图像文件夹拖放到此处')
    expect(wrapper.get('[data-testid="builtin-shapes"]').text()).toBe('几何形状')
    // A proper name stays a proper name.
    expect(wrapper.get('[data-testid="builtin-fashion-mnist"]').text()).toBe('Fashion-MNIST')
    const summary = wrapper.get('[data-testid="dataset-summary"]')
    expect(summary.get('h2').text()).toBe('几何形状')
    expect(summary.text()).toMatch(/200 张图像 · 2 个类别 · 32×32 · 彩色/)
    const classes = wrapper.findAll('[data-testid="dataset-class"]')
    expect(classes.map((c) => c.get('.name').text())).toEqual(['circle', 'square'])
    expect(classes[0]!.get('img').attributes('alt')).toBe('circle 示例')
    expect(wrapper.text()).not.toMatch(/\b(images|classes|colour|Dataset)\b/)
  })

  it('speaks Traditional Chinese with Taiwan terms in zh-TW', async () => {
    const { wrapper } = await opened('zh-TW')
    expect(wrapper.get('h1').text()).toBe('資料集')
    expect(wrapper.get('[data-testid="drop-zone"]').text()).toContain('將影像資料夾拖放到這裡')
    expect(wrapper.get('[data-testid="builtin-shapes"]').text()).toBe('幾何圖形')
    expect(wrapper.get('[data-testid="dataset-summary"]').text()).toMatch(
      /200 張影像 · 2 個類別 · 32×32 · 彩色/
    )
    expect(wrapper.text()).not.toMatch(/数据|图像|文件夹/)
  })

  it('re-words the open summary at once when the language changes', async () => {
    const { wrapper } = await opened('zh-TW')
    setLocale('en')
    await nextTick()
    expect(wrapper.get('h1').text()).toBe('Dataset')
    expect(wrapper.get('[data-testid="dataset-summary"]').text()).toMatch(/200 images · 2 classes/)
  })
})
