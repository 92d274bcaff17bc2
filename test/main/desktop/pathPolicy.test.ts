import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CHOOSE_FOLDER_HINT,
  checkPath,
  FolderGrants,
  isWithin,
  nodePathPolicyEnv,
  pathsInCall,
  type PathPolicyEnv
} from '../../../src/main/desktop/pathPolicy'
import { StudioError } from '../../../src/shared/rpc'

// A real tree with real symlinks:
//   root/chosen/{a/, pics/cat.png, out-link -> root/secret, in-link -> chosen/a, dangling -> root/nowhere}
//   root/chosen-sibling/   root/secret/keys.txt   root/link-to-chosen -> chosen
let root: string
let chosen: string
beforeAll(() => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), 'gan-studio-paths-')))
  chosen = path.join(root, 'chosen')
  mkdirSync(path.join(chosen, 'a', 'deep'), { recursive: true })
  mkdirSync(path.join(chosen, 'pics'))
  writeFileSync(path.join(chosen, 'pics', 'cat.png'), 'x')
  mkdirSync(path.join(root, 'chosen-sibling'))
  mkdirSync(path.join(root, 'secret'))
  writeFileSync(path.join(root, 'secret', 'keys.txt'), 'x')
  symlinkSync(path.join(root, 'secret'), path.join(chosen, 'out-link'))
  symlinkSync(path.join(chosen, 'a'), path.join(chosen, 'in-link'))
  symlinkSync(path.join(root, 'nowhere'), path.join(chosen, 'dangling'))
  symlinkSync(chosen, path.join(root, 'link-to-chosen'))
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('checkPath', () => {
  it('allows the chosen folder, anything beneath it, and a folder yet to be created', () => {
    expect(checkPath(chosen, [chosen])).toEqual({ ok: true, resolved: chosen })
    expect(checkPath(path.join(chosen, 'a', 'deep'), [chosen]).ok).toBe(true)
    expect(checkPath(path.join(chosen, 'pics', 'cat.png'), [chosen]).ok).toBe(true)
    expect(checkPath(path.join(chosen, 'exports', 'new', 'grid.png'), [chosen]).ok).toBe(true)
    expect(checkPath(chosen + path.sep, [chosen]).ok).toBe(true)
  })

  it('refuses a path outside every chosen folder, including a sibling with the same prefix', () => {
    const outside = checkPath(path.join(root, 'secret', 'keys.txt'), [chosen])
    expect(outside).toEqual({
      ok: false,
      reason: expect.stringContaining('not in a folder you chose')
    })
    expect(checkPath(path.join(root, 'chosen-sibling'), [chosen]).ok).toBe(false)
    expect(checkPath(root, [chosen]).ok).toBe(false)
    expect(checkPath('/', [chosen]).ok).toBe(false)
  })

  it('refuses ".." segments, even ones that would land back inside', () => {
    expect(checkPath(`${chosen}/../secret`, [chosen])).toEqual({
      ok: false,
      reason: expect.stringContaining('".."')
    })
    expect(checkPath(`${chosen}/a/../a`, [chosen]).ok).toBe(false)
    expect(checkPath(`${chosen}/a/..`, [chosen]).ok).toBe(false)
  })

  it('refuses relative paths and non-strings', () => {
    expect(checkPath('chosen/a', [chosen])).toEqual({
      ok: false,
      reason: expect.stringContaining('not an absolute path')
    })
    expect(checkPath('', [chosen]).ok).toBe(false)
    expect(checkPath(42, [chosen]).ok).toBe(false)
    expect(checkPath(`${chosen}/a\0b`, [chosen]).ok).toBe(false)
  })

  it('follows symlinks: one that points out is refused, one that stays inside is allowed', () => {
    const out = checkPath(path.join(chosen, 'out-link', 'keys.txt'), [chosen])
    expect(out.ok).toBe(false)
    expect(!out.ok && out.reason).toContain(path.join(root, 'secret', 'keys.txt'))
    expect(checkPath(path.join(chosen, 'out-link', 'not-yet'), [chosen]).ok).toBe(false)
    expect(checkPath(path.join(chosen, 'in-link', 'deep'), [chosen])).toEqual({
      ok: true,
      resolved: path.join(chosen, 'a', 'deep')
    })
  })

  it('refuses a dangling symlink, which could be pointed anywhere later', () => {
    expect(checkPath(path.join(chosen, 'dangling'), [chosen]).ok).toBe(false)
    expect(checkPath(path.join(chosen, 'dangling', 'x'), [chosen]).ok).toBe(false)
  })

  it('allows a path reached through a symlink to a chosen folder', () => {
    expect(checkPath(path.join(root, 'link-to-chosen', 'a'), [chosen]).ok).toBe(true)
  })

  it('compares without case on Windows', () => {
    const win: PathPolicyEnv = {
      realpath: (p) => {
        throw Object.assign(new Error(`ENOENT ${p}`), { code: 'ENOENT' })
      },
      exists: () => false,
      path: path.win32,
      caseInsensitive: true
    }
    expect(checkPath('c:\\Users\\Ada\\Pictures\\cats', ['C:\\Users\\Ada\\Pictures'], win).ok).toBe(
      true
    )
    expect(checkPath('C:\\Users\\Ada\\Pictures2', ['C:\\Users\\Ada\\Pictures'], win).ok).toBe(false)
    expect(
      checkPath('C:\\Users\\Ada\\Pictures\\..\\Secrets', ['C:\\Users\\Ada\\Pictures'], win).ok
    ).toBe(false)
    expect(checkPath('D:\\Pictures', ['C:\\Users\\Ada\\Pictures'], win).ok).toBe(false)
  })

  it('isWithin is about path segments, not string prefixes', () => {
    expect(isWithin('/a/b', '/a/b', nodePathPolicyEnv)).toBe(true)
    expect(isWithin('/a/b', '/a/b/c', nodePathPolicyEnv)).toBe(true)
    expect(isWithin('/a/b', '/a/bc', nodePathPolicyEnv)).toBe(false)
    expect(isWithin('/a/b', '/a', nodePathPolicyEnv)).toBe(false)
    expect(isWithin('/a/b', '/a/b/..c', nodePathPolicyEnv)).toBe(true) // a folder named "..c"
  })
})

