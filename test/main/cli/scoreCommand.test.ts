import { Command } from 'commander'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { registerScoreCommand } from '../../../src/main/cli/scoreCommand'
import { generateShapes } from '../../../src/main/engine/data/shapes'
import { clearGeneratorCache } from '../../../src/main/engine/generate/generate'
import type { JudgeSettings } from '../../../src/main/engine/score/judge'
import { loadOrTrainJudge, type Judge } from '../../../src/main/engine/score/judgeStore'
import { CheckpointScoresSchema } from '../../../src/shared/scores'
import { selectWasmByEnv, useWasmBackend } from '../../helpers/wasmBackend'
import { tempDir } from '../../helpers/tempDir'
import { greyShapes, trainTinyRun } from '../../helpers/tinyTraining'

// `gan-studio score` on a tiny run of 28×28 gray shapes, with a judge trained beforehand
// into the run's cache (the one the command finds), so the command loads it.
const PER_CLASS = 500
const SETTINGS: Partial<JudgeSettings> = { steps: 200 }
const shapes = generateShapes({ size: 28, channels: 1, perClass: PER_CLASS })

const root = tempDir('gan-score-cli-')
let judge: Judge
let runDir: string

selectWasmByEnv()
beforeAll(async () => {
  await useWasmBackend()
  judge = await loadOrTrainJudge(shapes, { cacheDir: join(root, 'cache'), settings: SETTINGS })
  runDir = await trainTinyRun(join(root, 'runs'), 'cond', greyShapes(PER_CLASS), shapes)
}, 300_000)

afterAll(() => clearGeneratorCache())

describe('gan-studio score', () => {
  it('<run> --json scores every checkpoint; the table marks the best', async () => {
    const run = async (args: string[]) => {
      const lines: string[] = []
      const log = vi.spyOn(console, 'log').mockImplementation((s: string) => void lines.push(s))
      const err = vi.spyOn(console, 'error').mockImplementation(() => undefined)
      try {
        const program = new Command().exitOverride()
        registerScoreCommand(program)
        await program.parseAsync(['node', 'gan-studio', 'score', ...args])
      } finally {
        log.mockRestore()
        err.mockRestore()
      }
      return lines.join('\n')
    }
    // The same judge settings as above: the saved judge is loaded, not trained again.
    const json = JSON.parse(
      await run([runDir, '--json', '--count', '8', '--seed', '1', '--judge-steps', '200'])
    )
    const steps = json.scores.map((s: { step: number }) => s.step)
    expect(steps).toEqual([2, 4])
    for (const s of json.scores) CheckpointScoresSchema.parse(s)
    expect(json.judge.kind).toBe('classifier')
    expect(json.judge.id).toBe(judge.info.id)
    const text = await run([runDir, '--count', '8', '--seed', '1', '--judge-steps', '200'])
    expect(text).toMatch(/^step\s+fidelity\s+frechet\s+diversity\s+best/m)
    expect(text).toMatch(/^2\s+\S+%\s+\d+\.\d+\s+\S+\s+\*/m)
    const one = await run([
      join(runDir, 'checkpoints', 'step-2'),
      '--count',
      '8',
      '--seed',
      '1',
      '--judge-steps',
      '200'
    ])
    expect(one).toMatch(/^label\s+fidelity\s+diversity\s+real\s+ratio/m)
    expect(one).toMatch(/^triangle\s/m)
    await expect(run([root])).rejects.toThrow(/neither a checkpoint folder .* nor a run folder/)
  }, 300_000)
})
