import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'

/** Unused launch codes kept at once; older ones stop working. */
const MAX_CODES = 16
/** Browser sessions kept at once; the oldest is forgotten (its page must be reopened). */
const MAX_SESSIONS = 64

export const TOKEN_HEADER = 'x-gan-studio-token'

function secret(): string {
  return randomBytes(24).toString('base64url')
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

export type Exchange =
  | { kind: 'session'; setCookie: string; via: 'code' | 'token' }
  | { kind: 'refused'; via: 'code' | 'token' }

/**
 * Who may use the studio. Three secrets, each with one job:
 * - the launch token (long-lived, per launch): scripts send it in a header; `/?token=`
 *   also trades it for a session, for a browser that has no code;
 * - launch codes (`/?code=`): one-time, so the address `--open` passes to the browser
 *   (visible in process lists) is worthless once the browser has used it;
 * - sessions: what a code or the token is traded for, kept only in an `HttpOnly`,
 *   `SameSite=Strict` cookie, so no page script or foreign site ever sees one.
 */
export class LaunchAuth {
  readonly token: string
  /** Cookies ignore ports: one name per port keeps two servers' sessions apart. */
  readonly cookieName: string
  private readonly codes = new Set<string>()
  private readonly sessions = new Set<string>()

  constructor(port: number, token?: string) {
    this.token = token ?? secret()
    this.cookieName = `gan-studio-${port}`
  }

  /** A fresh one-time launch code. */
  newCode(): string {
    const code = secret()
    this.codes.add(code)
    if (this.codes.size > MAX_CODES) this.codes.delete(this.codes.values().next().value!)
    return code
  }

  /** Trades `code` (used up here) or `token` for a session; null when neither is given. */
  exchange(code: string | null, token: string | null): Exchange | null {
    if (code !== null) {
      if (!this.codes.delete(code)) return { kind: 'refused', via: 'code' }
      return { kind: 'session', setCookie: this.newSession(), via: 'code' }
    }
    if (token !== null) {
      if (!sameSecret(token, this.token)) return { kind: 'refused', via: 'token' }
      return { kind: 'session', setCookie: this.newSession(), via: 'token' }
    }
    return null
  }

  /** True when the request carries a live session cookie. */
  hasSession(headers: IncomingHttpHeaders): boolean {
    const header = headers.cookie
    if (typeof header !== 'string') return false
    for (const part of header.split(';')) {
      const eq = part.indexOf('=')
      if (eq < 0 || part.slice(0, eq).trim() !== this.cookieName) continue
      if (this.sessions.has(part.slice(eq + 1).trim())) return true
    }
    return false
  }

  /** True when the request carries the token as `Authorization: Bearer` or `x-gan-studio-token`. */
  hasToken(headers: IncomingHttpHeaders): boolean {
    const auth = headers.authorization
    if (typeof auth === 'string' && /^bearer /i.test(auth)) {
      if (sameSecret(auth.slice(7).trim(), this.token)) return true
    }
    const direct = headers[TOKEN_HEADER]
    return typeof direct === 'string' && sameSecret(direct, this.token)
  }

  private newSession(): string {
    const id = secret()
    this.sessions.add(id)
    if (this.sessions.size > MAX_SESSIONS)
      this.sessions.delete(this.sessions.values().next().value!)
    return `${this.cookieName}=${id}; HttpOnly; SameSite=Strict; Path=/`
  }
}
