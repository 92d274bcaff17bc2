import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import WebSocket from 'ws'
import { createRpcClient, type RpcTransport } from '../../src/shared/rpc'
import { decodeWire, encodeWire } from '../../src/shared/wire'

export const REPO = resolve(import.meta.dirname, '../..')

export interface ServedStudio {
  url: string
  dataDir: string
  output: () => string
  stop(): Promise<void>
}

/** Starts the built `gan-studio serve` on a free port with a fresh data folder. */
export async function serveStudio(env: NodeJS.ProcessEnv = {}): Promise<ServedStudio> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gan-studio-e2e-'))
  const child: ChildProcess = spawn(
    process.execPath,
    [join(REPO, 'bin/gan-studio.js'), 'serve', '--port', '0', '--data-dir', dataDir],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }
  )
  let out = ''
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()))
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 60_000)
    const check = (): void => {
      const m = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolveUrl(m[1]!)
      }
    }
    child.stdout!.on('data', check)
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}`)))
  })
  return {
    url,
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

/** A StudioApi client over the bridge, as the browser's renderer uses it. */
export async function connectClient(pageUrl: string) {
  const u = new URL(pageUrl)
  const ws = new WebSocket(`ws://${u.host}/studio?token=${u.searchParams.get('token')}`)
  await new Promise<void>((ok, fail) => {
    ws.once('open', () => ok())
    ws.once('error', fail)
  })
  const transport: RpcTransport = {
    send: (m) => ws.send(encodeWire(m)),
    onMessage(receive) {
      const l = (d: Buffer): void => receive(decodeWire(d.toString()))
      ws.on('message', l)
      return () => ws.off('message', l)
    }
  }
  const client = createRpcClient(transport)
  return { client, close: () => ws.close() }
}
