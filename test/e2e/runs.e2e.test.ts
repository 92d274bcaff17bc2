import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { openBrowser, screenshot } from '../helpers/browser'
import { serveStudio, type ServedStudio } from '../helpers/serveStudio'

// Runs you can find, compare and trust: the Train view follows the engine (pause and resume,
// a reload mid-run), runs outlive the server, two runs overlay, generated images download as
// a zip, and every view fits at three window sizes in both themes.
describe('runs in the studio', () => {
  let studio: ServedStudio
  let context: BrowserContext
  let page: Page
  const runIds: string[] = []

  const state = () => page.getByTestId('train-state').textContent()
  const attr = async (testId: string, name: string) =>
    Number(await page.getByTestId(testId).first().getAttribute(name))
  const stat = (label: string) =>
    page.locator('.stats div', { hasText: label }).locator('dd').textContent()
  const stepNow = async () =>
    Number(((await stat('step')) ?? '0').split('/')[0]!.replace(/\D/g, ''))

  async function startRun(maxSteps: number): Promise<string> {
    await page.getByTestId('nav-train').click()
    await page.getByTestId('train-batch').fill('16')
    await page.getByTestId('train-width').fill('8')
    await page.getByTestId('train-max-steps').fill(String(maxSteps))
    await page.getByTestId('train-start').click()
    await expect.poll(state, { timeout: 60_000 }).toBe('training')
    await expect
      .poll(() => attr('chart-losses', 'data-points'), { timeout: 60_000 })
      .toBeGreaterThan(4)
    const id = (await page.getByTestId('train-run-id').locator('code').textContent())!
    runIds.push(id)
    return id
  }

  beforeAll(async () => {
    studio = await serveStudio()
    ;({ context, page } = await openBrowser())
    await page.goto(studio.url)
    await page.getByTestId('status-backend').filter({ hasText: /\w/ }).waitFor()
    await page.getByTestId('nav-dataset').click()
    await page.getByTestId('builtin-shapes').click()
    await page.getByTestId('dataset-summary').waitFor({ timeout: 60_000 })
  })
  afterAll(async () => {
    await context?.close()
    await studio?.stop()
  })

  it('shows the state the engine is in after Pause and Resume; one click pauses again', async () => {
    await startRun(20_000)
    await expect(page.getByTestId('train-batch').isDisabled()).resolves.toBe(true)
    await page.getByTestId('train-pause').click()
    await expect.poll(state).toBe('paused')
    await page.getByTestId('train-resume').click()
    await expect.poll(state).toBe('training')
    await expect(page.getByTestId('train-resume').count()).resolves.toBe(0)
    const before = await stepNow()
    await expect.poll(stepNow, { timeout: 30_000 }).toBeGreaterThan(before)
    await expect.poll(state).toBe('training')
    await page.getByTestId('train-pause').click()
    await expect.poll(state).toBe('paused')
    await page.getByTestId('train-stop').click()
    await expect.poll(state, { timeout: 60_000 }).toBe('stopped')
    await expect.poll(() => stat('ETA')).toBe('—')
    await expect(page.getByTestId('train-batch').isDisabled()).resolves.toBe(false)
  })

  it('picks the run up again after a reload mid-training: state, settings, curves that go on', async () => {
    const id = await startRun(20_000)
    await page.getByTestId('sample-grid').locator('img').waitFor({ timeout: 120_000 })
    await screenshot(page, 'train-mid-run')
    const before = await attr('chart-losses', 'data-last-step')
    await page.reload()
    await page.getByTestId('status-backend').filter({ hasText: /\w/ }).waitFor()
    // Back on Train (the view is remembered), following the same run from its first step.
    await expect.poll(state, { timeout: 30_000 }).toBe('training')
    await expect.poll(() => page.getByTestId('train-run-id').locator('code').textContent()).toBe(id)
    await expect.poll(() => attr('chart-losses', 'data-first-step')).toBe(1)
    await expect.poll(() => attr('chart-losses', 'data-last-step')).toBeGreaterThan(before)
    const after = await attr('chart-losses', 'data-last-step')
    await expect
      .poll(() => attr('chart-losses', 'data-last-step'), { timeout: 30_000 })
      .toBeGreaterThan(after)
    await expect(page.getByTestId('train-width').inputValue()).resolves.toBe('8')
    await expect(page.getByTestId('train-batch').isDisabled()).resolves.toBe(true)
    await page.getByTestId('sample-grid').locator('img').waitFor({ timeout: 30_000 })
    await page.getByTestId('train-stop').click()
    await expect.poll(state, { timeout: 60_000 }).toBe('stopped')
  })

  it('lists both runs; a name sticks; two runs overlay in one chart', async () => {
    await page.getByTestId('nav-runs').click()
    await expect.poll(() => page.getByTestId('run-item').count(), { timeout: 30_000 }).toBe(2)
    // Newest first: the second row is the first run.
    const first = page.locator(`[data-testid="run-item"][data-run-id="${runIds[0]}"]`)
    await first.getByTestId('run-name').fill('baseline')
    await first.getByTestId('run-name').press('Enter')
    await page.getByTestId('runs-refresh').click()
    await expect.poll(() => first.getByTestId('run-name').inputValue()).toBe('baseline')
    await expect.poll(() => first.getByTestId('run-status').textContent()).toBe('stopped early')
    for (const id of runIds) {
      await page
        .locator(`[data-testid="run-item"][data-run-id="${id}"]`)
        .getByTestId('run-compare')
        .check()
    }
    await page.getByTestId('compare').waitFor()
    await expect.poll(() => attr('compare-d-loss', 'data-points')).toBeGreaterThan(10)
    const legend = await page.getByTestId('compare-d-loss').getAttribute('data-points')
    expect(Number(legend)).toBeGreaterThan(0)
    await first.click()
    await expect.poll(() => attr('run-chart-losses', 'data-points')).toBeGreaterThan(4)
    await screenshot(page, 'runs-view')

    // Any chart: CSV and PNG downloads, drag to zoom into steps, reset, log scale.
    const chart = page.getByTestId('run-chart-losses')
    const csvDownload = page.waitForEvent('download')
    await chart.getByRole('button', { name: 'CSV' }).click()
    const csvPath = join(mkdtempSync(join(tmpdir(), 'gan-csv-')), 'losses.csv')
    await (await csvDownload).saveAs(csvPath)
    const rows = readFileSync(csvPath, 'utf8').trim().split('\n')
    expect(rows[0]).toBe('step,D loss,G loss')
    expect(rows[1]).toMatch(/^1,[\d.]+,[\d.]+$/)
    const pngDownload = page.waitForEvent('download')
    await chart.getByRole('button', { name: 'PNG' }).click()
    const pngPath = join(mkdtempSync(join(tmpdir(), 'gan-png-')), 'losses.png')
    await (await pngDownload).saveAs(pngPath)
    expect([...readFileSync(pngPath).subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47])
    const box = (await chart.locator('canvas').boundingBox())!
    await page.mouse.move(box.x + box.width * 0.35, box.y + box.height / 2)
    await page.mouse.down()
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 5 })
    await page.mouse.up()
    const from = Number(await chart.getByTestId('chart-from').inputValue())
    const to = Number(await chart.getByTestId('chart-to').inputValue())
    expect(Number.isInteger(from) && Number.isInteger(to) && from < to).toBe(true)
    await chart.getByTestId('chart-reset').click()
    await expect(chart.getByTestId('chart-from').inputValue()).resolves.toBe('')
    await chart.getByTestId('chart-log').check()
    await expect(chart.getAttribute('data-points')).resolves.not.toBe('0')
    await expect(chart.locator('canvas').getAttribute('aria-label')).resolves.toMatch(/^Losses/)
  })

  it("shows a past run's curves and samples after the server restarts", async () => {
    const old = studio
    await old.stop()
    studio = await serveStudio()
    cpSync(join(old.dataDir, 'runs'), join(studio.dataDir, 'runs'), { recursive: true })
    await page.goto(studio.url)
    await page.getByTestId('status-backend').filter({ hasText: /\w/ }).waitFor()
    await page.getByTestId('nav-runs').click()
    const first = page.locator(`[data-testid="run-item"][data-run-id="${runIds[0]}"]`)
    await expect
      .poll(() => first.getByTestId('run-name').inputValue(), { timeout: 30_000 })
      .toBe('baseline')
    await first.click()
    await expect.poll(() => attr('run-chart-losses', 'data-first-step')).toBe(1)
    await expect.poll(() => attr('run-chart-losses', 'data-points')).toBeGreaterThan(4)
    await page
      .getByTestId('run-detail')
      .getByTestId('sample-grid')
      .locator('img')
      .waitFor({ timeout: 30_000 })
  })

  it('resumes a run from its checkpoint into clean charts that start with its own history', async () => {
    const resumedAt = Number(
      (await page.getByTestId('checkpoint-row').first().locator('td.num').first().textContent()) ??
        '0'
    )
    await page.getByTestId('checkpoint-resume').first().click()
    await expect
      .poll(() => page.getByTestId('train-run-id').locator('code').textContent())
      .toBe(runIds[0])
    await expect.poll(state, { timeout: 60_000 }).toBe('training')
    // The resumed run's own curve from step 1, going on past its checkpoint; no other run's.
    await expect.poll(() => attr('chart-losses', 'data-first-step')).toBe(1)
    await expect
      .poll(() => attr('chart-losses', 'data-last-step'), { timeout: 60_000 })
      .toBeGreaterThan(resumedAt + 2)
    await page.getByTestId('train-stop').click()
    await expect.poll(state, { timeout: 60_000 }).toBe('stopped')
    await page.getByTestId('nav-runs').click()
    await page.locator(`[data-testid="run-item"][data-run-id="${runIds[0]}"]`).click()
    await page.getByTestId('checkpoint-row').first().waitFor()
  })

  it('downloads generated images as a zip named by seed and index', async () => {
    await page.getByTestId('checkpoint-generate').first().click()
    await page.getByTestId('generate-count').fill('4')
    await page.getByTestId('generate-seed').fill('7')
    const label = await page.getByTestId('generate-label').inputValue()
    await page.getByTestId('generate-run').click()
    await expect
      .poll(() => page.getByTestId('generated-images').locator('img').count(), { timeout: 60_000 })
      .toBe(4)
    const downloading = page.waitForEvent('download')
    await page.getByTestId('download-zip').click()
    await expect
      .poll(() => page.getByTestId('generate-notice').textContent())
      .toMatch(/Downloading 4 images/)
    const download = await downloading
    const path = join(mkdtempSync(join(tmpdir(), 'gan-zip-')), 'images.zip')
    await download.saveAs(path)
    const names = JSON.parse(
      execFileSync(
        'python3',
        [
          '-c',
          'import sys,zipfile,json;z=zipfile.ZipFile(sys.argv[1]);assert z.testzip() is None;print(json.dumps(z.namelist()))',
          path
        ],
        { encoding: 'utf8' }
      )
    ) as string[]
    expect(names).toEqual([0, 1, 2, 3].map((i) => `${label}-seed7-${i}.png`))
    expect(download.suggestedFilename()).toBe(`${label}-seed7.zip`)
    await screenshot(page, 'generate')
  })

  it('lays every view out without sideways overflow at three sizes, light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme })
      for (const size of [
        { width: 1280, height: 800 },
        { width: 1920, height: 1080 },
        { width: 900, height: 700 }
      ]) {
        await page.setViewportSize(size)
        for (const view of ['dataset', 'train', 'runs', 'generate', 'lab']) {
          await page.getByTestId(`nav-${view}`).click()
          const overflow = await page
            .locator('main')
            .evaluate((main) => main.scrollWidth - main.clientWidth)
          expect(
            overflow,
            `${view} at ${size.width}×${size.height}, ${colorScheme}`
          ).toBeLessThanOrEqual(0)
          await screenshot(page, `${view}-${size.width}x${size.height}-${colorScheme}`)
        }
      }
    }
    // At 900 px the sidebar has folded by itself; unfolded, the views still fit.
    await expect(page.getByTestId('nav-collapse').getAttribute('aria-expanded')).resolves.toBe(
      'false'
    )
    await page.getByTestId('nav-collapse').click()
    for (const view of ['train', 'runs', 'generate']) {
      await page.getByTestId(`nav-${view}`).click()
      const overflow = await page
        .locator('main')
        .evaluate((main) => main.scrollWidth - main.clientWidth)
      expect(overflow, `${view} at 900 px, sidebar unfolded`).toBeLessThanOrEqual(0)
    }
    await screenshot(page, 'train-900x700-unfolded')
    await page.getByTestId('nav-train').click()
    await page.setViewportSize({ width: 1280, height: 800 })
    await expect(page.getByTestId('train-start').isVisible()).resolves.toBe(true)
    await expect(page.getByTestId('train-loss').isVisible()).resolves.toBe(true)
    const box = await page.getByTestId('train-loss').boundingBox()
    expect(box!.y + box!.height).toBeLessThanOrEqual(800)
  })
})
