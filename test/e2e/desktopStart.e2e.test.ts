import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { metaContentSecurityPolicy } from '../../src/shared/csp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ELECTRON_VERSION, STAND_IN_LOG_ENV, startElectronMirror } from '../helpers/electronMirror'
import { cleanProjectCopy } from '../helpers/projectCopy'

/**
 * The README's start command, `npm start`, as a new user runs it after `npm install`:
 * no Electron binary yet. Electron's downloader is pointed at a stand-in on 127.0.0.1.
 */

interface Run {
  code: number | null
  output: string
}

function npmStart(cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn('npm', ['start'], {
      cwd,
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    child.on('error', fail)
    child.on('close', (code) => done({ code, output }))
  })
}

describe('npm start on a fresh install', () => {
  let project: ReturnType<typeof cleanProjectCopy>

  beforeAll(() => {
    project = cleanProjectCopy('gan-studio-start-')
  })
  afterAll(() => project?.remove())

  it('says what failed, how to use a mirror, and how to run in a browser when Electron cannot be fetched', async () => {
    const mirror = await startElectronMirror({ down: true })
    try {
      const log = join(project.dir, 'stand-in-launch.txt')
      const run = await npmStart(project.dir, { ...mirror.env, [STAND_IN_LOG_ENV]: log })
      expect(run.code).not.toBe(0)
      expect(mirror.requests.length).toBeGreaterThan(0)
      expect(run.output).toContain(
        `the Electron ${ELECTRON_VERSION} binary for linux-x64 could not be fetched`
      )
      expect(run.output).toMatch(/What failed: .*503/)
      expect(run.output).toContain(`From:        ${mirror.url}`)
      expect(run.output).toContain('ELECTRON_MIRROR=')
      expect(run.output).toContain('npx gan-studio serve --open')
      // One clear message, never a stack trace.
      expect(run.output).not.toMatch(/^\s+at /m)
      expect(existsSync(log)).toBe(false)
    } finally {
      await mirror.close()
    }
  })

  it('fetches Electron from the mirror, checks it, and launches it on the built app', async () => {
    const mirror = await startElectronMirror()
    try {
      const log = join(project.dir, 'stand-in-launch.txt')
      const run = await npmStart(project.dir, { ...mirror.env, [STAND_IN_LOG_ENV]: log })
      expect(run.code, run.output).toBe(0)
      expect(mirror.requests).toEqual(
        expect.arrayContaining([
          `/v${ELECTRON_VERSION}/electron-v${ELECTRON_VERSION}-linux-x64.zip`,
          `/v${ELECTRON_VERSION}/SHASUMS256.txt`
        ])
      )
      const [cwd, ...args] = readFileSync(log, 'utf8').trimEnd().split('\n')
      expect(cwd).toBe(project.dir)
      expect(args[0]).toBe('.')
      // `.` is the project: its package.json names the built main, which the build wrote.
      const pkg = JSON.parse(readFileSync(join(project.dir, 'package.json'), 'utf8')) as {
        main: string
      }
      for (const built of [
        pkg.main,
        'out/preload/index.cjs',
        'out/renderer/index.html',
        'out/main/engineHost.js'
      ]) {
        expect(existsSync(join(project.dir, built)), built).toBe(true)
      }
      // The built page carries the studio's CSP itself, whoever serves it.
      const html = readFileSync(join(project.dir, 'out/renderer/index.html'), 'utf8')
      const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)
      expect(meta?.[1]?.replaceAll('&#39;', "'")).toBe(metaContentSecurityPolicy())
      expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'))
      // A second start finds the binary and fetches nothing.
      const before = mirror.requests.length
      const again = await npmStart(project.dir, { ...mirror.env, [STAND_IN_LOG_ENV]: log })
      expect(again.code, again.output).toBe(0)
      expect(mirror.requests.length).toBe(before)
    } finally {
      await mirror.close()
    }
  })
})
