#!/usr/bin/env node
// Runs before `npm start` and `npm run dev`. Electron 45 has no install script: its
// binary comes on first use, which electron-vite's `preview` and `dev` never trigger
// (they only read node_modules/electron/path.txt). So fetch it here, with Electron's
// own installer, which honours ELECTRON_MIRROR, electron_config_cache and the rest of
// Electron's download settings. When the fetch fails, say so in plain words: what
// failed, how to use a mirror, and that the same studio runs in a browser.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const electronDir = dirname(require.resolve('electron/package.json'))
const { version } = require('electron/package.json')

function installed() {
  try {
    const exe = readFileSync(join(electronDir, 'path.txt'), 'utf8')
    const distVersion = readFileSync(join(electronDir, 'dist', 'version'), 'utf8')
    return (
      distVersion.replace(/^v/, '').trim() === version && existsSync(join(electronDir, 'dist', exe))
    )
  } catch {
    return false
  }
}

if (installed()) process.exit(0)

const target = `${process.platform}-${process.arch}`
const mirror = process.env.ELECTRON_MIRROR || process.env.npm_config_electron_mirror
console.log(
  `Fetching Electron ${version} for ${target} (first start only) from ${mirror ?? 'GitHub releases'}…`
)
const run = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
  stdio: ['ignore', 'inherit', 'pipe'],
  encoding: 'utf8'
})
if (run.status === 0 && installed()) process.exit(0)

// The installer prints a stack; its first line says what went wrong.
let reason =
  (run.error?.message ?? run.stderr ?? '')
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l && !l.startsWith('at ')) ?? `the installer exited with ${run.status}`
// fetch's "fetch failed" hides the network's own words (refused, no such host) in its cause.
if (/fetch failed/.test(reason)) {
  const base = (mirror ?? 'https://github.com/electron/electron/releases/download/').replace(
    /\/?$/,
    '/'
  )
  const zip = `${base}v${version}/electron-v${version}-${target}.zip`
  const cause = await fetch(zip, { method: 'HEAD', signal: AbortSignal.timeout(10_000) }).then(
    () => undefined,
    (err) => err.cause?.code ?? err.cause?.message ?? err.name
  )
  if (cause) reason = `${reason} (${cause}) for ${zip}`
}
console.error(`
GAN Studio could not start: the Electron ${version} binary for ${target} could not be fetched.
  What failed: ${reason}
  From:        ${mirror ?? 'https://github.com/electron/electron/releases (the default)'}

To fetch it from a mirror, name it and start again, for example:
  ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/ npm start
Behind a proxy, set HTTPS_PROXY and ELECTRON_GET_USE_PROXY=1 first.

Or run the same studio in your browser, with no Electron at all:
  npx gan-studio serve --open
`)
process.exit(1)
