import * as tf from '@tensorflow/tfjs'
import { spawn } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  checkFiles,
  DISCRIMINATOR_DIR,
  GENERATOR_DIR,
  loadLayersModelFrom,
  readManifest,
  restoreOptimizers
} from '../../../../src/main/engine/runs/checkpoint'
import { parseMetrics } from '../../../../src/main/engine/runs/runFolder'
import { listCheckpointsIn } from '../../../../src/main/engine/runs/runStore'
import { useWasmBackend } from '../../../helpers/wasmBackend'

// A `gan-studio train` child process killed with SIGKILL at several points: each time what
// it left must list, load and resume to exactly the run it would have been. The child runs
// the built CLI (`npm run build`, which the test command runs before the unit tests).
const REPO = resolve(import.meta.dirname, '../../../..')
const BIN = join(REPO, 'bin', 'gan-studio.js')
const CRASH_AT = join(import.meta.dirname, 'helpers', 'crashAt.mjs')
const STEPS = 30
const EVERY = 3

const trainArgs = (out: string) => [
  ...['train', '--data', 'shapes', '--out', out, '--steps', String(STEPS)],
  ...['--checkpoint-every', String(EVERY), '--batch', '8', '--width', '4', '--noise-dim', '8'],
  ...['--resolution', '28', '--sample-every', '10', '--seed', '5']
]

interface Child {
  code: number | null
  signal: NodeJS.Signals | null
  output: string
}

/**
 * Runs the CLI; `killIn` is polled every few milliseconds and, once it gives a delay, the
 * child gets SIGKILL from outside after it, wherever it is (almost always inside a step).
 */
function runCli(
  args: string[],
  opts: { crashAt?: string; killIn?: () => number | undefined } = {}
): Promise<Child> {
  const node = opts.crashAt ? ['--import', CRASH_AT] : []
  const child = spawn(process.execPath, [...node, BIN, ...args], {
    env: {
      ...process.env,
      GAN_STUDIO_BACKEND: 'wasm',
      ...(opts.crashAt ? { GAN_STUDIO_CRASH_AT: opts.crashAt } : {})
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr.on('data', (d: Buffer) => (output += d.toString()))
  let poll: NodeJS.Timeout | undefined
  if (opts.killIn) {
    const killIn = opts.killIn
    poll = setInterval(() => {
      const delay = killIn()
      if (delay === undefined) return
      clearInterval(poll)
      setTimeout(() => child.kill('SIGKILL'), delay)
    }, 5)
  }
  return new Promise((done) =>
    child.on('exit', (code, signal) => {
      clearInterval(poll)
      done({ code, signal, output })
    })
  )
}

async function onlyRun(out: string): Promise<string> {
  const runs = await readdir(join(out, 'runs'))
  expect(runs).toHaveLength(1)
  return join(out, 'runs', runs[0]!)
}

type Row = [number, number, number, number, number, number]
/** Each metrics record as [step, epoch, D loss, G loss, D(x), D(G(z))]. */
async function metricRows(runDir: string): Promise<{ rows: Row[]; torn: number }> {
  const { records, torn } = parseMetrics(await readFile(join(runDir, 'metrics.jsonl'), 'utf8'))
  const rows = records.map(
    (r) => [r.step, r.epoch, r.dLoss, r.gLoss, r.dReal, r.dFake].map(Number) as Row
  )
  return { rows, torn }
}

/**
 * What a crash must leave: every listed checkpoint whole and loading (models and both
 * optimisers), and metrics.jsonl parsing, with each step up to the last checkpoint exactly
 * once. Returns the last checkpoint's step.
 */
async function checkAfterCrash(runDir: string): Promise<number> {
  const list = await listCheckpointsIn(runDir)
  expect(list.length).toBeGreaterThan(0)
  for (const c of list) {
    expect(c, `step ${c.step}: ${c.problem}`).toMatchObject({ state: 'whole' })
    const manifest = await readManifest(c.path)
    expect(await checkFiles(c.path, manifest)).toBeUndefined()
    const g = await loadLayersModelFrom(join(c.path, GENERATOR_DIR))
    const d = await loadLayersModelFrom(join(c.path, DISCRIMINATOR_DIR))
    const [gOpt, dOpt] = [tf.train.adam(2e-4, 0.5), tf.train.adam(2e-4, 0.5)]
    await restoreOptimizers(c.path, gOpt, dOpt)
    for (const x of [g, d, gOpt, dOpt]) x.dispose()
  }
  const last = list.at(-1)!.step
  const { rows } = await metricRows(runDir)
  const steps = rows.map((r) => r[0])
  expect(steps.slice(0, last)).toEqual(Array.from({ length: last }, (_, i) => i + 1))
  // Steps after the checkpoint may be there too (appended every few seconds), in order.
  expect(steps).toEqual(Array.from({ length: steps.length }, (_, i) => i + 1))
  return last
}

let root: string
let reference: { rows: Row[]; finalWeights: string }

beforeAll(async () => {
  if (!existsSync(join(REPO, 'out', 'main', 'cli.js'))) {
    throw new Error('The crash test runs the built CLI: run `npm run build` first.')
  }
  await useWasmBackend()
  root = await mkdtemp(join(tmpdir(), 'gan-crash-'))
  // The uninterrupted run every crashed one must end up equal to.
  const out = join(root, 'uninterrupted')
  const run = await runCli(trainArgs(out))
  expect(run.code, run.output).toBe(0)
  const runDir = await onlyRun(out)
  const final = await readManifest(join(runDir, 'checkpoints', `step-${STEPS}`))
  reference = {
    rows: (await metricRows(runDir)).rows,
    finalWeights: final.files['generator/weights.bin']!.sha256
  }
  expect(reference.rows.map((r) => r[0])).toEqual(Array.from({ length: STEPS }, (_, i) => i + 1))
}, 300_000)
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true })
})

