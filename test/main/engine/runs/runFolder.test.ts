import {
  appendFile,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  rm,
  stat,
  writeFile
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { atomicWrite } from '../../../../src/main/engine/fs/atomicWrite'
import { parseMetrics, RunFolder } from '../../../../src/main/engine/runs/runFolder'

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

describe('metrics.jsonl', () => {
  const lines = async (dir: string) =>
    (await readFile(join(dir, 'metrics.jsonl'), 'utf8')).split('\n').filter(Boolean)

  /** A new run folder root/<name> whose metrics hold steps 1 to `last`, flushed. */
  async function runWithSteps(name: string, last: number): Promise<string> {
    const dir = join(root, name)
    const folder = await RunFolder.create(dir)
    await folder.writeConfig({ runId: name })
    for (let step = 1; step <= last; step++) folder.addMetric({ step })
    await folder.flushMetrics()
    return dir
  }

  it('is appended to, never rewritten: earlier bytes and the file itself stay', async () => {
    const dir = join(root, 'append')
    const folder = await RunFolder.create(dir)
    folder.addMetric({ step: 1 })
    expect(await folder.flushMetrics({ sync: true })).toBe(1)
    const before = await stat(join(dir, 'metrics.jsonl'))
    const first = await readFile(join(dir, 'metrics.jsonl'))
    folder.addMetric({ step: 2 })
    folder.addMetric({ step: 3 })
    expect(await folder.flushMetrics()).toBe(2)
    expect(await folder.flushMetrics()).toBe(0)
    const after = await stat(join(dir, 'metrics.jsonl'))
    expect(after.ino).toBe(before.ino)
    const all = await readFile(join(dir, 'metrics.jsonl'))
    expect(all.subarray(0, first.length).equals(first)).toBe(true)
    expect((await lines(dir)).map((l) => JSON.parse(l))).toEqual([
      { step: 1 },
      { step: 2 },
      { step: 3 }
    ])
  })

  it('ignores a torn last line on read, and cuts it before appending on resume', async () => {
    const dir = await runWithSteps('torn', 4)
    // A crash mid-append: half a record, no newline.
    await appendFile(join(dir, 'metrics.jsonl'), '{"step":5,"dLo')
    const text = await readFile(join(dir, 'metrics.jsonl'), 'utf8')
    expect(parseMetrics(text)).toEqual({
      records: [{ step: 1 }, { step: 2 }, { step: 3 }, { step: 4 }],
      torn: 1
    })

    const resumed = await RunFolder.open(dir, 4)
    resumed.addMetric({ step: 5 })
    await resumed.flushMetrics({ sync: true })
    expect((await lines(dir)).map((l) => JSON.parse(l).step)).toEqual([1, 2, 3, 4, 5])
  })

  it('on resume from an earlier step, drops the records after it and continues the same file', async () => {
    const dir = await runWithSteps('rewind', 9)
    const inode = (await stat(join(dir, 'metrics.jsonl'))).ino
    const resumed = await RunFolder.open(dir, 6)
    resumed.addMetric({ step: 7, again: true })
    await resumed.flushMetrics()
    expect((await stat(join(dir, 'metrics.jsonl'))).ino).toBe(inode)
    expect((await lines(dir)).map((l) => JSON.parse(l))).toEqual([
      ...[1, 2, 3, 4, 5, 6].map((step) => ({ step })),
      { step: 7, again: true }
    ])
  })

  it('keeps records whose append failed, and writes them at the next flush', async () => {
    const dir = join(root, 'full-disk')
    const folder = await RunFolder.create(dir)
    folder.addMetric({ step: 1 })
    // A folder where the file should be: the append fails, as on a full disk.
    await mkdir(join(dir, 'metrics.jsonl'))
    await expect(folder.flushMetrics()).rejects.toThrow()
    await rm(join(dir, 'metrics.jsonl'), { recursive: true })
    folder.addMetric({ step: 2 })
    expect(await folder.flushMetrics()).toBe(2)
    expect((await lines(dir)).map((l) => JSON.parse(l).step)).toEqual([1, 2])
  })
})

describe('leftovers of a crash', () => {
  it('are removed when a run starts or resumes: partial checkpoints and temporary files', async () => {
    const dir = join(root, 'leftovers')
    const folder = await RunFolder.create(dir)
    await folder.writeConfig({ runId: 'leftovers' })
    const partial = join(dir, 'checkpoints', '.step-20.1a2b3c4d.partial')
    await mkdir(join(partial, 'generator'), { recursive: true })
    await writeFile(join(partial, 'generator', 'weights.bin'), 'half')
    await mkdir(join(dir, 'checkpoints', 'step-10'))
    await writeFile(join(dir, 'checkpoints', 'step-10', 'manifest.json'), '{}')
    await writeFile(join(dir, '.config.json.123.abcd.tmp'), '{')
    await writeFile(join(dir, 'samples', '.step-20.png.123.abcd.tmp'), '')
    await writeFile(join(dir, 'samples', 'step-10.png'), 'png')

    await RunFolder.open(dir, 10)
    expect(await readdir(join(dir, 'checkpoints'))).toEqual(['step-10'])
    expect((await readdir(dir)).sort()).toEqual(['checkpoints', 'config.json', 'samples'])
    expect(await readdir(join(dir, 'samples'))).toEqual(['step-10.png'])
  })
})
