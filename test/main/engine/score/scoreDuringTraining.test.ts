import { Command } from 'commander'
import { existsSync } from 'node:fs'
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { registerTrainCommand } from '../../../../src/main/cli/trainCommand'
import { clearGeneratorCache } from '../../../../src/main/engine/generate/generate'
import { listCheckpoints, listRuns } from '../../../../src/main/engine/runs/runStore'
import { readScores } from '../../../../src/main/engine/score/scoreCheckpoint'
import { Trainer } from '../../../../src/main/engine/train/trainer'
import { createMemoryTransportPair } from '../../../helpers/memoryTransport'
import { createRpcClient, serveRpc } from '../../../../src/shared/rpc'
import { CheckpointSummarySchema } from '../../../../src/shared/runs'
import { CheckpointScoresSchema, SCORES_FILE, scoreHeadline } from '../../../../src/shared/scores'
import { useWasmBackend } from '../../../helpers/wasmBackend'
import { tinyConfig, tinyShapes } from '../../../helpers/tinyTraining'

let out: string
let runsDir: string
let runId: string
let printed: string
let warned: string

async function train(args: string[]): Promise<void> {
  const program = new Command('gan-studio').exitOverride()
  registerTrainCommand(program)
  await program.parseAsync(['train', ...args], { from: 'user' })
}

beforeAll(async () => {
  await useWasmBackend()
  vi.stubEnv('GAN_STUDIO_BACKEND', 'wasm')
  out = await mkdtemp(join(tmpdir(), 'gan-score-train-'))
  runsDir = join(out, 'runs')
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined)
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  try {
    // Checkpoints at 2, 4, 6 and 8; every second one is scored, by a judge of 20 steps.
    await train([
      ...['--data', 'shapes', '--out', out, '--resolution', '28', '--seed', '3'],
      ...['--steps', '8', '--batch', '8', '--width', '4', '--noise-dim', '8'],
      ...['--sample-every', '4', '--checkpoint-every', '2', '--keep-checkpoints', '10'],
      ...['--score-every', '2', '--judge-steps', '20']
    ])
    printed = log.mock.calls.map((c) => String(c[0])).join('\n')
    warned = warn.mock.calls.map((c) => String(c[0])).join('\n')
  } finally {
    log.mockRestore()
    warn.mockRestore()
  }
  runId = (await readdir(runsDir))[0]!
}, 300_000)

afterAll(async () => {
  clearGeneratorCache()
  vi.unstubAllEnvs()
  await rm(out, { recursive: true, force: true })
})

const ckpt = (step: number) => join(runsDir, runId, 'checkpoints', `step-${step}`)

describe('gan-studio train --score-every', () => {
  it('scores every n-th checkpoint into its scores.json and prints each headline', async () => {
    expect(warned).toBe('')
    expect(printed).toMatch(/^judge: classifier trained for "shapes", held-out accuracy \S+%/m)
    for (const step of [4, 8]) {
      const scores = CheckpointScoresSchema.parse(
        JSON.parse(await readFile(join(ckpt(step), SCORES_FILE), 'utf8'))
      )
      expect(scores).toMatchObject({ runId, step, count: 100 })
      expect(scores.judge).toMatchObject({ kind: 'classifier', trainSteps: 20 })
      expect(scores.classes.map((c) => c.label)).toEqual(['circle', 'square', 'triangle', 'cross'])
      expect(printed).toContain(`scores at step ${step}: fidelity `)
    }
    expect(printed).toMatch(/^scores at step 4: fidelity \d+\.\d%, frechet \d+\.\d{3}, diversity /m)
    // The first scored checkpoint is the best so far by definition.
    expect(printed).toMatch(/^scores at step 4: .* \(best so far\)/m)
    for (const step of [2, 6]) expect(existsSync(join(ckpt(step), SCORES_FILE))).toBe(false)
    // The judge is kept beside the dataset cache, for `gan-studio score` to load.
    expect(await readdir(join(out, 'cache', 'judges'))).toHaveLength(1)
  })

  it('refuses --judge-steps without --score-every', async () => {
    await expect(
      train(['--data', 'shapes', '--out', out, '--steps', '2', '--judge-steps', '20'])
    ).rejects.toThrow(/--judge-steps .* add --score-every/)
  })
})

