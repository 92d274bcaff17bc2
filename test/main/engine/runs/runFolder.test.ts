import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { atomicWrite } from '../../../../src/main/engine/fs/atomicWrite'
import { RunFolder } from '../../../../src/main/engine/runs/runFolder'

let root: string
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'gan-runs-'))
})
afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('atomicWrite', () => {
  it('replaces a file whole and leaves no temporary behind', async () => {
    const path = join(root, 'a.json')
    await writeFile(path, 'old')
    await atomicWrite(path, 'new contents')
    expect(await readFile(path, 'utf8')).toBe('new contents')
    await atomicWrite(path, new Uint8Array([1, 2, 3]))
    expect([...(await readFile(path))]).toEqual([1, 2, 3])
    expect(await readdir(root)).toEqual(['a.json'])
  })

  it('leaves the old file and no temporary when the write fails', async () => {
    const path = join(root, 'missing-folder', 'a.json')
    await expect(atomicWrite(path, 'x')).rejects.toThrow()
    await writeFile(join(root, 'b'), 'old')
    // A folder in the way of the rename: the write fails, the folder stays as it was.
    await expect(atomicWrite(root, 'x')).rejects.toThrow()
    expect(await readFile(join(root, 'b'), 'utf8')).toBe('old')
    expect((await readdir(root)).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })
})

describe('RunFolder', () => {
  it('lays out config, metrics and samples, and names checkpoint folders', async () => {
    const dir = join(root, 'runs', 'r1')
    const folder = await RunFolder.create(dir)
    await folder.writeConfig({ runId: 'r1' })
    folder.addMetric({ step: 1 })
    folder.addMetric({ step: 2 })
    await folder.flushMetrics()
    folder.addMetric({ step: 3 })
    await folder.flushMetrics()
    const written = await folder.writeSample(100, new Uint8Array([137, 80, 78, 71]))

    expect(JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'))).toEqual({ runId: 'r1' })
    const lines = (await readFile(join(dir, 'metrics.jsonl'), 'utf8')).trim().split('\n')
    expect(lines.map((l) => JSON.parse(l))).toEqual([{ step: 1 }, { step: 2 }, { step: 3 }])
    expect(written).toBe(join(dir, 'samples', 'step-100.png'))
    expect(await readdir(join(dir, 'samples'))).toEqual(['step-100.png'])
    expect(folder.checkpointDir(500)).toBe(join(dir, 'checkpoints', 'step-500'))
  })

  it('refuses a folder that already holds a run', async () => {
    const dir = join(root, 'r2')
    await (await RunFolder.create(dir)).writeConfig({})
    await expect(RunFolder.create(dir)).rejects.toThrow(/already holds a run/)
  })
})
