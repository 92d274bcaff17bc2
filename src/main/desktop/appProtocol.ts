import { extname, join, normalize, sep } from 'node:path'
import { contentSecurityPolicy } from '../../shared/csp'
import { parseUrl } from './parseUrl'

/**
 * The studio's pages are served from its own privileged scheme, `app://studio/…`, not
 * from `file://` (Electron's security checklist): a page at a `file://` address could read
 * any file the user can, and with the GrantFileProtocolExtraPrivileges fuse off `file://`
 * gets no special rights at all. Only files inside the built renderer folder are served.
 */

export const APP_SCHEME = 'app'
export const APP_HOST = 'studio'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`

/** Privileges for `protocol.registerSchemesAsPrivileged`, before the app is ready. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true }
} as const

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm'
}

/**
 * The file an `app://studio/…` address names inside `rendererDir`, or undefined for any
 * other address: another scheme or host, a path that climbs out, a malformed escape.
 */
export function resolveAppFile(url: string, rendererDir: string): string | undefined {
  const parsed = parseUrl(url)
  if (!parsed) return undefined
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return undefined
  let path: string
  try {
    path = decodeURIComponent(parsed.pathname)
  } catch {
    return undefined
  }
  if (path.includes('\0') || path.split(/[/\\]/).includes('..')) return undefined
  const root = normalize(rendererDir)
  const file = normalize(join(root, path === '/' ? 'index.html' : path))
  return file.startsWith(root + sep) ? file : undefined
}

/** What the handler needs of the file system (Electron's fs reads inside app.asar). */
export type ReadFile = (path: string) => Promise<Uint8Array>

/**
 * The `protocol.handle` handler: the file with its type, the CSP and no-sniff headers, or
 * 404. Responses carry the CSP themselves: a custom scheme's responses never pass through
 * `webRequest.onHeadersReceived`.
 */
export function appProtocolHandler(
  rendererDir: string,
  readFile: ReadFile,
  devServerUrl?: string
): (request: Request) => Promise<Response> {
  const csp = contentSecurityPolicy(devServerUrl)
  return async (request) => {
    const file = resolveAppFile(request.url, rendererDir)
    if (!file || request.method !== 'GET') return new Response('Not found', { status: 404 })
    try {
      const body = await readFile(file)
      return new Response(Buffer.from(body), {
        status: 200,
        headers: {
          'Content-Type': MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
          'Content-Security-Policy': csp,
          'X-Content-Type-Options': 'nosniff'
        }
      })
    } catch {
      return new Response('Not found', { status: 404 })
    }
  }
}
