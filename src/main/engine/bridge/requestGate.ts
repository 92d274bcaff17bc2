import type { IncomingHttpHeaders } from 'node:http'

/** Longer request targets are refused (414): the studio's own addresses are short. */
export const MAX_TARGET_LENGTH = 2048

export type Target = { ok: true; path: string; query: string } | { ok: false; status: 400 | 414 }

/**
 * Splits a raw request target into its path and query without decoding anything: the
 * bridge matches paths as exact strings, so `/%69ndex.html`, `/./index.html` and `//`
 * simply name nothing. Only origin-form (`/…`) is accepted; never throws.
 */
export function parseTarget(raw: string | undefined): Target {
  if (typeof raw !== 'string' || raw.length === 0) return { ok: false, status: 400 }
  if (raw.length > MAX_TARGET_LENGTH) return { ok: false, status: 414 }
  if (raw[0] !== '/') return { ok: false, status: 400 }
  const q = raw.indexOf('?')
  const path = q < 0 ? raw : raw.slice(0, q)
  const query = q < 0 ? '' : raw.slice(q + 1)
  return { ok: true, path, query }
}

/** The addresses the server answers at: what it printed, and localhost on the same port. */
export function ownHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`]
}

export function ownOrigins(port: number): string[] {
  return ownHosts(port).map((h) => `http://${h}`)
}

/** A `Host` naming anything else (a rebinding DNS name, another port) is refused. */
export function hostAllowed(headers: IncomingHttpHeaders, port: number): boolean {
  const host = headers.host
  return typeof host === 'string' && ownHosts(port).includes(host.toLowerCase())
}

/**
 * Browsers always send `Origin` on a WebSocket upgrade: it must be the studio's own page.
 * `null` (sandboxed frames, files) and foreign origins are refused. Clients that are not
 * browsers send none, and then must present the token.
 */
export function originVerdict(
  headers: IncomingHttpHeaders,
  port: number
): 'own' | 'absent' | 'foreign' {
  const origin = headers.origin
  if (origin === undefined) return 'absent'
  return typeof origin === 'string' && ownOrigins(port).includes(origin.toLowerCase())
    ? 'own'
    : 'foreign'
}

/** One query parameter, undecoded beyond what URLSearchParams does (it never throws). */
export function queryParam(query: string, name: string): string | null {
  if (!query) return null
  return new URLSearchParams(query).get(name)
}