describe('listings carry scores', () => {
  it('a scored checkpoint lists its headline over the contract; an unscored one none', async () => {
    const [serverEnd, clientEnd] = createMemoryTransportPair()
    serveRpc(serverEnd, {
      listCheckpoints: (id) => listCheckpoints(runsDir, id),
      listRuns: () => listRuns(runsDir)
    })
    const client = createRpcClient(clientEnd)
    const list = await client.listCheckpoints(runId)
    for (const c of list) CheckpointSummarySchema.parse(c)
    const at = (step: number) => list.find((c) => c.step === step)!
    expect(list.map((c) => [c.step, c.state])).toEqual([
      [2, 'whole'],
      [4, 'whole'],
      [6, 'whole'],
      [8, 'whole']
    ])
    for (const step of [4, 8]) {
      const saved = (await readScores(ckpt(step)))!
      expect(at(step).scores).toEqual(scoreHeadline(saved))
      expect(at(step).scores!.judgeId).toBe(saved.judge.id)
    }
    expect(at(2).scores).toBeUndefined()
    expect(at(6).scores).toBeUndefined()

    // The run's best is one of its scored checkpoints, the one with the lower distance.
    const run = (await client.listRuns()).find((r) => r.id === runId)!
    const s4 = at(4).scores!.frechet
    const s8 = at(8).scores!.frechet
    expect(run.bestScore).toMatchObject({ step: s8 < s4 ? 8 : 4, frechet: Math.min(s4, s8) })
  })

  it('shows no scores that belong to another save of the step, and follows a rewritten file', async () => {
    // Step 4's scores copied to step 2: their checkpoint time is not step 2's.
    await copyFile(join(ckpt(4), SCORES_FILE), join(ckpt(2), SCORES_FILE))
    expect(
      (await listCheckpoints(runsDir, runId)).find((c) => c.step === 2)!.scores
    ).toBeUndefined()
    // A torn scores.json lists as unscored; the listing reads the file again when it changes.
    const good = await readFile(join(ckpt(8), SCORES_FILE), 'utf8')
    await writeFile(join(ckpt(8), SCORES_FILE), good.slice(0, 40))
    expect(
      (await listCheckpoints(runsDir, runId)).find((c) => c.step === 8)!.scores
    ).toBeUndefined()
    await writeFile(join(ckpt(8), SCORES_FILE), good)
    expect((await listCheckpoints(runsDir, runId)).find((c) => c.step === 8)!.scores).toEqual(
      scoreHeadline(CheckpointScoresSchema.parse(JSON.parse(good)))
    )
    await rm(join(ckpt(8), SCORES_FILE))
    expect(
      (await listCheckpoints(runsDir, runId)).find((c) => c.step === 8)!.scores
    ).toBeUndefined()
  })
})

describe('scoring that fails', () => {
  it('is a warning: training finishes and its checkpoints are whole', async () => {
    // The judge cannot be saved where a file stands in for the cache folder.
    const root = await mkdtemp(join(tmpdir(), 'gan-score-fail-'))
    try {
      const notADir = join(root, 'cache')
      await writeFile(notADir, 'not a folder')
      const warnings: string[] = []
      const runDir = join(root, 'runs', 'r')
      const result = await new Trainer({
        config: tinyConfig({
          maxSteps: 4,
          sampleEvery: 2,
          checkpointEvery: 1,
          scoreEvery: 1
        }),
        dataset: tinyShapes,
        runId: 'r',
        runDir,
        progressIntervalMs: 0,
        scoring: { cacheDir: notADir, judgeSettings: { steps: 2 } },
        onWarning: (w) => warnings.push(w)
      }).run()
      expect(result).toMatchObject({ state: 'finished', step: 4 })
      // Said once, not at every checkpoint.
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toMatch(/will not be scored during this run: no judge for "shapes"/)
      const list = await listCheckpoints(join(root, 'runs'), 'r')
      expect(list.map((c) => [c.step, c.state, c.scores])).toEqual([
        [1, 'whole', undefined],
        [2, 'whole', undefined],
        [3, 'whole', undefined],
        [4, 'whole', undefined]
      ])
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  }, 120_000)
})
