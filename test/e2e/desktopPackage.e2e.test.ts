import { spawn } from 'node:child_process'
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { extractAll, getRawHeader } from '@electron/asar'
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startElectronMirror, type ElectronMirror } from '../helpers/electronMirror'
import { cleanProjectCopy } from '../helpers/projectCopy'

/**
 * `npm run dist -- --dir`: the unpacked Linux app, built from a clean copy of the project
 * with Electron fetched from a stand-in mirror, then taken apart: what is inside the asar,
 * what sits unpacked beside it, what must never ship, the fuses, and whether the packaged
 * engine runs on its own files alone.
 */

interface Entry {
  files?: Record<string, Entry>
  size?: number
  unpacked?: boolean
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  return new Promise<{ code: number | null; output: string }>((done, fail) => {
    const child = spawn(cmd, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    child.on('error', fail)
    child.on('close', (code) => done({ code, output }))
  })
}

/** Every file in the asar's header, with whether it is stored unpacked. */
function listAsar(header: Entry, prefix = ''): { path: string; unpacked: boolean; size: number }[] {
  const out: { path: string; unpacked: boolean; size: number }[] = []
  for (const [name, entry] of Object.entries(header.files ?? {})) {
    const path = `${prefix}/${name}`
    if (entry.files) out.push(...listAsar(entry, path))
    else out.push({ path, unpacked: !!entry.unpacked, size: entry.size ?? 0 })
  }
  return out
}

describe('the packaged desktop app (electron-builder --dir)', () => {
  let project: ReturnType<typeof cleanProjectCopy>
  let mirror: ElectronMirror
  let resources: string
  let files: { path: string; unpacked: boolean; size: number }[]
  let packageJson: { dependencies: Record<string, string>; devDependencies: Record<string, string> }

  beforeAll(async () => {
    project = cleanProjectCopy('gan-studio-dist-')
    mirror = await startElectronMirror()
    const build = await run('npm', ['run', 'dist', '--', '--dir'], project.dir, mirror.env)
    expect(build.code, build.output).toBe(0)
    resources = join(project.dir, 'dist/linux-unpacked/resources')
    files = listAsar(getRawHeader(join(resources, 'app.asar')).header as Entry)
    packageJson = JSON.parse(readFileSync(join(project.dir, 'package.json'), 'utf8'))
    const asarMB = statSync(join(resources, 'app.asar')).size / 2 ** 20
    console.log(`app.asar: ${asarMB.toFixed(1)} MiB, ${files.length} files`)
  }, 600_000)
  afterAll(async () => {
    await mirror?.close()
    project?.remove()
  })

  it('downloaded Electron through the mirror and checked it against its SHASUMS256.txt', () => {
    expect(mirror.requests.some((r) => r.endsWith('.zip'))).toBe(true)
    expect(mirror.requests.some((r) => r.endsWith('/SHASUMS256.txt'))).toBe(true)
    expect(existsSync(join(project.dir, 'dist/linux-unpacked/gan-studio'))).toBe(true)
  })

  it('holds the built main, preload and renderer inside app.asar', () => {
    const packed = new Set(files.filter((f) => !f.unpacked).map((f) => f.path))
    for (const built of [
      '/package.json',
      '/out/main/index.js',
      '/out/main/engineHost.js',
      '/out/main/cli.js',
      '/out/preload/index.cjs',
      '/out/renderer/index.html'
    ]) {
      expect(packed, built).toContain(built)
    }
  })

  it('keeps every native addon and wasm binary unpacked beside the asar, for the target platform only', () => {
    const binaries = files.filter((f) => /\.(node|wasm)$|\.so(\.\d+)*$/.test(f.path))
    expect(binaries.filter((f) => !f.unpacked).map((f) => f.path)).toEqual([])
    const unpacked = binaries.map((f) => f.path)
    for (const needed of [
      /^\/node_modules\/@img\/sharp-linux-x64\/lib\/sharp-linux-x64[^/]*\.node$/,
      /^\/node_modules\/@img\/sharp-libvips-linux-x64\/lib\/libvips-cpp\.so/,
      /^\/node_modules\/@tensorflow\/tfjs-backend-wasm\/dist\/tfjs-backend-wasm-simd\.wasm$/,
      /^\/node_modules\/@tensorflow\/tfjs-backend-wasm\/dist\/tfjs-backend-wasm-threaded-simd\.wasm$/,
      /^\/node_modules\/webgpu\/dist\/linux-x64\/dawn\.node$/
    ]) {
      expect(
        unpacked.some((p) => needed.test(p)),
        String(needed)
      ).toBe(true)
    }
    expect(readdirSync(join(resources, 'app.asar.unpacked/node_modules/webgpu/dist'))).toEqual([
      'linux-x64'
    ])
    for (const f of binaries)
      expect(existsSync(join(resources, 'app.asar.unpacked', f.path)), f.path).toBe(true)
  })

  it('ships no dev dependency, nothing Vite bundled into the renderer, and no sources or typings', () => {
    const shipped = new Set(
      files
        .map((f) => /^\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f.path)?.[1])
        .filter((name): name is string => !!name)
    )
    const devOnly = Object.keys(packageJson.devDependencies)
    expect(devOnly).toEqual(
      expect.arrayContaining(['vue', 'pinia', 'chart.js', 'vue-chartjs', 'electron'])
    )
    expect(devOnly.filter((name) => shipped.has(name))).toEqual([])
    for (const name of Object.keys(packageJson.dependencies)) expect(shipped, name).toContain(name)
    expect(
      files
        .filter((f) => /\.(ts|map|md)$/.test(f.path) && !f.path.endsWith('.d.ts'))
        .map((f) => f.path)
    ).toEqual([])
  })

  it('flips Electron’s fuses: no run-as-node, NODE_OPTIONS or inspector; the app only from its asar', async () => {
    const wire = await getCurrentFuseWire(join(project.dir, 'dist/linux-unpacked/gan-studio'))
    const on = (fuse: FuseV1Options): boolean => wire[fuse] === 49 // '1'
    expect(on(FuseV1Options.RunAsNode)).toBe(false)
    expect(on(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe(false)
    expect(on(FuseV1Options.EnableNodeCliInspectArguments)).toBe(false)
    expect(on(FuseV1Options.OnlyLoadAppFromAsar)).toBe(true)
    expect(on(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe(true)
    expect(on(FuseV1Options.EnableCookieEncryption)).toBe(true)
    expect(on(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe(false)
  })

  it('runs the packaged engine with plain Node on the package’s files alone: info, then training on shapes', async () => {
    const app = mkdtempSync(join(tmpdir(), 'gan-studio-asar-'))
    const data = mkdtempSync(join(tmpdir(), 'gan-studio-asar-data-'))
    try {
      extractAll(join(resources, 'app.asar'), app)
      // The CLI entry is in the asar; bin/gan-studio.js is the checkout's launcher, not packaged.
      writeFileSync(
        join(app, 'run-cli.mjs'),
        "const { runCli } = await import('./out/main/cli.js')\nawait runCli(process.argv)\n"
      )
      const env = { GAN_STUDIO_BACKEND: 'wasm', NODE_PATH: '' }
      const info = await run(process.execPath, ['run-cli.mjs', 'info'], app, env)
      expect(info.code, info.output).toBe(0)
      expect(info.output).toMatch(/backend: wasm/)
      const train = await run(
        process.execPath,
        [
          'run-cli.mjs',
          'train',
          '--data',
          'shapes',
          '--steps',
          '3',
          '--batch',
          '8',
          '--width',
          '8',
          '--out',
          data
        ],
        app,
        env
      )
      expect(train.code, train.output).toBe(0)
      const [runId] = readdirSync(join(data, 'runs'))
      const metrics = readFileSync(join(data, 'runs', runId!, 'metrics.jsonl'), 'utf8')
        .trim()
        .split('\n')
      expect(metrics.length).toBeGreaterThanOrEqual(3)
      for (const line of metrics) {
        const m = JSON.parse(line) as { dLoss: number; gLoss: number }
        expect(Number.isFinite(m.dLoss) && Number.isFinite(m.gLoss)).toBe(true)
      }
    } finally {
      rmSync(app, { recursive: true, force: true })
      rmSync(data, { recursive: true, force: true })
    }
  })
})
