import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { openBrowser, screenshot } from '../helpers/browser'
import { serveStudio, type ServedStudio } from '../helpers/serveStudio'

const LOG2 = Math.log(2)

// Each preset of the Lab, run to its default length in the studio, with the claim it
// makes read back from the page. Thresholds are loose on purpose: the engine's own tests
// (test/main/engine/lab) check the theory tightly; here we check the view shows it.
describe('the Lab in the studio', () => {
  let studio: ServedStudio
  let context: BrowserContext
  let page: Page

  beforeAll(async () => {
    studio = await serveStudio()
    ;({ context, page } = await openBrowser({ width: 1280, height: 2000 }))
    await page.goto(studio.url)
    await page.getByTestId('nav-lab').click()
    await page.getByTestId('lab-curves').waitFor()
  })
  afterAll(async () => {
    await context?.close()
    await studio?.stop()
  })

  async function runPreset(name: string): Promise<(key: string) => Promise<number>> {
    await page.getByTestId(`lab-preset-${name}`).click()
    await expect.poll(() => page.getByTestId('lab-tile-step').textContent()).toBe('0')
    await page.getByTestId('lab-run').click()
    await page.getByTestId('lab-pause').waitFor()
    await page.getByTestId('lab-run').waitFor({ timeout: 180_000 })
    await screenshot(page, `lab-${name}`)
    return async (key) =>
      Number((await page.getByTestId(`lab-tile-${key}`).textContent())!.split(' ')[0])
  }

  it('equilibrium: G meets the data, JS falls toward 0 and V toward −log 4', async () => {
    const tile = await runPreset('equilibrium')
    expect(await tile('step')).toBeGreaterThan(0)
    expect(await tile('js')).toBeLessThan(0.1)
    expect(Math.abs((await tile('value')) + Math.log(4))).toBeLessThan(0.05)
  })

  it('saturation: the minimax generator stays put, its gradient tiny', async () => {
    const tile = await runPreset('saturation')
    expect(await tile('js')).toBeGreaterThan(0.6)
    expect(await tile('grad')).toBeLessThan(1e-2)
  })

  it('mode-collapse: G covers fewer modes than the data has', async () => {
    await runPreset('mode-collapse')
    const [covered, total] = (await page.getByTestId('lab-tile-modes').textContent())!
      .split('/')
      .map((s) => Number(s.trim()))
    expect(covered).toBeLessThan(total!)
  })

  it('disjoint: JS sits at log 2', async () => {
    const tile = await runPreset('disjoint')
    expect(Math.abs((await tile('js')) - LOG2)).toBeLessThan(0.01)
  })

  it('optimal-d: D comes close to D*', async () => {
    const tile = await runPreset('optimal-d')
    expect(await tile('dstar-gap')).toBeLessThan(0.08)
  })

  it('steps by hand while paused', async () => {
    const before = Number(await page.getByTestId('lab-tile-step').textContent())
    await page.getByTestId('lab-step-1').click()
    await expect
      .poll(async () => Number(await page.getByTestId('lab-tile-step').textContent()))
      .toBe(before + 1)
  })
})
