import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_CLIENT_MESSAGE_BYTES } from '../../../../src/main/engine/bridge/bridgeServer'
import {
  frame,
  handshake,
  httpGet,
  openSocket,
  PAGE_MARKER,
  RawConnection,
  serverFrame,
  signIn,
  startTestBridge,
  statusOf,
  type TestBridge
} from './helpers/bridgeFixture'
import { clientOver } from '../../../helpers/socketClient'

// An attacker on the same machine (or a page the user visits) can send the bridge any
// bytes. Each probe below must get an answer (or a closed socket), never a dead server:
// a crash here would surface as an uncaught error in this very process.

const TEXT = 0x1
const BINARY = 0x2
const CLOSE = 0x8
const PING = 0x9

interface HttpProbe {
  name: string
  /** The whole request, as raw bytes; `P` stands for the server's port. */
  request: string | Buffer
  status: number
}

const ok = (port: number): string => `Host: 127.0.0.1:${port}\r\n`
const upgrade =
  'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n' +
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n'

function httpProbes(port: number, token: string): HttpProbe[] {
  const host = ok(port)
  const auth = `Authorization: Bearer ${token}\r\n`
  return [
    { name: 'GET //', request: `GET // HTTP/1.1\r\n${host}\r\n`, status: 404 },
    {
      name: 'GET //evil.example/',
      request: `GET //evil.example/ HTTP/1.1\r\n${host}\r\n`,
      status: 404
    },
    { name: 'GET ///', request: `GET /// HTTP/1.1\r\n${host}\r\n`, status: 404 },
    {
      name: 'GET /%69ndex.html',
      request: `GET /%69ndex.html HTTP/1.1\r\n${host}\r\n`,
      status: 404
    },
    {
      name: 'GET /./index.html',
      request: `GET /./index.html HTTP/1.1\r\n${host}\r\n`,
      status: 404
    },
    { name: 'GET //index.html', request: `GET //index.html HTTP/1.1\r\n${host}\r\n`, status: 404 },
    {
      name: 'GET /assets/../index.html',
      request: `GET /assets/../index.html HTTP/1.1\r\n${host}\r\n`,
      status: 404
    },
    { name: 'GET /index.html', request: `GET /index.html HTTP/1.1\r\n${host}\r\n`, status: 404 },
    {
      name: 'GET /.secret (a dotfile)',
      request: `GET /.secret HTTP/1.1\r\n${host}\r\n`,
      status: 404
    },
    { name: 'GET /% (bad escape)', request: `GET /% HTTP/1.1\r\n${host}\r\n`, status: 404 },
    {
      name: 'GET /?code=%E0%A4%A (bad escape in a code)',
      request: `GET /?code=%E0%A4%A HTTP/1.1\r\n${host}\r\n`,
      status: 403
    },
    {
      name: 'GET /?token=%ff%fe (bad escape in a token)',
      request: `GET /?token=%ff%fe HTTP/1.1\r\n${host}\r\n`,
      status: 403
    },
    {
      name: 'a 3,000-character target',
      request: `GET /${'a'.repeat(3000)} HTTP/1.1\r\n${host}\r\n`,
      status: 414
    },
    {
      name: 'a 40,000-character target (over the header limit)',
      request: `GET /${'a'.repeat(40_000)} HTTP/1.1\r\n${host}\r\n`,
      status: 431
    },
    { name: 'GET * (asterisk form)', request: `GET * HTTP/1.1\r\n${host}\r\n`, status: 400 },
    {
      name: 'absolute-form target',
      request: `GET http://127.0.0.1:${port}/ HTTP/1.1\r\n${host}\r\n`,
      status: 400
    },
    { name: 'OPTIONS /', request: `OPTIONS / HTTP/1.1\r\n${host}\r\n`, status: 405 },
    {
      name: 'POST with a body',
      request: `POST /studio HTTP/1.1\r\n${host}Content-Length: 5\r\n\r\nhello`,
      status: 405
    },
    {
      name: 'Host: evil.example (DNS rebinding)',
      request: `GET / HTTP/1.1\r\nHost: evil.example\r\n${auth}\r\n`,
      status: 403
    },
    {
      name: 'Host naming another port',
      request: `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port === 1 ? 2 : 1}\r\n${auth}\r\n`,
      status: 403
    },
    { name: 'no Host (HTTP/1.0)', request: `GET / HTTP/1.0\r\n\r\n`, status: 403 },
    { name: 'binary garbage', request: Buffer.from([0, 1, 2, 255, 13, 10, 13, 10]), status: 400 },
    { name: 'HTTP/9.9', request: `GET / HTTP/9.9\r\n${host}\r\n`, status: 400 },
    {
      name: 'a header line without a colon',
      request: `GET / HTTP/1.1\r\n${host}oops\r\n\r\n`,
      status: 400
    },
    {
      name: 'Content-Length and Transfer-Encoding together',
      request: `POST / HTTP/1.1\r\n${host}Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      status: 400
    },
    {
      name: 'a malformed chunked body',
      request: `POST / HTTP/1.1\r\n${host}Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n`,
      status: 405
    },
    {
      name: '200 pipelined GET // requests',
      request: `GET // HTTP/1.1\r\n${host}\r\n`.repeat(200),
      status: 404
    },
    { name: 'half a request line, then EOF', request: 'GET / HT', status: 400 },
    // Handshakes.
    {
      name: 'upgrade to //',
      request: `GET // HTTP/1.1\r\n${host}${upgrade}${auth}\r\n`,
      status: 404
    },
    {
      name: 'upgrade to /%73tudio',
      request: `GET /%73tudio HTTP/1.1\r\n${host}${upgrade}${auth}\r\n`,
      status: 404
    },
    {
      name: 'upgrade with the token and Origin: http://evil.example',
      request: `GET /studio HTTP/1.1\r\n${host}${upgrade}${auth}Origin: http://evil.example\r\n\r\n`,
      status: 403
    },
    {
      name: 'upgrade with the token and Origin: null',
      request: `GET /studio HTTP/1.1\r\n${host}${upgrade}${auth}Origin: null\r\n\r\n`,
      status: 403
    },
    {
      name: 'upgrade with the token and Host: evil.example',
      request: `GET /studio HTTP/1.1\r\nHost: evil.example\r\n${upgrade}${auth}\r\n`,
      status: 403
    },
    {
      name: 'upgrade from the own origin without a session',
      request: `GET /studio HTTP/1.1\r\n${host}${upgrade}Origin: http://127.0.0.1:${port}\r\n\r\n`,
      status: 401
    },
    {
      name: 'upgrade with the token in the query only',
      request: `GET /studio?token=${token} HTTP/1.1\r\n${host}${upgrade}\r\n`,
      status: 401
    },
    {
      name: 'upgrade with a bad Sec-WebSocket-Key',
      request:
        `GET /studio HTTP/1.1\r\n${host}Upgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: short\r\n${auth}\r\n`,
      status: 400
    },
    {
      name: 'upgrade asking for protocol version 7',
      request:
        `GET /studio HTTP/1.1\r\n${host}Upgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Version: 7\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${auth}\r\n`,
      status: 400
    },
    {
      name: 'upgrade with POST',
      request: `POST /studio HTTP/1.1\r\n${host}${upgrade}${auth}Content-Length: 0\r\n\r\n`,
      status: 405
    },
    {
      name: 'upgrade cut off before its headers end',
      request: `GET /studio HTTP/1.1\r\n${host}${upgrade}`,
      status: 400
    }
  ]
}

