import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clearGeneratorCache } from '../../../../src/main/engine/generate/generate'
import { FileExistsError, writeNewFile } from '../../../../src/main/engine/confine/writeNew'
import { Confinement, methodsTakingPaths } from '../../../../src/main/engine/confine/confine'
import { useWasmBackend } from '../../../helpers/wasmBackend'
import { solidImage } from '../data/helpers/images'
import { trainTinyRun } from '../../../helpers/tinyTraining'
import { startServedEngine, type RawAnswer } from './servedEngine'

// `gan-studio serve --allow <allowed>`: the engine reads and writes only under its data
// folder and <allowed>. Layout, all real:
//   allowed/pics/{red,blue}/*.png   allowed/link-out -> outside   allowed/link-in -> allowed/pics
//   outside/secret/{a.png,passwords.txt}
let root: string
let allowed: string
let outside: string
let served: Awaited<ReturnType<typeof startServedEngine>>

const refusal = (answer: RawAnswer) => (answer.ok ? undefined : answer.error)

beforeAll(async () => {
  await useWasmBackend()
  root = await mkdtemp(join(tmpdir(), 'gan-studio-confine-'))
  allowed = join(root, 'allowed')
  outside = join(root, 'outside')
  for (const c of ['red', 'blue']) {
    for (const i of [1, 2]) await solidImage(join(allowed, 'pics', c, `${i}.png`), c)
  }
  await solidImage(join(outside, 'secret', 'a.png'), 'green')
  writeFileSync(join(outside, 'secret', 'passwords.txt'), 'hunter2')
  symlinkSync(outside, join(allowed, 'link-out'))
  symlinkSync(join(allowed, 'pics'), join(allowed, 'link-in'))
  served = await startServedEngine({ confine: { allow: [allowed] } })
  await trainTinyRun(join(served.dataDir, 'runs'), 'r')
}, 120_000)
afterAll(async () => {
  clearGeneratorCache()
  await served?.stop()
  await rm(root, { recursive: true, force: true })
})

describe('serve confinement: reading', () => {
  it('opens a dataset under an --allow folder, and through a link that stays inside', async () => {
    const direct = await served.call('openDataset', [
      { kind: 'folder', path: join(allowed, 'pics') }
    ])
    expect(direct).toMatchObject({ ok: true, value: { count: 4 } })
    const linked = await served.call('openDataset', [
      { kind: 'folder', path: join(allowed, 'link-in') }
    ])
    expect(linked).toMatchObject({ ok: true, value: { count: 4 } })
  })

  it('refuses /etc, naming the flag that would allow it, and reveals nothing of it', async () => {
    const eventsBefore = served.events.length
    const answer = await served.call('openDataset', [{ kind: 'folder', path: '/etc' }])
    expect(refusal(answer)).toMatchObject({
      code: 'path-refused',
      field: 'openDataset.args.0.path'
    })
    expect(refusal(answer)?.message).toContain('gan-studio serve --allow "/etc"')
    expect(refusal(answer)?.message).not.toMatch(/passwd|hosts/)
    // Refused before the scan: not even a progress event about it.
    expect(served.events.slice(eventsBefore)).toEqual([])
  })

  it('refuses a folder outside, and a link inside the allowed folder that leads out', async () => {
    const secret = join(outside, 'secret')
    expect(
      refusal(await served.call('openDataset', [{ kind: 'folder', path: secret }]))
    ).toMatchObject({ code: 'path-refused' })
    const viaLink = await served.call('openDataset', [
      { kind: 'folder', path: join(allowed, 'link-out', 'secret') }
    ])
    expect(refusal(viaLink)?.code).toBe('path-refused')
    expect(refusal(viaLink)?.message).toContain(`it leads to "${secret}"`)
    const idx = await served.call('openDataset', [
      { kind: 'idx', path: join(allowed, 'link-out', 'secret', 'passwords.txt') }
    ])
    expect(refusal(idx)?.code).toBe('path-refused')
  })

  it('refuses relative paths and ".." with a message that says what to give instead', async () => {
    const relative = await served.call('openDataset', [{ kind: 'folder', path: 'pics' }])
    expect(refusal(relative)).toMatchObject({
      code: 'invalid-argument',
      field: 'openDataset.args.0.path'
    })
    expect(refusal(relative)?.message).toMatch(/"pics" is a relative path; give the full path/)
    const climbing = await served.call('openDataset', [
      { kind: 'folder', path: `${allowed}/pics/../../outside/secret` }
    ])
    expect(refusal(climbing)?.message).toMatch(/climbs out of its folder with "\.\."/)
  })

  it('checks the dataset of startTraining too', async () => {
    const answer = await served.call('startTraining', [
      { dataset: { kind: 'folder', path: join(outside, 'secret') }, batchSize: 8 }
    ])
    expect(refusal(answer)?.code).toBe('path-refused')
    expect(await served.call('getTrainingStatus', [])).toMatchObject({ value: { state: 'idle' } })
  })
})

