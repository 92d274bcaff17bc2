import { describe, expect, it } from 'vitest'
import {
  appProtocolHandler,
  APP_INDEX_URL,
  resolveAppFile
} from '../../../src/main/desktop/appProtocol'
import { contentSecurityPolicy } from '../../../src/shared/csp'

const rendererDir = '/opt/GAN Studio/resources/app.asar/out/renderer'

describe('the app:// scheme', () => {
  it('maps app://studio/ addresses to files inside the renderer folder', () => {
    expect(resolveAppFile(APP_INDEX_URL, rendererDir)).toBe(`${rendererDir}/index.html`)
    expect(resolveAppFile('app://studio/', rendererDir)).toBe(`${rendererDir}/index.html`)
    expect(resolveAppFile('app://studio/assets/index-abc.js?x=1#y', rendererDir)).toBe(
      `${rendererDir}/assets/index-abc.js`
    )
    expect(resolveAppFile('app://studio/assets/my%20font.woff2', rendererDir)).toBe(
      `${rendererDir}/assets/my font.woff2`
    )
  })

  it('serves nothing outside it, nor for another scheme or host', () => {
    for (const url of [
      'app://studio/assets/..%2f..%2f..%2fetc%2fpasswd',
      'app://studio/assets/%5c..%5c..%5csecret',
      'app://studio/%E0%A4%A',
      'app://studio/a%00b',
      'app://other/index.html',
      'file:///etc/passwd',
      `file://${rendererDir}/index.html`,
      'https://studio/index.html',
      'not a url'
    ]) {
      expect(resolveAppFile(url, rendererDir), url).toBeUndefined()
    }
    // Dot segments, even escaped, are resolved by the URL parser before the path is read.
    for (const url of ['app://studio/../../etc/passwd', 'app://studio/%2e%2e/%2e%2e/etc/passwd']) {
      expect(resolveAppFile(url, rendererDir)).toBe(`${rendererDir}/etc/passwd`)
    }
  })

  it('answers with the file, its type, the CSP and nosniff; 404 for anything else', async () => {
    const files = new Map([
      [`${rendererDir}/index.html`, new TextEncoder().encode('<p>studio</p>')]
    ])
    const read = async (path: string): Promise<Uint8Array> => {
      const body = files.get(path)
      if (!body) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' })
      return body
    }
    const handle = appProtocolHandler(rendererDir, read)
    const page = await handle(new Request(APP_INDEX_URL))
    expect(page.status).toBe(200)
    expect(await page.text()).toBe('<p>studio</p>')
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('content-security-policy')).toBe(contentSecurityPolicy())
    expect(page.headers.get('x-content-type-options')).toBe('nosniff')
    expect((await handle(new Request('app://studio/missing.js'))).status).toBe(404)
    expect((await handle(new Request('app://studio/a/..%2f..%2f..%2fetc%2fpasswd'))).status).toBe(
      404
    )
    expect((await handle(new Request(APP_INDEX_URL, { method: 'POST', body: 'x' }))).status).toBe(
      404
    )
  })
})
