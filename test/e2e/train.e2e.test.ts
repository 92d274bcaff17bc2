import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { openBrowser, screenshot } from '../helpers/browser'
import { REPO, serveStudio, type ServedStudio } from '../helpers/serveStudio'

const FASHION_MNIST = '/usr/share/datasets/fashion-mnist'
const PER_CLASS = 30

// A user's path through the studio: a real folder of images (Fashion-MNIST exported by the
// CLI), opened by path in the browser, a small conditional model trained for a few dozen
// steps while the charts and the sample grid fill in.
describe('training in the studio', () => {
  let studio: ServedStudio
  let context: BrowserContext
  let page: Page
  let folder: string

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'gan-studio-fm-'))
    execFileSync(process.execPath, [
      join(REPO, 'bin/gan-studio.js'),
      'dataset',
      'export-idx',
      FASHION_MNIST,
      folder,
      '--limit-per-class',
      String(PER_CLASS)
    ])
    studio = await serveStudio()
    ;({ context, page } = await openBrowser())
    await page.goto(studio.url)
    await page.getByTestId('status-backend').filter({ hasText: /\w/ }).waitFor()
  })
  afterAll(async () => {
    await context?.close()
    await studio?.stop()
  })

  it('opens an image folder with its ten classes in ImageFolder order', async () => {
    expect(readdirSync(folder)).toHaveLength(10)
    await page.getByTestId('dataset-resolution').selectOption('28')
    await page.getByTestId('dataset-path').fill(folder)
    await page.getByRole('button', { name: 'Open', exact: true }).click()
    await page.getByTestId('dataset-summary').waitFor({ timeout: 60_000 })
    const names = await page.getByTestId('dataset-class').locator('.name').allTextContents()
    expect(names).toEqual([...names].sort())
    expect(names).toContain('Sneaker')
    expect(names).toHaveLength(10)
    await expect.poll(() => page.getByTestId('dataset-summary').textContent()).toMatch(/300 images/)
    await screenshot(page, 'dataset-fashion-mnist-folder')
  })

  it('trains a small conditional model: charts gain points, grids appear', async () => {
    await page.getByTestId('nav-train').click()
    await page.getByTestId('train-batch').fill('16')
    await page.getByTestId('train-max-steps').fill('30')
    await page.getByTestId('train-sample-every').fill('10')
    await page.getByTestId('train-start').click()
    await expect
      .poll(() => page.getByTestId('train-state').textContent(), { timeout: 180_000 })
      .toBe('finished')
    const points = Number(await page.getByTestId('chart-losses').getAttribute('data-points'))
    expect(points).toBeGreaterThan(1)
    await expect.poll(() => page.getByTestId('sample-step').textContent()).toBe('step 30')
    await expect(page.getByTestId('sample-grid').locator('img').count()).resolves.toBe(1)
    await screenshot(page, 'train-finished')
  })

  it('finds the run and its checkpoint in the browser', async () => {
    await page.getByTestId('nav-runs').click()
    await page.getByTestId('run-item').first().waitFor({ timeout: 30_000 })
    await expect.poll(() => page.getByTestId('checkpoint-row').count()).toBeGreaterThan(0)
    await expect
      .poll(() =>
        page.getByTestId('checkpoint-row').first().locator('td.num').first().textContent()
      )
      .toBe('30')
    await screenshot(page, 'checkpoints')
  })

  it('generates eight Sneakers from it and saves them', async () => {
    await page.getByTestId('checkpoint-generate').first().click()
    await page.getByTestId('generate-label').selectOption('Sneaker')
    await page.getByTestId('generate-count').fill('8')
    await page.getByTestId('generate-run').click()
    await expect
      .poll(() => page.getByTestId('generated-images').locator('img').count(), { timeout: 60_000 })
      .toBe(8)
    const alts = await page
      .getByTestId('generated-images')
      .locator('img')
      .evaluateAll((imgs) => imgs.map((i) => i.getAttribute('alt')))
    expect(new Set(alts)).toEqual(new Set(['Sneaker']))
    const out = mkdtempSync(join(tmpdir(), 'gan-studio-generated-'))
    await page.getByTestId('save-dir').fill(out)
    await page.getByTestId('save-images').click()
    await expect
      .poll(() => page.getByTestId('generate-notice').textContent())
      .toMatch(/Saved 8 images/)
    const files = readdirSync(out).filter((f) => f.endsWith('.png'))
    expect(files).toHaveLength(8)
    expect(files.every((f) => f.startsWith('Sneaker'))).toBe(true)
    await screenshot(page, 'generate-sneakers')
  })

  it('explains an invalid setting beside its field and holds Start', async () => {
    await page.getByTestId('nav-train').click()
    await page.getByTestId('train-batch').fill('1')
    await expect.poll(() => page.getByTestId('train-start').isDisabled()).toBe(true)
    await expect
      .poll(() => page.getByTestId('train-settings').getByRole('alert').first().textContent())
      .toMatch(/2/)
    await page.getByTestId('train-batch').fill('16')
    await expect.poll(() => page.getByTestId('train-start').isDisabled()).toBe(false)
  })

  it('lays every view out without horizontal overflow at 1280×800 and 1920×1080', async () => {
    for (const size of [
      { width: 1280, height: 800 },
      { width: 1920, height: 1080 }
    ]) {
      await page.setViewportSize(size)
      for (const view of ['dataset', 'train', 'runs', 'generate']) {
        await page.getByTestId(`nav-${view}`).click()
        // Nothing wider than the window: no clipped panel, no sideways scrolling.
        const overflow = await page
          .locator('main')
          .evaluate((main) => main.scrollWidth - main.clientWidth)
        expect(overflow, `${view} at ${size.width}×${size.height}`).toBeLessThanOrEqual(0)
        await screenshot(page, `${view}-${size.width}x${size.height}`)
      }
    }
  })
})