describe('serve confinement: writing', () => {
  const ref = { runId: 'r' }

  it('exports under an --allow folder and under the data folder', async () => {
    const dest = join(allowed, 'exports', 'g1')
    expect(await served.call('exportGenerator', [ref, dest])).toEqual({
      ok: true,
      value: { path: dest }
    })
    expect(readdirSync(dest)).toContain('model.json')
    const inData = join(served.dataDir, 'exports', 'g1')
    expect(await served.call('exportGenerator', [ref, inData])).toMatchObject({ ok: true })
  })

  it('refuses an export outside (absolute, relative, through a link)', async () => {
    const out = join(outside, 'stolen')
    const absolute = await served.call('exportGenerator', [ref, out])
    expect(refusal(absolute)).toMatchObject({
      code: 'path-refused',
      field: 'exportGenerator.args.1'
    })
    expect(refusal(absolute)?.message).toContain(`--allow "${out}"`)
    const relative = await served.call('exportGenerator', [ref, '../../x'])
    expect(refusal(relative)).toMatchObject({
      code: 'invalid-argument',
      field: 'exportGenerator.args.1'
    })
    const viaLink = await served.call('exportGenerator', [ref, join(allowed, 'link-out', 'x')])
    expect(refusal(viaLink)?.code).toBe('path-refused')
    expect(existsSync(out)).toBe(false)
    expect(existsSync(join(outside, 'x'))).toBe(false)
  })

  it('never overwrites a file it did not create, unless asked to', async () => {
    const dest = join(allowed, 'exports', 'busy')
    mkdirSync(dest, { recursive: true })
    writeFileSync(join(dest, 'model.json'), 'my own notes')
    const refused = await served.call('exportGenerator', [ref, dest])
    expect(refusal(refused)).toMatchObject({ code: 'file-exists' })
    expect(refusal(refused)?.message).toMatch(/already holds model\.json; choose an empty folder/)
    expect(readFileSync(join(dest, 'model.json'), 'utf8')).toBe('my own notes')
    expect(readdirSync(dest)).toEqual(['model.json'])
    // A second export into its own earlier export is refused the same way.
    const again = await served.call('exportGenerator', [ref, join(allowed, 'exports', 'g1')])
    expect(refusal(again)?.code).toBe('file-exists')
    const forced = await served.call('exportGenerator', [ref, dest, { overwrite: true }])
    expect(forced).toMatchObject({ ok: true })
    expect(JSON.parse(readFileSync(join(dest, 'model.json'), 'utf8'))).toHaveProperty(
      'modelTopology'
    )
  })

  it('saves images by reference only: sent bytes are refused, and the folder is confined', async () => {
    const bytes = await served.call('saveImages', [
      { dir: join(allowed, 'saved'), images: [new Uint8Array([1, 2, 3])], prefix: 'evil' }
    ])
    expect(refusal(bytes)).toMatchObject({
      code: 'invalid-argument',
      field: 'saveImages.args.0.generation'
    })
    expect(refusal(bytes)?.message).toMatch(/saved by reference, never sent/)
    expect(existsSync(join(allowed, 'saved'))).toBe(false)

    const made = await served.call('generate', [{ checkpoint: ref, label: 0, count: 2 }])
    expect(made.ok).toBe(true)
    const id = made.ok ? (made.value as { id: string }).id : ''
    const saved = await served.call('saveImages', [{ generation: id, dir: join(allowed, 'saved') }])
    expect(saved).toMatchObject({
      ok: true,
      value: { paths: [expect.any(String), expect.any(String)] }
    })
    const escaped = await served.call('saveImages', [
      { generation: id, dir: join(outside, 'saved') }
    ])
    expect(refusal(escaped)?.code).toBe('path-refused')
    expect(existsSync(join(outside, 'saved'))).toBe(false)
  })
})

describe('Confinement', () => {
  it('is derived from the contract: the methods whose arguments hold a path', () => {
    expect(methodsTakingPaths().sort()).toEqual(
      [
        'exportGenerator',
        'exportTorch',
        'openDataset',
        'revealPath',
        'saveImages',
        'startTraining'
      ].sort()
    )
  })

  it('without roots (the desktop engine: main polices) checks only the form', () => {
    const open = new Confinement(null)
    expect(open.resolve('/anywhere/at/all', 'x')).toBe('/anywhere/at/all')
    expect(() => open.resolve('relative', 'x')).toThrow(/not an absolute path/)
    expect(() => open.resolve('/a/../b', 'x')).toThrow(/"\.\."/)
  })

  it('names every root in its refusal', () => {
    const c = new Confinement([join(root, 'data'), allowed])
    expect(() => c.resolve('/etc/hosts', 'openDataset.args.0.path')).toThrow(
      `its data folder "${join(root, 'data')}" and "${allowed}"`
    )
  })
})

describe('writeNewFile', () => {
  it('creates a file whole, and refuses any name already taken, a dangling link included', async () => {
    const dir = join(root, 'write-new')
    mkdirSync(dir)
    await writeNewFile(join(dir, 'a.txt'), 'one')
    await expect(writeNewFile(join(dir, 'a.txt'), 'two')).rejects.toBeInstanceOf(FileExistsError)
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('one')
    symlinkSync(join(outside, 'planted'), join(dir, 'b.txt'))
    await expect(writeNewFile(join(dir, 'b.txt'), 'x')).rejects.toBeInstanceOf(FileExistsError)
    expect(existsSync(join(outside, 'planted'))).toBe(false)
    expect(readdirSync(dir).sort()).toEqual(['a.txt', 'b.txt'])
  })
})