interface FrameProbe {
  name: string
  frames: () => Buffer[]
  /** The close code the server answers with, or what its reply says. */
  expected: { close: number } | { reply: RegExp }
}

const call = (method: string, args: unknown[] = []): string =>
  JSON.stringify({ kind: 'call', id: 7, method, args })
const big = Buffer.alloc(Math.ceil(MAX_CLIENT_MESSAGE_BYTES * 0.6), 0x61)

const frameProbes: FrameProbe[] = [
  {
    name: 'an unmasked frame',
    frames: () => [frame(TEXT, call('getInfo'), { mask: false })],
    expected: { close: 1002 }
  },
  { name: 'reserved opcode 0x3', frames: () => [frame(0x3, 'x')], expected: { close: 1002 } },
  { name: 'reserved opcode 0xB', frames: () => [frame(0xb, 'x')], expected: { close: 1002 } },
  {
    name: 'RSV1 set without an extension',
    frames: () => [frame(TEXT, 'x', { rsv1: true })],
    expected: { close: 1002 }
  },
  {
    name: 'a declared length of 2^40 bytes',
    frames: () => [frame(TEXT, 'x', { declaredLength: 2n ** 40n })],
    expected: { close: 1009 }
  },
  {
    name: 'a declared length of 2^63 bytes',
    frames: () => [frame(TEXT, 'x', { declaredLength: 2n ** 63n })],
    expected: { close: 1009 }
  },
  {
    name: 'a message over the limit, in two fragments',
    frames: () => [frame(TEXT, big, { fin: false }), frame(0x0, big)],
    expected: { close: 1009 }
  },
  {
    name: 'invalid UTF-8 in a text frame',
    frames: () => [frame(TEXT, Buffer.from([0xff, 0xfe, 0xfd]))],
    expected: { close: 1007 }
  },
  {
    name: 'a ping longer than 125 bytes',
    frames: () => [frame(PING, Buffer.alloc(200))],
    expected: { close: 1002 }
  },
  {
    name: 'a fragmented ping',
    frames: () => [frame(PING, 'x', { fin: false })],
    expected: { close: 1002 }
  },
  {
    name: 'a continuation with nothing to continue',
    frames: () => [frame(0x0, 'x')],
    expected: { close: 1002 }
  },
  {
    name: 'a new message inside a fragmented one',
    frames: () => [frame(TEXT, '[', { fin: false }), frame(TEXT, ']')],
    expected: { close: 1002 }
  },
  {
    name: 'a close frame with the invalid code 999',
    frames: () => [frame(CLOSE, Buffer.from([0x03, 0xe7]))],
    expected: { close: 1002 }
  },
  {
    name: 'a close frame with a one-byte body',
    frames: () => [frame(CLOSE, Buffer.from([0x03]))],
    expected: { close: 1002 }
  },
  {
    name: 'a clean close',
    frames: () => [frame(CLOSE, Buffer.from([0x03, 0xe8]))],
    expected: { close: 1000 }
  },
  {
    name: 'a binary frame',
    frames: () => [frame(BINARY, call('getInfo'))],
    expected: { reply: /malformed/ }
  },
  {
    name: 'text that is not JSON',
    frames: () => [frame(TEXT, '{"kind":')],
    expected: { reply: /malformed/ }
  },
  {
    name: 'an empty text frame',
    frames: () => [frame(TEXT, '')],
    expected: { reply: /malformed/ }
  },
  {
    name: 'JSON nested 200,000 deep',
    frames: () => [frame(TEXT, '['.repeat(200_000) + ']'.repeat(200_000))],
    expected: { reply: /malformed/ }
  },
  {
    name: 'bytes that are not base64',
    frames: () => [
      frame(
        TEXT,
        JSON.stringify({ kind: 'call', id: 1, method: 'getInfo', args: [{ $bytes: '%%%' }] })
      )
    ],
    expected: { reply: /malformed/ }
  },
  {
    name: 'a call to __proto__',
    frames: () => [frame(TEXT, call('__proto__'))],
    expected: { reply: /Unknown method/ }
  },
  {
    name: 'a call with a __proto__ key',
    frames: () => [
      frame(TEXT, '{"kind":"call","id":7,"method":"getInfo","args":[],"__proto__":{"polluted":1}}')
    ],
    expected: { reply: /"ok":true/ }
  },
  {
    name: 'a call with absurd arguments',
    frames: () => [frame(TEXT, call('labStep', [1e308]))],
    expected: { reply: /invalid-argument/ }
  }
]

