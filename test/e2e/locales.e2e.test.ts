/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { openBrowser, screenshot } from '../helpers/browser'
import { serveStudio, type ServedStudio } from '../helpers/serveStudio'

/**
 * Issue #20: the studio opened on a Chinese system speaks that script in every view, fits
 * 1280×800, and the language switch changes it in place and is remembered by the engine.
 */

// Characters whose forms differ between the scripts, common in the studio's texts: one
// script's page must hold none of the other's.
const SIMPLIFIED_ONLY =
  '数据训练图类检点设删导开选择网络样损这个为们时间会进过还没对说关运动结论实验别溃击变显'
const TRADITIONAL_ONLY =
  '數據訓練圖類檢點設刪導開選擇網絡樣損這個為們時間會進過還沒對說關運動結論實驗別潰擊變顯'

// Words that stay in Latin letters in Chinese technical writing: names of models, methods,
// formats, tools and the studio itself.
const LATIN_TERMS = new Set(
  [
    'GAN',
    'Studio',
    'DCGAN',
    'WGAN',
    'ResNet',
    'Adam',
    'Fashion',
    'MNIST',
    'Fréchet',
    'TTUR',
    'DiffAugment',
    'hinge',
    'critic',
    'wasm',
    'WebGPU',
    'WebAssembly',
    'SIMD',
    'XNNPACK',
    'PyTorch',
    'torchrun',
    'tfjs-node-gpu',
    'tfjs-node',
    'webgpu',
    'torchvision',
    'ImageFolder',
    'JPEG',
    'WebP',
    'TIFF',
    'Fashion-MNIST',
    'Inception',
    'gan-studio',
    'f-GAN',
    'WGAN-GP',
    'shapes',
    'English',
    'softplus',
    'sigmoid',
    'LeakyReLU',
    'data',
    'log'
  ].map((w) => w.toLowerCase())
)

const VIEWS = ['dataset', 'train', 'runs', 'generate', 'lab'] as const

/** What a person would call overflow: sideways scrolling, text cut off or spilling out of its box. */
async function overflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = []
    const root = document.documentElement
    if (root.scrollWidth > root.clientWidth + 1)
      problems.push(`the page scrolls sideways (${root.scrollWidth} > ${root.clientWidth} px)`)
    const name = (el: Element): string =>
      `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[data-testid=${el.getAttribute('data-testid')}]` : ''}.${[...el.classList].join('.')}`
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      const style = getComputedStyle(el)
      if (style.display === 'inline' || style.display === 'none' || style.visibility === 'hidden')
        continue
      const text = [...el.childNodes]
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent ?? '')
        .join('')
        .trim()
      if (!text || el.offsetParent === null) continue
      if (el.scrollWidth > el.clientWidth + 1)
        problems.push(
          `${name(el)} does not fit "${text.slice(0, 40)}" (${el.scrollWidth} > ${el.clientWidth} px)`
        )
      const box = el.getBoundingClientRect()
      if (box.right > window.innerWidth + 1)
        problems.push(`${name(el)} reaches past the window's right edge ("${text.slice(0, 40)}")`)
    }
    return problems
  })
}

/** The words on screen that are neither Chinese nor a technical term kept in Latin letters. */
function untranslatedWords(text: string): string[] {
  const words = text.match(/\b[A-Za-z][A-Za-z’'-]{3,}\b/g) ?? []
  return [...new Set(words.filter((w) => !LATIN_TERMS.has(w.toLowerCase())))]
}

async function showView(page: Page, view: string): Promise<void> {
  await page.getByTestId(`nav-${view}`).click()
  await expect.poll(() => page.getByTestId(`nav-${view}`).getAttribute('aria-current')).toBe('page')
}

for (const locale of ['zh-CN', 'zh-TW'] as const) {
  describe(`the studio on a ${locale} system`, () => {
    let studio: ServedStudio
    let context: BrowserContext
    let page: Page
    const otherScript = locale === 'zh-CN' ? TRADITIONAL_ONLY : SIMPLIFIED_ONLY

    beforeAll(async () => {
      studio = await serveStudio()
      ;({ context, page } = await openBrowser({ width: 1280, height: 800 }, locale))
      await page.goto(studio.url)
      await page.getByTestId('nav-dataset').waitFor()
    })
    afterAll(async () => {
      await context?.close()
      await studio?.stop()
    })

    it(`follows the system: every view is in ${locale}'s script and fits 1280×800`, async () => {
      expect(await page.locator('html').getAttribute('lang')).toBe(locale)
      for (const view of VIEWS) {
        await showView(page, view)
        if (view === 'lab') {
          // A finished run, so the verdict and its numbers show too.
          await page.getByTestId('lab-preset-equilibrium').click()
          await page.getByTestId('lab-run').click()
          await page.getByTestId('lab-pause').waitFor()
          await page.getByTestId('lab-run').waitFor({ timeout: 180_000 })
          await page.getByTestId('lab-verdict-text').waitFor()
        }
        const text = await page.locator('body').innerText()
        expect(text, `${view}: no Chinese`).toMatch(/\p{Script=Han}/u)
        const wrongScript = [...new Set([...text].filter((c) => otherScript.includes(c)))]
        expect(wrongScript, `${view}: characters of the other script`).toEqual([])
        expect(untranslatedWords(text), `${view}: words left in English`).toEqual([])
        expect(await overflow(page), `${view}: overflow`).toEqual([])
        await screenshot(page, `locale-${locale}-${view}`)
      }
    })

    it('switches language in place, and the engine remembers the choice', async () => {
      await showView(page, 'train')
      await page.evaluate(() => ((window as { notReloaded?: boolean }).notReloaded = true))
      const heading = page.locator('main h1')
      const before = await heading.textContent()

      const other = locale === 'zh-CN' ? 'zh-TW' : 'zh-CN'
      await page.getByTestId('locale-switch').selectOption(other)
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(other)
      await page.getByTestId('locale-switch').selectOption('en')
      await expect.poll(() => heading.textContent()).toBe('Train')
      expect(before).not.toBe('Train')
      // The same page: the switch re-rendered, it did not reload.
      expect(await page.evaluate(() => (window as { notReloaded?: boolean }).notReloaded)).toBe(
        true
      )

      // Forgetting the page's own copy: the engine's settings bring English back.
      await page.evaluate(() => localStorage.clear())
      await page.reload()
      await page.getByTestId('nav-train').waitFor()
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en')
      await showView(page, 'train')
      await expect.poll(() => heading.textContent()).toBe('Train')

      // Back to following the system.
      await page.getByTestId('locale-switch').selectOption('system')
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(locale)
    })
  })
}
