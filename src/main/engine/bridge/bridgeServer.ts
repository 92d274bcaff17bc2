import { randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import sirv from 'sirv'
import { WebSocketServer, type WebSocket } from 'ws'
import type { RpcTransport } from '../../../shared/rpc'
import { decodeWire, encodeWire } from '../../../shared/wire'
import type { Engine } from '../engine'
import { serveEngine } from '../serveEngine'

export interface BridgeOptions {
  engine: Engine
  /** The built renderer (electron-vite's `out/renderer`). */
  rendererDir: string
  /** 0 picks a free port. */
  port?: number
  /** Fixed token for tests; a fresh random one per launch otherwise. */
  token?: string
}

export interface Bridge {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

export const BRIDGE_PATH = '/studio'

function tokenMatches(given: string | null, token: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

function socketTransport(ws: WebSocket): RpcTransport {
  return {
    send(message) {
      if (ws.readyState === ws.OPEN) ws.send(encodeWire(message))
    },
    onMessage(receive) {
      const listener = (data: Buffer): void => {
        try {
          receive(decodeWire(data.toString('utf8')))
        } catch {
          receive(undefined) // not JSON: the RPC server answers it as malformed
        }
      }
      ws.on('message', listener)
      return () => ws.off('message', listener)
    }
  }
}

/**
 * The studio in a browser: serves the built renderer and the same StudioApi over a
 * WebSocket, on 127.0.0.1 only. Every page load and every socket must present the
 * per-launch token (`?token=`), so no other local user or web page can drive the engine.
 */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  if (!existsSync(options.rendererDir)) {
    throw new Error(
      `The studio's web files are missing (${options.rendererDir}). Run \`npm run build\` first.`
    )
  }
  const token = options.token ?? randomBytes(24).toString('base64url')
  const assets = sirv(options.rendererDir, { dev: false, etag: true, single: false })

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    // The page itself is gated by the token; the hashed assets it loads are public code.
    if (url.pathname === '/' || url.pathname === '/index.html') {
      if (!tokenMatches(url.searchParams.get('token'), token)) {
        res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' })
        res.end('GAN Studio: this address needs the token printed by `gan-studio serve`.\n')
        return
      }
    }
    assets(req, res, () => {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
      res.end('Not found\n')
    })
  })

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 })
  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (url.pathname !== BRIDGE_PATH || !tokenMatches(url.searchParams.get('token'), token)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n')
      socket.destroy()
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const served = serveEngine(options.engine, socketTransport(ws), {
        // No native dialogs in a browser: the renderer shows a path field instead.
        chooseFolder: async () => null,
        revealPath: async () => ({ ok: true as const })
      })
      ws.on('close', () => served.dispose())
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate()
        wss.close()
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}