describe('FolderGrants', () => {
  it('always allows the data folder, and a folder once it is granted', () => {
    const data = path.join(root, 'data-dir-not-created-yet')
    const grants = new FolderGrants([data])
    expect(grants.check(path.join(data, 'runs', 'r1')).ok).toBe(true)
    expect(grants.check(path.join(chosen, 'a')).ok).toBe(false)
    grants.grant(path.join(root, 'link-to-chosen')) // granted through a symlink: stored resolved
    expect(grants.granted).toContain(chosen)
    expect(grants.check(path.join(chosen, 'a')).ok).toBe(true)
  })

  it('refuses with a message that says how to choose the folder', () => {
    const grants = new FolderGrants([chosen])
    let error: unknown
    try {
      grants.assertAllowed(path.join(root, 'secret'), 'openDataset.args.0.path')
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(StudioError)
    expect((error as StudioError).message).toContain(CHOOSE_FOLDER_HINT)
    expect((error as StudioError).message).toContain('openDataset.args.0.path')
    expect((error as StudioError).code).toBe('path-not-chosen')
    expect((error as StudioError).params).toEqual({
      where: 'openDataset.args.0.path',
      path: path.join(root, 'secret')
    })
    expect((error as StudioError).field).toBe('openDataset.args.0.path')
  })

  it('will not grant a relative or ".." path, nor a dangling link', () => {
    const grants = new FolderGrants([])
    expect(() => grants.grant('relative/folder')).toThrow(/absolute/)
    expect(() => grants.grant(`${chosen}/../secret`)).toThrow(/absolute/)
    expect(() => grants.grant(path.join(chosen, 'dangling'))).toThrow(/cannot be followed/)
    expect(grants.granted).toEqual([])
  })
})

describe('pathsInCall', () => {
  it('finds the dataset path of openDataset and startTraining from the contract', () => {
    expect(
      pathsInCall('openDataset', [{ kind: 'folder', path: '/pics' }, { resolution: 32 }])
    ).toEqual([{ where: 'openDataset.args.0.path', value: '/pics', intent: 'read' }])
    expect(pathsInCall('openDataset', [{ kind: 'builtin', name: 'shapes' }])).toEqual([])
    expect(
      pathsInCall('startTraining', [{ dataset: { kind: 'folder', path: '/pics' }, batchSize: 8 }])
    ).toEqual([{ where: 'startTraining.args.0.dataset.path', value: '/pics', intent: 'read' }])
  })

  it('finds positional paths: revealPath’s, and the export folder of exportGenerator', () => {
    expect(pathsInCall('revealPath', ['/runs/x'])).toEqual([
      { where: 'revealPath.args.0', value: '/runs/x', intent: 'read' }
    ])
    expect(pathsInCall('exportGenerator', [{ runId: 'r' }, '/out/g'])).toEqual([
      { where: 'exportGenerator.args.1', value: '/out/g', intent: 'write' }
    ])
    expect(pathsInCall('saveImages', [{ generation: 'g', dir: '/out/i' }])).toEqual([
      { where: 'saveImages.args.0.dir', value: '/out/i', intent: 'write' }
    ])
  })

  it('goes by the schema, not by key names or by what a string looks like', () => {
    expect(pathsInCall('setSettings', [{ theme: 'dark' }])).toEqual([])
    expect(pathsInCall('listCheckpoints', ['/etc/passwd'])).toEqual([])
    expect(pathsInCall('getInfo', [])).toEqual([])
    expect(pathsInCall('chooseFolder', ['dataset'])).toEqual([])
  })
})
