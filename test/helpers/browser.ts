import { existsSync, mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { REPO } from './serveStudio'

/** Debian's Chromium; `CHROMIUM_PATH` overrides. Its absence is a failure, never a skip. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export const SCREENSHOTS = join(REPO, 'test-output', 'screenshots')

/**
 * Headless Chromium with a fresh profile and no background traffic (the build machines are
 * offline). `locale` is the system language the page sees (navigator.languages, Accept-Language).
 */
export async function openBrowser(
  viewport = { width: 1280, height: 800 },
  locale = 'en-US'
): Promise<{ context: BrowserContext; page: Page }> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}. Install it with \`sudo apt-get install chromium\` or set CHROMIUM_PATH.`
    )
  }
  const profile = mkdtempSync(join(tmpdir(), 'gan-studio-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    locale,
    args: [
      `--lang=${locale}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run'
    ]
  })
  const page = context.pages()[0] ?? (await context.newPage())
  return { context, page }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  const path = join(SCREENSHOTS, `${name}.png`)
  await page.screenshot({ path, fullPage: false })
  return path
}
