import { describe, expect, it, vi } from 'vitest'
import { contentSecurityPolicy } from '../../../src/shared/csp'
import {
  hardenSession,
  hardenWebContents,
  isAppUrl,
  isForbiddenRequest,
  isDocumentationLink,
  windowOptions,
  type AppPages,
  type SessionLike,
  type WebContentsLike
} from '../../../src/main/desktop/secureWindow'

const rendererDir = '/opt/GAN Studio/resources/app.asar/out/renderer'
const prod: AppPages = { rendererDir }
const dev: AppPages = { rendererDir, devServerUrl: 'http://localhost:5173/' }
const indexUrl = 'app://studio/index.html'

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/)
      return [name ?? '', values]
    })
  )
}

describe('window options', () => {
  const options = windowOptions({
    preload: '/app/out/preload/index.cjs',
    bounds: { x: 10, y: 20, width: 1200, height: 800 },
    dark: true,
    isDev: false
  })

  it('isolates the page: context isolation, sandbox, no Node, web security', () => {
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      experimentalFeatures: false,
      devTools: false
    })
    expect(options.webPreferences).not.toHaveProperty('enableBlinkFeatures')
  })

  it('uses the remembered bounds and waits to show until painted', () => {
    expect(options).toMatchObject({ x: 10, y: 20, width: 1200, height: 800, show: false })
    expect(
      windowOptions({ preload: 'p', bounds: { width: 1, height: 1 }, dark: false, isDev: true })
        .webPreferences?.devTools
    ).toBe(true)
  })
})

describe('Content-Security-Policy', () => {
  it('is strict in the packaged app: own scripts only, blob: images, no remote origin', () => {
    const csp = contentSecurityPolicy()
    const d = directives(csp)
    expect(d.get('default-src')).toEqual(["'none'"])
    expect(d.get('script-src')).toEqual(["'self'"])
    expect(d.get('img-src')).toEqual(["'self'", 'data:', 'blob:'])
    expect(d.get('connect-src')).toEqual(["'self'"])
    expect(d.get('object-src')).toEqual(["'none'"])
    expect(d.get('base-uri')).toEqual(["'none'"])
    expect(d.get('frame-ancestors')).toEqual(["'none'"])
    expect(csp).not.toMatch(/unsafe-eval|https?:|wss?:|\*/)
    expect(d.get('script-src')).not.toContain("'unsafe-inline'")
  })

  it('admits the dev server and its hot-reload socket in development only', () => {
    const d = directives(contentSecurityPolicy('http://localhost:5173/'))
    expect(d.get('script-src')).toEqual(["'self'", 'http://localhost:5173'])
    expect(d.get('connect-src')).toEqual(["'self'", 'http://localhost:5173', 'ws://localhost:5173'])
    expect(d.get('img-src')).toEqual(["'self'", 'data:', 'blob:'])
  })
})

describe('app URLs', () => {
  it('knows the app’s own pages', () => {
    expect(isAppUrl(indexUrl, prod)).toBe(true)
    expect(isAppUrl(`${indexUrl}#/train`, prod)).toBe(true)
    expect(isAppUrl('app://studio/assets/index.js', prod)).toBe(true)
    expect(isAppUrl('http://localhost:5173/', dev)).toBe(true)
  })

  it('refuses everything else', () => {
    expect(isAppUrl('file:///etc/passwd', prod)).toBe(false)
    // The renderer's own files, but at a file:// address: the app loads only from app://.
    expect(isAppUrl(`file://${rendererDir}/index.html`, prod)).toBe(false)
    expect(isAppUrl('app://studio/assets/..%2f..%2fsecret.html', prod)).toBe(false)
    expect(isAppUrl('app://other/index.html', prod)).toBe(false)
    expect(isAppUrl('http://localhost:5173/', prod)).toBe(false)
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false)
    expect(isAppUrl('https://example.com/', dev)).toBe(false)
    expect(isAppUrl('not a url', dev)).toBe(false)
  })

  it('opens only the studio’s documentation outside the app', () => {
    expect(isDocumentationLink('https://github.com/gan-studio/gan-studio#readme')).toBe(true)
    expect(isDocumentationLink('https://github.com/gan-studio/gan-studio/issues')).toBe(true)
    expect(isDocumentationLink('https://js.tensorflow.org/api/latest/#train.adam')).toBe(true)
    for (const url of [
      'https://github.com/',
      'https://github.com/gan-studio/gan-studio-evil',
      'https://github.com:444/gan-studio/gan-studio',
      'https://user@github.com/gan-studio/gan-studio',
      'https://evil.example/',
      'http://github.com/gan-studio/gan-studio',
      'http://x.org',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      ''
    ]) {
      expect(isDocumentationLink(url)).toBe(false)
    }
  })

  it('forbids requests to the network and to files outside the app', () => {
    expect(isForbiddenRequest('https://cdn.example.com/x.js', prod)).toBe(true)
    expect(isForbiddenRequest('ws://localhost:5173/', prod)).toBe(true)
    expect(isForbiddenRequest('ws://localhost:5173/', dev)).toBe(false)
    expect(isForbiddenRequest('file:///home/me/.ssh/id_rsa', prod)).toBe(true)
    expect(isForbiddenRequest(`file://${rendererDir}/index.html`, prod)).toBe(true)
    expect(isForbiddenRequest(indexUrl, prod)).toBe(false)
    expect(isForbiddenRequest('blob:app://studio/1234', prod)).toBe(false)
    expect(isForbiddenRequest('devtools://devtools/bundled/x.html', prod)).toBe(false)
  })
})

