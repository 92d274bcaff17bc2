import { describe, expect, it } from 'vitest'
import { defineComponent, h, nextTick } from 'vue'
import GenerateView from '@renderer/views/GenerateView.vue'
import Lightbox from '@renderer/components/media/Lightbox.vue'
import { setLocale } from '@renderer/i18n'
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

/** The Generate view with the lightbox the app shows over it. */
const WithLightbox = defineComponent({ render: () => [h(GenerateView), h(Lightbox)] })

describe('the Generate view in each language', () => {
  async function generated(locale: 'en' | 'zh-CN' | 'zh-TW') {
    const mounted = await withRunPicked()
    setLocale(locale)
    const { wrapper, settle } = mounted
    await wrapper.get('[data-testid="generate-label"]').setValue('square')
    await wrapper.get('[data-testid="generate-count"]').setValue(3)
    await wrapper.get('[data-testid="generate-seed"]').setValue(42)
    await wrapper.get('[data-testid="generate-run"]').trigger('click')
    await settle()
    return mounted
  }

  it('speaks Simplified Chinese in zh-CN, class labels as the dataset names them', async () => {
    const { wrapper, settle } = await generated('zh-CN')
    expect(wrapper.get('h1').text()).toBe('生成')
    expect(wrapper.get('[data-testid="generate-run"]').text()).toBe('生成')
    const steps = wrapper.findAll('[data-testid="generate-step-pick"] option').map((o) => o.text())
    expect(steps).toEqual(['第 200 步', '第 100 步'])
    expect(wrapper.findAll('[data-testid="generate-label"] option').map((o) => o.text())).toEqual([
      'circle',
      'square'
    ])
    expect(wrapper.text()).toContain('随机种子')
    expect(wrapper.get('[data-testid="download-zip"]').text()).toBe('下载全部（.zip）')
    await wrapper
      .findAll('[data-testid="generated-images"] .cell')[1]!
      .get('button')
      .trigger('click')
    expect(wrapper.text()).toContain('已选 1 张')
    await wrapper.get('[data-testid="save-dir"]').setValue('/home/me/generated')
    const save = wrapper.get('[data-testid="save-images"]')
    expect(save.text()).toBe('将所选保存到文件夹')
    await save.trigger('click')
    await settle()
    expect(wrapper.get('[data-testid="generate-notice"]').text()).toBe(
      '已将 1 张图像保存到 /home/me/generated。'
    )
    expect(wrapper.text()).not.toMatch(/\b(Generate|Seed|Count|images?|Save|Download)\b/)
  })

  it('speaks Traditional Chinese with Taiwan terms in zh-TW', async () => {
    const { wrapper } = await generated('zh-TW')
    expect(wrapper.get('h1').text()).toBe('生成')
    expect(wrapper.text()).toContain('訓練執行')
    expect(wrapper.text()).toContain('隨機種子')
    expect(wrapper.text()).toContain('在兩個隨機種子之間內插')
    expect(wrapper.get('[data-testid="save-images"]').text()).toBe('全部儲存到資料夾')
    expect(wrapper.text()).not.toMatch(/随机|种子|图像|保存|插值/)
  })

  it('counts saved images with English plurals', async () => {
    const { wrapper, settle } = await generated('en')
    await wrapper.get('[data-testid="save-dir"]').setValue('/out')
    await wrapper.get('[data-testid="save-images"]').trigger('click')
    await settle()
    expect(wrapper.get('[data-testid="generate-notice"]').text()).toBe('Saved 3 images to /out.')
    await wrapper
      .findAll('[data-testid="generated-images"] .cell')[0]!
      .get('button')
      .trigger('click')
    await wrapper.get('[data-testid="save-images"]').trigger('click')
    await settle()
    expect(wrapper.get('[data-testid="generate-notice"]').text()).toBe('Saved 1 image to /out.')
  })

  it('captions the lightbox in the language shown, and re-words it when that changes', async () => {
    const { wrapper, settle } = await mountView(WithLightbox, oneRun)
    await wrapper.get('[data-testid="generate-run-pick"]').setValue('run-1')
    await settle()
    setLocale('zh-CN')
    await wrapper.get('[data-testid="generate-label"]').setValue('square')
    await wrapper.get('[data-testid="generate-seed"]').setValue(42)
    await wrapper.get('[data-testid="generate-count"]').setValue(2)
    await wrapper.get('[data-testid="generate-run"]').trigger('click')
    await settle()
    const zoom = wrapper.get('[data-testid="generated-images"] .zoom')
    expect(zoom.attributes('aria-label')).toBe('放大 square #0')
    await zoom.trigger('click')
    const lightbox = wrapper.get('[data-testid="lightbox"]')
    expect(lightbox.get('img').attributes('alt')).toBe('square #0，随机种子 42')
    expect(lightbox.get('button').attributes('aria-label')).toBe('关闭')
    setLocale('en')
    await nextTick()
    expect(wrapper.get('[data-testid="lightbox"] img').attributes('alt')).toBe('square #0, seed 42')
    expect(wrapper.get('[data-testid="lightbox"] button').attributes('aria-label')).toBe('Close')
  })

  it('says what to do first in the language shown, re-worded on a switch', async () => {
    const { wrapper, settle } = await mountView(GenerateView, {
      ...oneRun,
      listCheckpoints: async () => []
    })
    setLocale('zh-CN')
    await wrapper.get('[data-testid="generate-run-pick"]').setValue('run-1')
    await settle()
    expect(wrapper.get('[data-testid="generate-error"]').text()).toBe(
      '训练运行 run-1 还没有可加载的检查点。'
    )
    setLocale('en')
    await nextTick()
    expect(wrapper.get('[data-testid="generate-error"]').text()).toBe(
      'Run run-1 has no checkpoint that loads yet.'
    )
  })
})
