import { readFile, writeFile } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { TrainConfigSchema } from '../../../../src/shared/train'
import { generate, interpolate } from '../../../../src/main/engine/generate/generate'
import { readManifest } from '../../../../src/main/engine/runs/checkpoint'
import {
  exportGenerator,
  listCheckpoints,
  prepareResume,
  resolveCheckpoint
} from '../../../../src/main/engine/runs/runStore'
import { Trainer } from '../../../../src/main/engine/train/trainer'
import { tinyShapes, trainedTinyRuns } from '../../../helpers/tinyTraining'

// The real hash and the real reads, counted: which checkpoint's bytes each call touched.
const seen = vi.hoisted(() => ({ hashes: 0, reads: [] as string[] }))
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>()
  const counted = ((algorithm: string, ...rest: []) => {
    if (algorithm === 'sha256') seen.hashes++
    return actual.createHash(algorithm, ...rest)
  }) as typeof actual.createHash
  return { ...actual, default: { ...actual, createHash: counted }, createHash: counted }
})
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>()
  const counted = ((path: Parameters<typeof actual.readFile>[0], ...rest: []) => {
    seen.reads.push(String(path))
    return actual.readFile(path, ...rest)
  }) as typeof actual.readFile
  return { ...actual, default: { ...actual, readFile: counted }, readFile: counted }
})

// Checkpoints at steps 2, 4, 6 and 8.
const { root, runsDir } = trainedTinyRuns('gan-verify-once-', { run: { maxSteps: 8 } })
const runDir = join(runsDir, 'run')
beforeEach(() => {
  seen.hashes = 0
  seen.reads = []
})

const ck = (step: number) => join(runDir, 'checkpoints', `step-${step}`)
/** The checkpoint folders whose files were read since the last reset. */
const checkpointsRead = () =>
  [
    ...new Set(
      seen.reads
        .map((p) => relative(join(runDir, 'checkpoints'), p))
        .filter((r) => !r.startsWith('..') && r.includes(sep))
        .map((r) => r.split(sep)[0])
    )
  ].sort()
const filesOf = async (step: number) => Object.keys((await readManifest(ck(step))).files).length

describe('checkpoint files are verified once, when a checkpoint is used', () => {
  it('generate hashes only the checkpoint it loads, and only the first time', async () => {
    await generate(runsDir, { checkpoint: { runId: 'run' }, count: 2, seed: 1 })
    expect(checkpointsRead()).toEqual(['step-8'])
    expect(seen.hashes).toBe(await filesOf(8))

    seen.hashes = 0
    await interpolate(runsDir, { checkpoint: { runId: 'run' }, seedA: 1, seedB: 2, steps: 3 })
    await generate(runsDir, { checkpoint: { runId: 'run' }, count: 2, seed: 2 })
    expect(seen.hashes).toBe(0)
  })

  it('interpolate, export and resume of one step touch that checkpoint alone', async () => {
    await interpolate(runsDir, {
      checkpoint: { runId: 'run', step: 4 },
      seedA: 1,
      seedB: 2,
      steps: 3
    })
    expect(checkpointsRead()).toEqual(['step-4'])
    expect(seen.hashes).toBe(await filesOf(4))

    seen.reads = []
    seen.hashes = 0
    await exportGenerator(runsDir, { runId: 'run', step: 2 }, join(root, 'export'))
    expect(checkpointsRead()).toEqual(['step-2'])
    expect(seen.hashes).toBe(await filesOf(2))

    seen.reads = []
    seen.hashes = 0
    const resume = await prepareResume(runsDir, { runId: 'run', step: 6 })
    const restored = await new Trainer({
      config: TrainConfigSchema.parse({ ...resume.config, maxSteps: 6 }),
      dataset: tinyShapes,
      runId: 'run-resumed',
      runDir: join(root, 'resumed'),
      resumeFrom: resume.checkpointDir,
      progressIntervalMs: 0
    }).run()
    expect(restored).toMatchObject({ state: 'finished', step: 6 })
    expect(checkpointsRead()).toEqual(['step-6'])
    // Resolved, then restored by the trainer: hashed once between them.
    expect(seen.hashes).toBe(await filesOf(6))
  }, 60_000)

  it('listing hashes each checkpoint once; a later change is still caught by listing and loading', async () => {
    const first = await listCheckpoints(runsDir, 'run')
    expect(first.map((c) => [c.step, c.state])).toEqual([
      [2, 'whole'],
      [4, 'whole'],
      [6, 'whole'],
      [8, 'whole']
    ])
    // Listed again: nothing changed, so nothing is hashed (or read) again.
    seen.hashes = 0
    seen.reads = []
    await listCheckpoints(runsDir, 'run')
    expect(seen.hashes).toBe(0)
    expect(checkpointsRead()).toEqual([])

    // Same size, other bytes: only a hash can tell.
    const weights = join(ck(8), 'generator', 'weights.bin')
    const bytes = await readFile(weights)
    bytes[0] = bytes[0]! ^ 0xff
    await writeFile(weights, bytes)

    const after = await listCheckpoints(runsDir, 'run')
    expect(after.find((c) => c.step === 8)).toMatchObject({
      state: 'damaged',
      problem: expect.stringMatching(/generator\/weights\.bin is corrupt/)
    })
    expect(after.filter((c) => c.state === 'whole').map((c) => c.step)).toEqual([2, 4, 6])
    // Only the changed checkpoint was hashed again.
    expect(seen.hashes).toBe(await filesOf(8))

    await expect(
      generate(runsDir, { checkpoint: { runId: 'run', step: 8 }, count: 1, seed: 0 })
    ).rejects.toThrow(/step 8 will not load: generator\/weights\.bin is corrupt/)
    // The latest loadable is now step 6.
    expect(await resolveCheckpoint(runsDir, { runId: 'run' })).toBe(ck(6))
  })
})
