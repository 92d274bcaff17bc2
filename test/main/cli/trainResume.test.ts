import { Command } from 'commander'
import { appendFile, mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { runCli } from '../../../src/main/cli/index'
import { registerTrainCommand } from '../../../src/main/cli/trainCommand'
import * as runStore from '../../../src/main/engine/runs/runStore'

// The real prepareResume, counted: the CLI and the session it drives share this module.
vi.mock('../../../src/main/engine/runs/runStore', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src/main/engine/runs/runStore')>()
  return { ...actual, prepareResume: vi.fn(actual.prepareResume) }
})

let out: string
let runDir: string
beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'gan-cli-resume-'))
  vi.stubEnv('GAN_STUDIO_BACKEND', 'wasm')
  vi.stubEnv('LANG', 'C')
  vi.stubEnv('LC_ALL', '')
  vi.stubEnv('LC_MESSAGES', '')
  vi.stubEnv('LANGUAGE', '')
  await train([
    ...['--data', 'shapes', '--out', out, '--steps', '3', '--batch', '8', '--width', '4'],
    ...['--noise-dim', '8', '--resolution', '28']
  ])
  const [runId] = await readdir(join(out, 'runs'))
  runDir = join(out, 'runs', runId!)
})
afterAll(async () => {
  vi.unstubAllEnvs()
  await rm(out, { recursive: true, force: true })
})
afterEach(() => {
  vi.restoreAllMocks()
  vi.mocked(runStore.prepareResume).mockClear()
})

async function train(args: string[]): Promise<string> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined)
  const program = new Command('gan-studio').exitOverride()
  registerTrainCommand(program)
  await program.parseAsync(['train', ...args], { from: 'user' })
  return log.mock.calls.map((c) => String(c[0])).join('\n')
}

describe('gan-studio train --resume', () => {
  it('opens and checks the checkpoint once, then continues from it', async () => {
    const checkpoint = join(runDir, 'checkpoints', 'step-3')
    const printed = await train(['--resume', checkpoint])
    expect(printed).toContain(`resume:  from ${checkpoint}`)
    expect(printed).toMatch(/^finished: 3 steps\.$/m)
    expect(runStore.prepareResume).toHaveBeenCalledTimes(1)
  })

  it('says clearly why a damaged checkpoint will not resume, in the language of LANG', async () => {
    const checkpoint = join(runDir, 'checkpoints', 'step-3')
    await appendFile(join(checkpoint, 'generator', 'weights.bin'), 'x')
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const said = async (): Promise<string> => {
      errors.mockClear()
      await runCli(['node', 'gan-studio', 'train', '--resume', checkpoint])
      process.exitCode = undefined
      return errors.mock.calls.map((c) => String(c[0])).join('\n')
    }
    expect(await said()).toMatch(
      /^gan-studio: The checkpoint at step 3 will not load: .*weights\.bin/m
    )
    vi.stubEnv('LANG', 'zh_CN.UTF-8')
    expect(await said()).toMatch(/^gan-studio: 位于 .*step-3 的检查点无法加载：.*weights\.bin/m)
    vi.stubEnv('LANG', 'C')
    // Refused before a worker or a session saw it: the one check was the CLI's.
    expect(runStore.prepareResume).toHaveBeenCalledTimes(2)
  })
})
