import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { openBrowser, screenshot } from '../helpers/browser'
import { connectClient, serveStudio, type ServedStudio } from '../helpers/serveStudio'

describe('the studio in a browser, through gan-studio serve', () => {
  let studio: ServedStudio
  let context: BrowserContext
  let page: Page

  beforeAll(async () => {
    studio = await serveStudio()
    ;({ context, page } = await openBrowser())
  })
  afterAll(async () => {
    await context?.close()
    await studio?.stop()
  })

  it('names in its status bar the backend the engine reports', async () => {
    const { client, close } = await connectClient(studio)
    const info = await client.getInfo()
    close()
    // On the build machines the native packages cannot install, so the ladder lands on wasm.
    expect(info.backend).toBe(process.env.GAN_STUDIO_EXPECT_BACKEND ?? 'wasm')

    await page.goto(studio.url)
    // The one-time code became a session cookie; the address bar keeps no secret.
    expect(page.url()).toBe(`${studio.origin}/`)
    const backend = page.getByTestId('status-backend')
    await expect.poll(() => backend.textContent(), { timeout: 30_000 }).toBe(info.backend)
    await expect.poll(() => page.getByTestId('status-engine').textContent()).toBe('engine ready')
    await screenshot(page, 'shell-status-bar')
  })

  it('moves between the five views, each showing what a user works with there', async () => {
    const nav = page.getByRole('navigation', { name: 'Views' })
    for (const label of ['Dataset', 'Train', 'Runs', 'Generate', 'Lab']) {
      await expect.poll(() => nav.getByRole('button', { name: label }).count()).toBe(1)
    }
    const heading = page.locator('main h1')
    const visible = (testId: string) => page.getByTestId(testId).isVisible()
    const show = async (view: string, title: string) => {
      await page.getByTestId(`nav-${view}`).click()
      await expect
        .poll(() => page.getByTestId(`nav-${view}`).getAttribute('aria-current'))
        .toBe('page')
      await expect.poll(() => heading.textContent()).toBe(title)
      expect(await page.locator('nav [aria-current="page"]').count()).toBe(1)
    }

    await show('train', 'Train')
    // A fresh data folder: nothing is open, so Start waits and says why.
    expect(await page.getByTestId('train-start').isDisabled()).toBe(true)
    expect(await page.getByTestId('train-blocked').textContent()).toMatch(/Open a dataset first/)
    expect(await page.getByTestId('train-state').textContent()).toBe('ready')
    expect(await visible('train-settings')).toBe(true)
    expect(await page.getByTestId('train-loss').inputValue()).toBe('hinge')
    expect(await visible('sample-grid')).toBe(true)
    await screenshot(page, 'shell-train')

    await show('runs', 'Runs')
    expect(await visible('runs-refresh')).toBe(true)
    await expect
      .poll(() => page.locator('main').textContent())
      .toContain('No runs yet: train one in the Train view')

    await show('generate', 'Generate')
    expect(await visible('generate-run-pick')).toBe(true)
    expect(await page.getByTestId('generate-step-pick').isDisabled()).toBe(true)
    expect(await page.locator('main').textContent()).toContain('Choose a run above')

    await show('lab', 'Lab')
    const presets = page.getByRole('tab')
    expect(await presets.count()).toBeGreaterThan(1)
    expect(await page.locator('[role="tab"][aria-selected="true"]').count()).toBe(1)
    expect(await visible('lab-run')).toBe(true)
    // The engine answered with the experiment's untrained frame: the figures show step 0.
    await expect.poll(() => page.getByTestId('lab-tile-step').textContent()).toBe('0')
    expect(await page.getByTestId('lab-tile-js').textContent()).toMatch(/^\d\.\d{3}$/)
    expect(await visible('lab-curves')).toBe(true)
    await screenshot(page, 'shell-lab')

    await show('dataset', 'Dataset')
    expect(await page.getByTestId('drop-zone').textContent()).toContain(
      'Drop a folder of images here'
    )
    // In a browser the engine cannot see a dropped folder's path: a path field stands in.
    expect(await visible('dataset-path')).toBe(true)
    expect(await page.getByTestId('builtin-shapes').textContent()).toMatch(/Shapes/)
    expect(await page.getByTestId('builtin-fashion-mnist').textContent()).toMatch(/Fashion-MNIST/)
    expect(await page.getByTestId('dataset-summary').count()).toBe(0)
    // The status bar stays, naming the backend, whichever view shows.
    expect(await page.getByTestId('status-backend').textContent()).toBe(
      process.env.GAN_STUDIO_EXPECT_BACKEND ?? 'wasm'
    )
    expect(await page.getByTestId('engine-problem').count()).toBe(0)
  })

  it('refuses a page load and a socket without a session, and a launch code twice', async () => {
    const res = await fetch(`${studio.origin}/`)
    expect(res.status).toBe(403)
    expect(await res.text()).toMatch(/not signed in/)
    const again = await fetch(studio.url, { redirect: 'manual' })
    expect(again.status).toBe(403)
    expect(await again.text()).toMatch(/already used/)
    await expect(connectClient({ origin: studio.origin, token: 'wrong' })).rejects.toThrow(/401/)
  })
})
