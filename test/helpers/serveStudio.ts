import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import WebSocket from 'ws'
import { clientOver } from './socketClient'

export const REPO = resolve(import.meta.dirname, '../..')

export interface ServedStudio {
  /** The printed launch address, `<origin>/?code=…`: it signs in one browser, once. */
  url: string
  /** `http://127.0.0.1:<port>` */
  origin: string
  /** The launch token printed beside it (scripts send it in a header). */
  token: string
  dataDir: string
  output: () => string
  stop(): Promise<void>
}

/** Starts the built `gan-studio serve` on a free port with a fresh data folder. */
export async function serveStudio(env: NodeJS.ProcessEnv = {}): Promise<ServedStudio> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gan-studio-e2e-'))
  const child: ChildProcess = spawn(
    process.execPath,
    // The tests' dataset and output folders live in the temp folder: allowed like a user would.
    [
      join(REPO, 'bin/gan-studio.js'),
      'serve',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--allow',
      tmpdir()
    ],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }
  )
  let out = ''
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()))
  const { url, token } = await new Promise<{ url: string; token: string }>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 60_000)
    const check = (): void => {
      const open = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?code=\S+)/.exec(out)
      const token = /^Token: (\S+)$/m.exec(out)
      if (open && token) {
        clearTimeout(timer)
        resolveUrl({ url: open[1]!, token: token[1]! })
      }
    }
    child.stdout!.on('data', check)
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}`)))
  })
  return {
    url,
    origin: new URL(url).origin,
    token,
    dataDir,
    output: () => out,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done()
        child.once('exit', () => done())
        child.kill('SIGTERM')
      })
  }
}

/**
 * A StudioApi client over the bridge. Given the served studio, it sends the token in a
 * header, as scripts do; given a launch address (`?code=`), it signs in as a browser does:
 * trades the code for the session cookie and connects with it and the page's Origin.
 */
export async function connectClient(target: string | Pick<ServedStudio, 'origin' | 'token'>) {
  const headers: Record<string, string> = {}
  let origin: string
  if (typeof target === 'string') {
    const u = new URL(target)
    origin = u.origin
    const token = u.searchParams.get('token')
    if (token !== null) headers.authorization = `Bearer ${token}`
    else {
      const res = await fetch(target, { redirect: 'manual' })
      const cookie = res.headers.get('set-cookie')
      if (res.status !== 303 || !cookie) throw new Error(`sign-in refused: ${res.status}`)
      headers.cookie = cookie.split(';')[0]!
      headers.origin = origin
    }
  } else {
    origin = target.origin
    headers.authorization = `Bearer ${target.token}`
  }
  const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/studio`, { headers })
  await new Promise<void>((ok, fail) => {
    ws.once('open', () => ok())
    ws.once('error', fail)
  })
  return { client: clientOver(ws), close: () => ws.close() }
}
