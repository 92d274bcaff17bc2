import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request, type IncomingHttpHeaders } from 'node:http'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import {
  startBridge,
  type Bridge,
  type SendLimits
} from '../../../../../src/main/engine/bridge/bridgeServer'
import { Engine } from '../../../../../src/main/engine/engine'
import type { EngineEndpoint } from '../../../../../src/main/engine/serveEngine'
import type { StudioEvent } from '../../../../../src/shared/events'

export const PAGE_MARKER = 'GAN Studio bridge test page'
export const ASSET_PATH = '/assets/index-abc123.js'

/** A built renderer in miniature: the page, one hashed script, and files never to be served. */
function rendererFixture(root: string): string {
  const dir = join(root, 'renderer')
  mkdirSync(join(dir, 'assets'), { recursive: true })
  writeFileSync(join(dir, 'index.html'), `<!doctype html><title>${PAGE_MARKER}</title>`)
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log("studio")\n')
  writeFileSync(join(dir, '.secret'), 'dotfiles are never served')
  writeFileSync(join(dir, 'assets', 'odd name.js'), 'names with spaces are never served')
  return dir
}

export interface TestBridge {
  bridge: Bridge
  engine: Engine
  /** Pushes an event to every client, as the engine's own events are. */
  emit(event: StudioEvent): void
  sessions: ('code' | 'token')[]
  stop(): Promise<void>
}

/** A real engine behind a real bridge on 127.0.0.1, plus a way to push events at will. */
export async function startTestBridge(sendLimits?: SendLimits): Promise<TestBridge> {
  const root = mkdtempSync(join(tmpdir(), 'gan-studio-bridge-'))
  const engine = await Engine.start({ dataDir: join(root, 'data'), shell: 'browser', env: {} })
  const pushed = new Set<(e: StudioEvent) => void>()
  const endpoint: EngineEndpoint = {
    handlers: engine.handlers,
    onEvent(listener) {
      const off = engine.onEvent(listener)
      pushed.add(listener)
      return () => {
        off()
        pushed.delete(listener)
      }
    }
  }
  const sessions: ('code' | 'token')[] = []
  const bridge = await startBridge({
    engine: endpoint,
    rendererDir: rendererFixture(root),
    port: 0,
    sendLimits,
    onSession: (via) => sessions.push(via)
  })
  return {
    bridge,
    engine,
    sessions,
    emit: (event) => {
      for (const l of pushed) l(event)
    },
    async stop() {
      await bridge.close()
      await engine.dispose()
      rmSync(root, { recursive: true, force: true })
    }
  }
}

export interface HttpAnswer {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

/** One HTTP request with exactly the headers given (Host included, when given). */
export function httpGet(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET'
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers, agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => (body += d))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** Trades a fresh launch code for a session cookie (`name=value`). */
export async function signIn(bridge: Bridge): Promise<string> {
  const launch = new URL(bridge.launchUrl())
  const res = await httpGet(bridge.port, launch.pathname + launch.search, {
    host: launch.host
  })
  const cookie = res.headers['set-cookie']?.[0]
  if (res.status !== 303 || !cookie) throw new Error(`sign-in refused: ${res.status} ${res.body}`)
  return cookie.split(';')[0]!
}

/** Opens a socket with the `ws` client; rejects with the refusal's status (e.g. "401"). */
export function openSocket(
  port: number,
  headers: Record<string, string>,
  path = '/studio'
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers })
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => {
      reject(new Error(`refused: ${res.statusCode}`))
      ws.terminate()
    })
    ws.once('error', reject)
  })
}

/** A TCP connection that collects every byte the server sends. */
export class RawConnection {
  private buffer = Buffer.alloc(0)
  private closed = false
  private readonly waiters = new Set<() => void>()

  private constructor(private readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, d])
      this.wake()
    })
    socket.on('error', () => {}) // a reset by the server is an answer, not a test failure
    socket.on('close', () => {
      this.closed = true
      this.wake()
    })
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new RawConnection(socket)))
      socket.once('error', reject)
    })
  }

  write(bytes: string | Buffer): void {
    this.socket.write(bytes)
  }

  end(): void {
    this.socket.end()
  }

  destroy(): void {
    this.socket.destroy()
  }

  get received(): Buffer {
    return this.buffer
  }

  /** Resolves with `look`'s first defined answer, or with `look`'s answer once closed. */
  until<T>(look: (received: Buffer, closed: boolean) => T | undefined): Promise<T> {
    return new Promise((resolve) => {
      const check = (): void => {
        const found = look(this.buffer, this.closed)
        if (found !== undefined || this.closed) {
          this.waiters.delete(check)
          resolve(found as T)
        }
      }
      this.waiters.add(check)
      check()
    })
  }

  private wake(): void {
    for (const w of [...this.waiters]) w()
  }
}

/** The status of the first HTTP response in `bytes`, or null when there is none. */
export function statusOf(bytes: Buffer): number | null {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(bytes.toString('latin1'))
  return m ? Number(m[1]) : null
}

export function handshake(port: number, token: string, extra = ''): string {
  return (
    `GET /studio HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n` +
    `Authorization: Bearer ${token}\r\n${extra}\r\n`
  )
}

export interface FrameOptions {
  fin?: boolean
  rsv1?: boolean
  mask?: boolean
  /** Claims this payload length in the header, whatever follows. */
  declaredLength?: bigint
}

/** One WebSocket frame as a client would (or should not) send it. */
export function frame(opcode: number, payload: Buffer | string, o: FrameOptions = {}): Buffer {
  const data = typeof payload === 'string' ? Buffer.from(payload) : payload
  const mask = o.mask ?? true
  const head: number[] = [((o.fin ?? true) ? 0x80 : 0) | (o.rsv1 ? 0x40 : 0) | opcode]
  const maskBit = mask ? 0x80 : 0
  let lengthBytes: Buffer
  if (o.declaredLength !== undefined || data.length > 0xffff) {
    lengthBytes = Buffer.alloc(8)
    lengthBytes.writeBigUInt64BE(o.declaredLength ?? BigInt(data.length))
    head.push(maskBit | 127)
  } else if (data.length >= 126) {
    lengthBytes = Buffer.alloc(2)
    lengthBytes.writeUInt16BE(data.length)
    head.push(maskBit | 126)
  } else {
    lengthBytes = Buffer.alloc(0)
    head.push(maskBit | data.length)
  }
  if (!mask) return Buffer.concat([Buffer.from(head), lengthBytes, data])
  const key = randomBytes(4)
  const masked = Buffer.from(data.map((b, i) => b ^ key[i % 4]!))
  return Buffer.concat([Buffer.from(head), lengthBytes, key, masked])
}

/** The first whole frame the server sent in `bytes` (servers never mask). */
export function serverFrame(bytes: Buffer): { opcode: number; payload: Buffer } | undefined {
  if (bytes.length < 2) return undefined
  let length = bytes[1]! & 0x7f
  let offset = 2
  if (length === 126) {
    if (bytes.length < 4) return undefined
    length = bytes.readUInt16BE(2)
    offset = 4
  } else if (length === 127) {
    if (bytes.length < 10) return undefined
    length = Number(bytes.readBigUInt64BE(2))
    offset = 10
  }
  if (bytes.length < offset + length) return undefined
  return { opcode: bytes[0]! & 0x0f, payload: bytes.subarray(offset, offset + length) }
}