/** Resumes the crashed run with `--resume <run folder>` and compares it with the reference. */
async function resumeAndCompare(runDir: string, fromStep: number): Promise<void> {
  const resumed = await runCli(['train', '--resume', runDir])
  expect(resumed.code, resumed.output).toBe(0)
  expect(resumed.output).toContain(
    `resume:  from ${join(runDir, 'checkpoints', `step-${fromStep}`)}`
  )
  const { rows, torn } = await metricRows(runDir)
  expect(torn).toBe(0)
  // The same file, every step once, and the same losses bit for bit as never having crashed.
  expect(rows).toEqual(reference.rows)
  const final = await readManifest(join(runDir, 'checkpoints', `step-${STEPS}`))
  expect(final.files['generator/weights.bin']!.sha256).toBe(reference.finalWeights)
  const leftovers = (await readdir(join(runDir, 'checkpoints'))).filter((n) => n.startsWith('.'))
  expect(leftovers).toEqual([])
}

describe('a training process killed with SIGKILL', () => {
  it('mid-step: loses nothing before the last checkpoint, and resumes to the same run', async () => {
    const out = join(root, 'mid-step')
    const seen = new Map<number, number>()
    const crashed = await runCli(trainArgs(out), {
      // Half a checkpoint interval after step 6's lands (timed from step 3's), whatever the
      // machine's speed: the child is then training, between checkpoints.
      killIn: () => {
        const now = performance.now()
        if (!seen.has(3) && hasCheckpoint(join(out, 'runs'), 3)) seen.set(3, now)
        if (!seen.has(3) || !hasCheckpoint(join(out, 'runs'), 6)) return undefined
        return (now - seen.get(3)!) / 2
      }
    })
    expect(crashed.signal, crashed.output).toBe('SIGKILL')
    const runDir = await onlyRun(out)
    const last = await checkAfterCrash(runDir)
    expect(last).toBeGreaterThanOrEqual(6)
    expect(last).toBeLessThan(STEPS)
    await resumeAndCompare(runDir, last)
  }, 300_000)

  it('mid-checkpoint-write: the half-written checkpoint is not listed, and goes at the next start', async () => {
    const out = join(root, 'mid-write')
    const crashed = await runCli(trainArgs(out), { crashAt: 'write:12' })
    expect(crashed.signal, crashed.output).toBe('SIGKILL')
    const runDir = await onlyRun(out)
    const names = await readdir(join(runDir, 'checkpoints'))
    // Killed with the models written and the optimisers not: a partial folder, never step-12.
    expect(names.filter((n) => /^\.step-12\..*\.partial$/.test(n))).toHaveLength(1)
    expect(names).not.toContain('step-12')
    expect(await checkAfterCrash(runDir)).toBe(9)
    await resumeAndCompare(runDir, 9)
  }, 300_000)

  it('just after a checkpoint: that checkpoint is whole, with every step before it', async () => {
    const out = join(root, 'just-after')
    const crashed = await runCli(trainArgs(out), { crashAt: 'after:15' })
    expect(crashed.signal, crashed.output).toBe('SIGKILL')
    const runDir = await onlyRun(out)
    expect(await checkAfterCrash(runDir)).toBe(15)
    await resumeAndCompare(runDir, 15)
  }, 300_000)
})

/** Whether a run under `runsDir` has its step-<n> checkpoint in place. */
function hasCheckpoint(runsDir: string, step: number): boolean {
  try {
    return readdirSync(runsDir).some((id) =>
      existsSync(join(runsDir, id, 'checkpoints', `step-${step}`))
    )
  } catch {
    return false
  }
}