function fakeContents() {
  const listeners = new Map<string, (...args: unknown[]) => void>()
  let openHandler: ((d: { url: string }) => { action: string }) | undefined
  const contents = {
    on(event: string, listener: (...args: unknown[]) => void) {
      listeners.set(event, listener)
      return contents
    },
    setWindowOpenHandler(handler: (d: { url: string }) => { action: string }) {
      openHandler = handler
    }
  }
  const navigate = (event: string, url: string): boolean => {
    const prevented = { value: false }
    listeners.get(event)?.({ preventDefault: () => (prevented.value = true) }, url)
    return prevented.value
  }
  return {
    contents: contents as unknown as WebContentsLike,
    navigate,
    open: (url: string) => openHandler?.({ url }),
    listeners
  }
}

describe('hardenWebContents', () => {
  it('denies navigation away from the app, and redirects', () => {
    const f = fakeContents()
    hardenWebContents(f.contents, prod, vi.fn())
    expect(f.navigate('will-navigate', 'https://evil.example/')).toBe(true)
    expect(f.navigate('will-navigate', 'file:///etc/passwd')).toBe(true)
    expect(f.navigate('will-redirect', 'https://evil.example/')).toBe(true)
    expect(f.navigate('will-navigate', indexUrl)).toBe(false) // a reload of the app itself
  })

  it('denies every new window; a documentation link goes to the system browser', () => {
    const f = fakeContents()
    const openExternal = vi.fn()
    hardenWebContents(f.contents, prod, openExternal)
    const readme = 'https://github.com/gan-studio/gan-studio#readme'
    expect(f.open(readme)).toEqual({ action: 'deny' })
    expect(openExternal).toHaveBeenCalledWith(readme)
    expect(f.open('https://evil.example/')).toEqual({ action: 'deny' })
    expect(f.open('file:///etc/passwd')).toEqual({ action: 'deny' })
    expect(f.open('http://insecure.example/')).toEqual({ action: 'deny' })
    expect(openExternal).toHaveBeenCalledTimes(1)
  })

  it('refuses to attach a <webview>', () => {
    const f = fakeContents()
    hardenWebContents(f.contents, prod, vi.fn())
    expect(f.navigate('will-attach-webview', '')).toBe(true)
  })
})

describe('hardenSession', () => {
  function fakeSession() {
    const s = {
      permission: undefined as
        ((wc: unknown, p: string, cb: (granted: boolean) => void) => void) | undefined,
      check: undefined as ((wc: unknown, p: string) => boolean) | undefined,
      before: undefined as
        ((d: { url: string }, cb: (r: { cancel?: boolean }) => void) => void) | undefined,
      headers: undefined as
        | ((
            d: { url: string; responseHeaders?: Record<string, string[]> },
            cb: (r: { responseHeaders?: Record<string, string[]> }) => void
          ) => void)
        | undefined
    }
    const session = {
      setPermissionRequestHandler: (h: typeof s.permission) => (s.permission = h),
      setPermissionCheckHandler: (h: typeof s.check) => (s.check = h),
      webRequest: {
        onBeforeRequest: (l: typeof s.before) => (s.before = l),
        onHeadersReceived: (l: typeof s.headers) => (s.headers = l)
      }
    }
    return { s, session: session as unknown as SessionLike }
  }

  it('denies every permission request and check', () => {
    const { s, session } = fakeSession()
    hardenSession(session, prod)
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal'
    ]) {
      const callback = vi.fn()
      s.permission?.({}, permission, callback)
      expect(callback).toHaveBeenCalledWith(false)
      expect(s.check?.({}, permission)).toBe(false)
    }
  })

  it('sets the CSP header on the app’s pages, replacing any other', () => {
    const { s, session } = fakeSession()
    hardenSession(session, prod)
    const callback = vi.fn()
    s.headers?.(
      {
        url: indexUrl,
        responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] }
      },
      callback
    )
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [contentSecurityPolicy()] }
    })
    const other = vi.fn()
    s.headers?.({ url: 'devtools://devtools/x' }, other)
    expect(other).toHaveBeenCalledWith({})
  })

  it('cancels requests to remote origins', () => {
    const { s, session } = fakeSession()
    hardenSession(session, dev)
    const decide = (url: string): boolean | undefined => {
      let cancel: boolean | undefined
      s.before?.({ url }, (r) => (cancel = r.cancel))
      return cancel
    }
    expect(decide('https://tracker.example/pixel.gif')).toBe(true)
    expect(decide('http://localhost:5173/src/main.ts')).toBe(false)
  })
})
