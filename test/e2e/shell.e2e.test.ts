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

  it('moves between the five views', async () => {
    for (const view of ['train', 'runs', 'generate', 'lab', 'dataset']) {
      await page.getByTestId(`nav-${view}`).click()
      await expect
        .poll(() => page.getByTestId(`nav-${view}`).getAttribute('aria-current'))
        .toBe('page')
      await expect.poll(() => page.locator('h1').first().textContent()).toMatch(/\w/)
    }
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
