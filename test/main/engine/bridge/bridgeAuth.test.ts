import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '../../../../src/shared/csp'
import {
  ASSET_PATH,
  httpGet,
  openSocket,
  PAGE_MARKER,
  signIn,
  startTestBridge,
  type TestBridge
} from './helpers/bridgeFixture'
import { clientOver } from '../../../helpers/socketClient'

// Only the studio's own page, opened by someone who holds a launch code or the token,
// may talk to the engine.
describe('who the bridge lets in', () => {
  let t: TestBridge
  let port: number
  let host: string
  let own: string

  beforeAll(async () => {
    t = await startTestBridge()
    port = t.bridge.port
    host = `127.0.0.1:${port}`
    own = `http://${host}`
  })
  afterAll(() => t?.stop())

  const get = (path: string, headers: Record<string, string> = {}) =>
    httpGet(port, path, { host, ...headers })
  const pathOf = (url: string): string => url.slice(own.length)

  describe('the launch code', () => {
    it('is traded once for an HttpOnly, SameSite=Strict session cookie and a redirect to /', async () => {
      const launch = t.bridge.launchUrl()
      expect(launch).toMatch(new RegExp(`^${own}/\\?code=[\\w-]{20,}$`))
      const code = new URL(launch).searchParams.get('code')!
      const res = await get(pathOf(launch))
      expect(res.status).toBe(303)
      expect(res.headers.location).toBe('/')
      const cookie = res.headers['set-cookie']![0]!
      expect(cookie).toMatch(new RegExp(`^gan-studio-${port}=[\\w-]{20,}; `))
      expect(cookie).toMatch(/; HttpOnly/)
      expect(cookie).toMatch(/; SameSite=Strict/)
      expect(cookie).toMatch(/; Path=\//)
      // The session is a secret of its own: neither the code nor the token.
      const session = cookie.split(';')[0]!.split('=')[1]!
      expect(session).not.toBe(code)
      expect(session).not.toBe(t.bridge.token)
      expect(t.sessions.at(-1)).toBe('code')

      const page = await get('/', { cookie: cookie.split(';')[0]! })
      expect(page.status).toBe(200)
      expect(page.body).toContain(PAGE_MARKER)
    })

    it('is refused the second time, with what to do instead', async () => {
      const launch = t.bridge.launchUrl()
      expect((await get(pathOf(launch))).status).toBe(303)
      const again = await get(pathOf(launch))
      expect(again.status).toBe(403)
      expect(again.headers['set-cookie']).toBeUndefined()
      expect(again.body).toMatch(/already used/)
      expect(again.body).toMatch(/\?token=/)
    })

    it('is refused when made up', async () => {
      const res = await get('/?code=made-up-code-that-was-never-issued')
      expect(res.status).toBe(403)
      expect(res.headers['set-cookie']).toBeUndefined()
    })

    it('is left unused when the browser is already signed in, and only the address is cleaned', async () => {
      const cookie = await signIn(t.bridge)
      const launch = t.bridge.launchUrl()
      const res = await get(pathOf(launch), { cookie })
      expect(res.status).toBe(303)
      expect(res.headers.location).toBe('/')
      expect(res.headers['set-cookie']).toBeUndefined()
      // Still good for the browser it was meant for.
      expect((await get(pathOf(launch))).status).toBe(303)
    })
  })

  describe('the token', () => {
    it('signs a browser in from /?token=, with a redirect that drops it from the address', async () => {
      expect(t.bridge.tokenUrl).toBe(`${own}/?token=${t.bridge.token}`)
      const res = await get(pathOf(t.bridge.tokenUrl))
      expect(res.status).toBe(303)
      expect(res.headers.location).toBe('/')
      expect(res.headers['set-cookie']![0]).toMatch(/HttpOnly; SameSite=Strict; Path=\//)
      expect(t.sessions.at(-1)).toBe('token')
      // It keeps working: it is this launch's fallback for another browser.
      expect((await get(pathOf(t.bridge.tokenUrl))).status).toBe(303)
    })

    it('refuses a wrong token', async () => {
      const res = await get('/?token=wrong')
      expect(res.status).toBe(403)
      expect(res.headers['set-cookie']).toBeUndefined()
    })

    it('opens a socket when sent as Authorization: Bearer or x-gan-studio-token', async () => {
      const ways: Record<string, string>[] = [
        { authorization: `Bearer ${t.bridge.token}` },
        { 'x-gan-studio-token': t.bridge.token }
      ]
      for (const headers of ways) {
        const ws = await openSocket(port, headers)
        expect((await clientOver(ws).getInfo()).shell).toBe('browser')
        ws.close()
      }
    })

    it('opens no socket when wrong, or when only in the query', async () => {
      await expect(openSocket(port, { authorization: 'Bearer wrong' })).rejects.toThrow(/401/)
      await expect(openSocket(port, { 'x-gan-studio-token': 'wrong' })).rejects.toThrow(/401/)
      await expect(openSocket(port, {}, `/studio?token=${t.bridge.token}`)).rejects.toThrow(/401/)
    })
  })

  describe('the page', () => {
    it('is refused without a session, saying how to sign in', async () => {
      const res = await get('/')
      expect(res.status).toBe(403)
      expect(res.body).toMatch(/not signed in/)
      expect(res.body).not.toContain(PAGE_MARKER)
    })

    it("comes with the studio's CSP and no-sniff, no-referrer, no-store", async () => {
      const res = await get('/', { cookie: await signIn(t.bridge) })
      expect(res.status).toBe(200)
      expect(res.headers['content-security-policy']).toBe(contentSecurityPolicy())
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      expect(res.headers['referrer-policy']).toBe('no-referrer')
      expect(res.headers['cache-control']).toBe('no-store')
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
    })

    it('answers at localhost:<port> too, and at no other Host', async () => {
      const cookie = await signIn(t.bridge)
      expect((await httpGet(port, '/', { host: `localhost:${port}`, cookie })).status).toBe(200)
      for (const other of [
        'evil.example',
        `evil.example:${port}`,
        '127.0.0.1',
        `127.0.0.2:${port}`
      ]) {
        const res = await httpGet(port, '/', { host: other, cookie })
        expect(res.status).toBe(403)
        expect(res.body).not.toContain(PAGE_MARKER)
      }
      expect((await httpGet(port, ASSET_PATH, { host: 'evil.example' })).status).toBe(403)
    })

    it('is reached by no path trick without a session', async () => {
      for (const path of [
        '/%69ndex.html',
        '/./index.html',
        '//',
        '//index.html',
        '/index.html',
        '/?',
        '/#'
      ]) {
        const res = await get(path)
        expect(res.status, path).not.toBe(200)
        expect(res.body, path).not.toContain(PAGE_MARKER)
      }
    })

    it("ignores another port's session cookie and a made-up one", async () => {
      const cookie = await signIn(t.bridge)
      const value = cookie.split('=')[1]!
      expect((await get('/', { cookie: `gan-studio-${port + 1}=${value}` })).status).toBe(403)
      expect((await get('/', { cookie: `gan-studio-${port}=made-up` })).status).toBe(403)
      expect((await get('/', { cookie: `other=1; ${cookie}` })).status).toBe(200)
    })

    it('serves its hashed scripts to a good Host without a session', async () => {
      const res = await get(ASSET_PATH)
      expect(res.status).toBe(200)
      expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8')
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      expect((await get('/assets/odd%20name.js')).status).toBe(404)
    })
  })

  describe('the socket', () => {
    it("opens for the studio's own page: its Origin and its session cookie", async () => {
      const cookie = await signIn(t.bridge)
      for (const origin of [own, `http://localhost:${port}`]) {
        const ws = await openSocket(port, { cookie, origin })
        expect((await clientOver(ws).getInfo()).shell).toBe('browser')
        ws.close()
      }
    })

    it('refuses any other Origin, even with a session or the token', async () => {
      const cookie = await signIn(t.bridge)
      const token = { authorization: `Bearer ${t.bridge.token}` }
      for (const origin of [
        'null',
        'http://evil.example',
        `http://127.0.0.1:${port + 1}`,
        `https://127.0.0.1:${port}`,
        `http://127.0.0.1.evil.example:${port}`,
        'file://'
      ]) {
        await expect(openSocket(port, { cookie, origin }), origin).rejects.toThrow(/403/)
        await expect(openSocket(port, { ...token, origin }), origin).rejects.toThrow(/403/)
      }
    })

    it('refuses its own Origin without a session', async () => {
      await expect(openSocket(port, { origin: own })).rejects.toThrow(/401/)
    })

    it('refuses a Host other than its own, even with the token', async () => {
      await expect(
        openSocket(port, { host: 'evil.example', authorization: `Bearer ${t.bridge.token}` })
      ).rejects.toThrow(/403/)
    })
  })
})
