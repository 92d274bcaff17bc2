import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { extname, join } from 'node:path'

export interface StaticFile {
  body: Buffer
  type: string
  etag: string
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8'
}

/** Names the table holds; anything else on disk (odd characters, dotfiles) is not served. */
const SAFE_SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/

export interface RendererFiles {
  /** The studio's page (`index.html`), served only to a signed-in browser. */
  page: StaticFile
  /** Every other built file, keyed by its exact URL path (`/assets/index-abc.js`). */
  assets: Map<string, StaticFile>
}

function load(path: string): StaticFile {
  const body = readFileSync(path)
  return {
    body,
    type: TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
    etag: `"${createHash('sha1').update(body).digest('base64url')}"`
  }
}

/**
 * Reads the built renderer once, into a table looked up by exact path. Nothing a request
 * says is ever decoded or joined onto a folder, so no path trick reaches another file.
 */
export function loadRendererFiles(dir: string): RendererFiles {
  const pagePath = join(dir, 'index.html')
  if (!existsSync(pagePath)) {
    throw new Error(`The studio's web files are missing (${dir}). Run \`npm run build\` first.`)
  }
  const assets = new Map<string, StaticFile>()
  const walk = (folder: string, prefix: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (!SAFE_SEGMENT.test(entry.name)) continue
      const path = join(folder, entry.name)
      const url = `${prefix}/${entry.name}`
      if (entry.isDirectory()) walk(path, url)
      else if (entry.isFile() && url !== '/index.html') assets.set(url, load(path))
    }
  }
  walk(dir, '')
  return { page: load(pagePath), assets }
}
