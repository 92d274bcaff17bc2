import {
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse
} from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { contentSecurityPolicy } from '../../../shared/csp'
import { serveEngine, type EngineEndpoint } from '../serveEngine'
import { LaunchAuth } from './launchAuth'
import { hostAllowed, originVerdict, parseTarget, queryParam } from './requestGate'
import {
  DEFAULT_SEND_LIMITS,
  socketTransport,
  type ConnectionStats,
  type SendLimits
} from './socketTransport'
import { loadRendererFiles } from './staticFiles'

export type { ConnectionStats, SendLimits } from './socketTransport'

export const BRIDGE_PATH = '/studio'

/**
 * The largest message a client may send. Calls are small JSON (no call carries bulk
 * data); a larger message closes that socket with 1009 (message too big).
 */
export const MAX_CLIENT_MESSAGE_BYTES = 1024 * 1024

/** More simultaneous connections are refused, so a flood cannot exhaust file handles. */
const MAX_CONNECTIONS = 256
/** Connections whose stats `connections()` keeps (closed ones included). */
const STATS_KEPT = 64

export interface BridgeOptions {
  engine: EngineEndpoint
  /** The built renderer (electron-vite's `out/renderer`). */
  rendererDir: string
  /** 0 picks a free port. */
  port?: number
  /** Fixed token (tests, `GAN_STUDIO_TOKEN`); a fresh random one per launch otherwise. */
  token?: string
  sendLimits?: SendLimits
  /** Told each time a browser trades a launch code or the token for a session. */
  onSession?: (via: 'code' | 'token') => void
}

export interface Bridge {
  /** `http://127.0.0.1:<port>`: the one address the server answers at (or localhost). */
  origin: string
  port: number
  /** The launch token: scripts send it as `Authorization: Bearer <token>`. */
  token: string
  /** A fresh one-time launch address, `<origin>/?code=…`: useless after first use. */
  launchUrl(): string
  /** `<origin>/?token=…`: signs in any number of browsers (the fallback when codes are used). */
  tokenUrl: string
  /** Send-queue figures per WebSocket client, newest last. */
  connections(): ConnectionStats[]
  close(): Promise<void>
}

const COMMON_HEADERS: OutgoingHttpHeaders = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer'
}

function plain(
  res: ServerResponse,
  status: number,
  message: string,
  extra: OutgoingHttpHeaders = {}
): void {
  const body = Buffer.from(`${message}\n`)
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'cache-control': 'no-store',
    'content-type': 'text/plain; charset=utf-8',
    'content-length': body.length,
    ...extra
  })
  res.end(body)
}

