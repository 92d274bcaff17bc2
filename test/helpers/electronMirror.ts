import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A stand-in for Electron's download server on 127.0.0.1. The Electron binary cannot be
 * fetched on the build machines, so the tests serve a zip laid out like Electron's Linux
 * release whose `electron` is a shell script: it records how it was launched and exits.
 * Electron's own installer and electron-builder fetch it through `ELECTRON_MIRROR`, and
 * check it against the mirror's SHASUMS256.txt (`electron_use_remote_checksums=1`).
 */

export const ELECTRON_VERSION: string = (
  createRequire(import.meta.url)('electron/package.json') as { version: string }
).version

/** Where the stand-in writes its launch record: its working folder, then one argument a line. */
export const STAND_IN_LOG_ENV = 'GAN_STUDIO_STAND_IN_LOG'

/** @electron/fuses finds the fuse wire after this sentinel: version 1, eight fuses. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
/** Electron's defaults: RunAsNode, cookie encryption, NODE_OPTIONS, inspect, asar integrity,
 * only-asar, browser V8 snapshot, file:// privileges ('1' on, '0' off). */
const DEFAULT_FUSES = '10110001'

const standInScript = `#!/bin/sh
# Stand-in Electron ${ELECTRON_VERSION} for GAN Studio's tests: records its launch, then exits.
# Fuse wire (read and flipped by @electron/fuses): ${FUSE_SENTINEL}\u0001\u0008${DEFAULT_FUSES}
if [ -n "$${STAND_IN_LOG_ENV}" ]; then
  { pwd; for a in "$@"; do printf '%s\\n' "$a"; done; } > "$${STAND_IN_LOG_ENV}"
fi
exit 0
`

export interface ElectronMirror {
  /** The value for ELECTRON_MIRROR. */
  url: string
  /** Paths requested so far. */
  requests: string[]
  /** Environment that points Electron's downloaders here, with a fresh download cache. */
  env: NodeJS.ProcessEnv
  close(): Promise<void>
}

/** Builds the stand-in's zip; returns its path. python3's zipfile keeps the script's mode. */
function buildStandInZip(dir: string): string {
  const tree = join(dir, 'tree')
  mkdirSync(join(tree, 'resources'), { recursive: true })
  writeFileSync(join(tree, 'electron'), standInScript, { encoding: 'latin1' })
  chmodSync(join(tree, 'electron'), 0o755)
  writeFileSync(join(tree, 'version'), ELECTRON_VERSION)
  writeFileSync(join(tree, 'LICENSE'), 'MIT (stand-in)\n')
  writeFileSync(join(tree, 'LICENSES.chromium.html'), '<p>stand-in</p>\n')
  writeFileSync(join(tree, 'chrome-sandbox'), '')
  writeFileSync(join(tree, 'resources', 'default_app.asar'), '')
  const zip = join(dir, `electron-v${ELECTRON_VERSION}-linux-x64.zip`)
  execFileSync(
    'python3',
    [
      '-m',
      'zipfile',
      '-c',
      zip,
      ...[
        'electron',
        'version',
        'LICENSE',
        'LICENSES.chromium.html',
        'chrome-sandbox',
        'resources'
      ].map((f) => join(tree, f))
    ],
    {
      cwd: tree
    }
  )
  return zip
}

/**
 * Serves the stand-in at `/v<version>/`. With `down`, every request answers 503, as a
 * mirror that is unreachable or refuses would.
 */
export async function startElectronMirror(
  options: { down?: boolean } = {}
): Promise<ElectronMirror> {
  const dir = mkdtempSync(join(tmpdir(), 'gan-studio-electron-mirror-'))
  const zipPath = buildStandInZip(dir)
  const zip = readFileSync(zipPath)
  const zipName = `electron-v${ELECTRON_VERSION}-linux-x64.zip`
  const sums = `${createHash('sha256').update(zip).digest('hex')} *${zipName}\n`
  const files = new Map<string, Buffer>([
    [`/v${ELECTRON_VERSION}/${zipName}`, zip],
    [`/v${ELECTRON_VERSION}/SHASUMS256.txt`, Buffer.from(sums)]
  ])
  const requests: string[] = []
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '')
    const body = files.get(req.url ?? '')
    if (options.down) res.writeHead(503).end('mirror down')
    else if (!body) res.writeHead(404).end('not found')
    else res.writeHead(200, { 'content-length': body.length }).end(body)
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('mirror did not listen')
  const url = `http://127.0.0.1:${address.port}/`
  return {
    url,
    requests,
    env: {
      ELECTRON_MIRROR: url,
      electron_use_remote_checksums: '1',
      electron_config_cache: join(dir, 'cache'),
      ELECTRON_BUILDER_CACHE: join(dir, 'builder-cache'),
      ELECTRON_GET_USE_PROXY: ''
    },
    close: () => new Promise<void>((done) => server.close(() => done()))
  }
}
