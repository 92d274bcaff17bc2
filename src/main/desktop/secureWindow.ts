import { contentSecurityPolicy } from '../../shared/csp'
import { APP_SCHEME, resolveAppFile } from './appProtocol'
import { DOCUMENTATION_LINKS } from './menu'
import { parseUrl } from './parseUrl'
import type {
  BrowserWindowConstructorOptions,
  HandlerDetails,
  OnHeadersReceivedListenerDetails,
  HeadersReceivedResponse,
  OnBeforeRequestListenerDetails,
  CallbackResponse,
  WindowOpenHandlerResponse
} from 'electron'
import { systemLanguagesArgument } from '../../shared/ipcChannels'

/**
 * The window's security in one place: its web preferences, the Content-Security-Policy
 * of the app's pages, and the handlers that deny navigation, new windows and
 * permission requests. Pure functions over small interfaces, so they are tested
 * without Electron.
 */

export interface AppPages {
  /** `out/renderer`, served as `app://studio/` (appProtocol.ts). */
  rendererDir: string
  /** electron-vite's dev server (`ELECTRON_RENDERER_URL`), in development only. */
  devServerUrl?: string
}

/** True for the app's own pages: `app://studio/…` inside the renderer, or the dev server in dev. */
export function isAppUrl(url: string, pages: AppPages): boolean {
  const parsed = parseUrl(url)
  if (!parsed) return false
  if (parsed.protocol === `${APP_SCHEME}:`)
    return resolveAppFile(url, pages.rendererDir) !== undefined
  if (!pages.devServerUrl) return false
  return parsed.origin === new URL(pages.devServerUrl).origin
}

export interface WindowOptionsInput {
  preload: string
  bounds: { x?: number; y?: number; width: number; height: number }
  dark: boolean
  isDev: boolean
  icon?: string
  /** The system's preferred languages, handed to the preload (it cannot ask Electron's app). */
  systemLanguages?: readonly string[]
}

export function windowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    ...input.bounds,
    minWidth: 880,
    minHeight: 560,
    show: false,
    title: 'GAN Studio',
    backgroundColor: input.dark ? '#16181d' : '#f6f7f9',
    ...(input.icon ? { icon: input.icon } : {}),
    webPreferences: {
      preload: input.preload,
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
      spellcheck: false,
      devTools: input.isDev,
      additionalArguments: [systemLanguagesArgument(input.systemLanguages ?? [])]
    }
  }
}

/** What `hardenWebContents` uses of `WebContents`. */
export interface WebContentsLike {
  on(
    event: 'will-navigate',
    listener: (event: { preventDefault(): void }, url: string) => void
  ): unknown
  on(
    event: 'will-redirect',
    listener: (event: { preventDefault(): void }, url: string) => void
  ): unknown
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown
  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void
}

/**
 * Only the studio's documentation opens in the system browser: `shell.openExternal` with
 * an address a page chose could start any program registered for a scheme.
 */
export function isDocumentationLink(url: string): boolean {
  const parsed = parseUrl(url)
  if (!parsed) return false
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password || parsed.port)
    return false
  return DOCUMENTATION_LINKS.some(
    (link) =>
      parsed.origin === link.origin &&
      (parsed.pathname === link.pathname || parsed.pathname.startsWith(`${link.pathname}/`))
  )
}

/**
 * No navigation away from the app's pages, no new windows (a documentation link opens in
 * the system browser instead), no `<webview>`.
 */
export function hardenWebContents(
  contents: WebContentsLike,
  pages: AppPages,
  openExternal: (url: string) => void
): void {
  const stayHome = (event: { preventDefault(): void }, url: string): void => {
    if (!isAppUrl(url, pages)) event.preventDefault()
  }
  contents.on('will-navigate', stayHome)
  contents.on('will-redirect', stayHome)
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    if (isDocumentationLink(url)) openExternal(url)
    return { action: 'deny' }
  })
}

/** What `hardenSession` uses of `Session`. */
export interface SessionLike {
  setPermissionRequestHandler(
    handler: (
      webContents: unknown,
      permission: string,
      callback: (granted: boolean) => void
    ) => void
  ): void
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void
  webRequest: {
    onBeforeRequest(
      listener: (
        details: OnBeforeRequestListenerDetails,
        callback: (response: CallbackResponse) => void
      ) => void
    ): void
    onHeadersReceived(
      listener: (
        details: OnHeadersReceivedListenerDetails,
        callback: (response: HeadersReceivedResponse) => void
      ) => void
    ): void
  }
}

/**
 * True for a request the app never needs: the network (bar the dev server in
 * development), and files outside the renderer folder.
 */
export function isForbiddenRequest(url: string, pages: AppPages): boolean {
  const parsed = parseUrl(url)
  if (!parsed) return true
  // The app never reads file:// (its pages come from app://); a page asking is refused.
  if (parsed.protocol === 'file:') return true
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(parsed.protocol)) return false
  return !pages.devServerUrl || parsed.host !== new URL(pages.devServerUrl).host
}

/**
 * Denies every permission, cancels requests to the network and to files outside the
 * app (the CSP forbids most; this covers what a CSP does not see), and puts the CSP on every
 * response for the app's pages.
 */
export function hardenSession(session: SessionLike, pages: AppPages): void {
  const csp = contentSecurityPolicy(pages.devServerUrl)
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: isForbiddenRequest(details.url, pages) })
  })
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!isAppUrl(details.url, pages)) {
      callback({})
      return
    }
    const headers: Record<string, string[]> = {}
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value
    }
    headers['Content-Security-Policy'] = [csp]
    callback({ responseHeaders: headers })
  })
}