/** Answers a refused WebSocket handshake with a plain HTTP response and closes the socket. */
function refuseUpgrade(socket: Socket, status: number, reason: string, message: string): void {
  if (!socket.writable) {
    socket.destroy()
    return
  }
  const body = Buffer.from(`${message}\n`)
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${body.length}\r\nX-Content-Type-Options: nosniff\r\n\r\n${body.toString()}`
  )
}

/**
 * The studio in a browser: serves the built renderer and the same StudioApi over a
 * WebSocket, on 127.0.0.1 only. Only the studio's own page gets in: requests must name
 * the printed address (`Host`), sockets must come from the studio's own origin, and
 * both the page and the socket need a session (or, for scripts, the token in a header).
 * No request can crash it: targets are matched as raw strings, every socket has an
 * error handler, client messages are capped and a client's unread output is bounded.
 */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const files = loadRendererFiles(options.rendererDir)
  const limits = options.sendLimits ?? DEFAULT_SEND_LIMITS
  const csp = contentSecurityPolicy()
  const stats: ConnectionStats[] = []
  // Listen first: the Host, Origin and cookie checks need the port.
  const server: Server = createServer()
  server.maxConnections = MAX_CONNECTIONS
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  // An accept failure (e.g. out of file handles) is reported, never fatal.
  server.on('error', (err) => console.warn(`GAN Studio bridge: ${err.message}`))
  const port = (server.address() as AddressInfo).port
  const origin = `http://127.0.0.1:${port}`
  const auth = new LaunchAuth(port, options.token)

  const signedIn = (req: IncomingMessage): boolean =>
    auth.hasSession(req.headers) || auth.hasToken(req.headers)

  const servePage = (req: IncomingMessage, res: ServerResponse, query: string): void => {
    const code = queryParam(query, 'code')
    const token = queryParam(query, 'token')
    const credentialsInUrl = code !== null || token !== null
    if (signedIn(req)) {
      // Already signed in: drop any secret from the address bar without using it up.
      if (credentialsInUrl) return plain(res, 303, 'See /', { location: '/' })
    } else {
      const exchange = auth.exchange(code, token)
      if (exchange?.kind === 'session') {
        options.onSession?.(exchange.via)
        // A redirect, so the address bar and the history keep no secret.
        return plain(res, 303, 'Signed in: see /', {
          location: '/',
          'set-cookie': exchange.setCookie
        })
      }
      if (exchange?.kind === 'refused') {
        return plain(
          res,
          403,
          exchange.via === 'code'
            ? `GAN Studio: this launch code was already used (each works once) or is from another launch. ` +
                `The browser that used it stays signed in at ${origin}/. For another browser, open the ` +
                `?token= address that \`gan-studio serve\` printed.`
            : 'GAN Studio: that token is not this launch\u2019s. Open the address `gan-studio serve` printed.'
        )
      }
      return plain(
        res,
        403,
        'GAN Studio: this browser is not signed in. Open the address `gan-studio serve` printed ' +
          '(its one-time ?code= address, or the ?token= address for another browser). ' +
          'If you just opened one, reload this page.'
      )
    }
    res.writeHead(200, {
      ...COMMON_HEADERS,
      'content-security-policy': csp,
      'cache-control': 'no-store',
      'content-type': files.page.type,
      'content-length': files.page.body.length
    })
    res.end(files.page.body)
  }

  const handleRequest = (req: IncomingMessage, res: ServerResponse): void => {
    if (!hostAllowed(req.headers, port)) {
      return plain(
        res,
        403,
        `GAN Studio answers only at ${origin}/ (this request named another host).`
      )
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return plain(res, 405, 'GAN Studio serves its pages with GET only.', { allow: 'GET, HEAD' })
    }
    const target = parseTarget(req.url)
    if (!target.ok) {
      return plain(
        res,
        target.status,
        target.status === 414 ? 'That address is too long.' : 'Malformed request target.'
      )
    }
    if (target.path === '/') return servePage(req, res, target.query)
    if (target.path === BRIDGE_PATH) {
      return plain(res, 426, 'The engine answers here over a WebSocket only.', {
        upgrade: 'websocket',
        connection: 'Upgrade'
      })
    }
    // The hashed scripts and styles the page loads: public code, served to any good Host.
    const asset = files.assets.get(target.path)
    if (!asset) return plain(res, 404, 'Not found.')
    const headers: OutgoingHttpHeaders = {
      ...COMMON_HEADERS,
      'cache-control': 'no-cache',
      etag: asset.etag,
      'content-type': asset.type
    }
    if (req.headers['if-none-match'] === asset.etag) {
      res.writeHead(304, headers)
      res.end()
      return
    }
    res.writeHead(200, { ...headers, 'content-length': asset.body.length })
    res.end(asset.body)
  }

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_CLIENT_MESSAGE_BYTES,
    perMessageDeflate: false
  })

  const accept = (ws: WebSocket): void => {
    const connection: ConnectionStats = { sent: 0, dropped: 0, peakBuffered: 0, cutOff: false }
    stats.push(connection)
    if (stats.length > STATS_KEPT) stats.shift()
    // Bad frames (unmasked, bad opcode, too big, bad UTF-8): ws closes the socket with the
    // matching code; the error itself must not reach the process.
    ws.on('error', () => {})
    const served = serveEngine(options.engine, socketTransport(ws, limits, connection), {
      // No native dialogs in a browser: the renderer shows a path field instead.
      chooseFolder: async () => null,
      revealPath: async () => ({ ok: true as const })
    })
    ws.on('close', () => served.dispose())
  }

  const handleUpgrade = (req: IncomingMessage, socket: Socket, head: Buffer): void => {
    if (!hostAllowed(req.headers, port)) {
      return refuseUpgrade(socket, 403, 'Forbidden', `GAN Studio answers only at ${origin}.`)
    }
    const target = parseTarget(req.url)
    if (!target.ok || target.path !== BRIDGE_PATH) {
      return refuseUpgrade(socket, 404, 'Not Found', `The engine's socket is at ${BRIDGE_PATH}.`)
    }
    if (originVerdict(req.headers, port) === 'foreign') {
      return refuseUpgrade(socket, 403, 'Forbidden', "Only the studio's own page may connect.")
    }
    if (!signedIn(req)) {
      return refuseUpgrade(
        socket,
        401,
        'Unauthorized',
        'Sign in first: open the address `gan-studio serve` printed, or send its token as `Authorization: Bearer <token>`.'
      )
    }
    wss.handleUpgrade(req, socket, head, accept)
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    try {
      handleRequest(req, res)
    } catch {
      if (!res.headersSent) plain(res, 500, 'GAN Studio could not answer that request.')
      else res.destroy()
    }
  })
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    // From here the socket is ours: without a listener, a reset would end the process.
    socket.on('error', () => socket.destroy())
    try {
      handleUpgrade(req, socket, head)
    } catch {
      socket.destroy()
    }
  })

  return {
    origin,
    port,
    token: auth.token,
    launchUrl: () => `${origin}/?code=${auth.newCode()}`,
    tokenUrl: `${origin}/?token=${auth.token}`,
    connections: () => stats.map((s) => ({ ...s })),
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate()
        wss.close()
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}