describe('the bridge under malformed requests, frames and handshakes', () => {
  let t: TestBridge
  let cookie: string

  beforeAll(async () => {
    t = await startTestBridge()
    cookie = await signIn(t.bridge)
  })
  afterAll(() => t?.stop())

  /** A page load with the session and a call over a fresh socket: the server is alive. */
  async function stillAnswers(): Promise<void> {
    const page = await httpGet(t.bridge.port, '/', { host: `127.0.0.1:${t.bridge.port}`, cookie })
    expect(page.status).toBe(200)
    expect(page.body).toContain(PAGE_MARKER)
    const ws = await openSocket(t.bridge.port, { authorization: `Bearer ${t.bridge.token}` })
    const info = await clientOver(ws).getInfo()
    expect(info.shell).toBe('browser')
    ws.close()
  }

  it('has at least 30 probes', () => {
    expect(httpProbes(1, 't').length + frameProbes.length).toBeGreaterThanOrEqual(30)
  })

  describe('HTTP requests and handshakes (raw TCP)', () => {
    for (const [i, name] of httpProbes(1, 't').map((p, i) => [i, p.name] as const)) {
      it(`answers ${name}, then still serves`, async () => {
        const probe = httpProbes(t.bridge.port, t.bridge.token)[i]!
        const conn = await RawConnection.open(t.bridge.port)
        conn.write(probe.request)
        conn.end()
        const status = await conn.until((bytes, closed) =>
          closed ? (statusOf(bytes) ?? 0) : undefined
        )
        expect(status).toBe(probe.status)
        await stillAnswers()
      })
    }
  })

  describe('WebSocket frames after a good handshake (raw TCP)', () => {
    for (const probe of frameProbes) {
      it(`answers ${probe.name}, then still serves`, async () => {
        const conn = await RawConnection.open(t.bridge.port)
        conn.write(handshake(t.bridge.port, t.bridge.token))
        const head = await conn.until((bytes) => {
          const end = bytes.indexOf('\r\n\r\n')
          return end < 0 ? undefined : end + 4
        })
        expect(statusOf(conn.received)).toBe(101)
        for (const f of probe.frames()) conn.write(f)
        const answer = await conn.until((bytes) => serverFrame(bytes.subarray(head)))
        conn.destroy()
        expect(answer).toBeDefined()
        if ('close' in probe.expected) {
          expect(answer!.opcode).toBe(CLOSE)
          expect(answer!.payload.readUInt16BE(0)).toBe(probe.expected.close)
        } else {
          expect(answer!.opcode).toBe(TEXT)
          expect(answer!.payload.toString()).toMatch(probe.expected.reply)
        }
        await stillAnswers()
      })
    }
  })

  it('closes a socket that sends more than the documented limit with 1009, and serves on', async () => {
    const ws = await openSocket(t.bridge.port, { authorization: `Bearer ${t.bridge.token}` })
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
    ws.on('error', () => {})
    ws.send('x'.repeat(MAX_CLIENT_MESSAGE_BYTES + 1))
    expect(await closed).toBe(1009)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    await stillAnswers()
  })

  it('survives a socket reset in the middle of a handshake and of a message', async () => {
    const a = await RawConnection.open(t.bridge.port)
    a.write(`GET /studio HTTP/1.1\r\nHost: 127.0.0.1:${t.bridge.port}\r\n${upgrade}`)
    a.destroy()
    const b = await RawConnection.open(t.bridge.port)
    b.write(handshake(t.bridge.port, t.bridge.token))
    await b.until((bytes) => (bytes.includes('\r\n\r\n') ? true : undefined))
    b.write(frame(TEXT, big, { fin: false }).subarray(0, 1000))
    b.destroy()
    await stillAnswers()
  })
})
