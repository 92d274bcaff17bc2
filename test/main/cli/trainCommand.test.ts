import { Command, CommanderError } from 'commander'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { registerTrainCommand, trainConfig } from '../../../src/main/cli/trainCommand'
import { tempDir } from '../../helpers/tempDir'
import { selectWasmByEnv } from '../../helpers/wasmBackend'
import { testProgram } from './helpers/program'

const out = tempDir('gan-cli-')
selectWasmByEnv()
afterEach(() => {
  vi.restoreAllMocks()
})

function program(): { program: Command; errors: string[] } {
  const errors: string[] = []
  return { program: testProgram([registerTrainCommand], (s) => errors.push(s)), errors }
}

async function rejects(args: string[]): Promise<string> {
  const { program: p, errors } = program()
  const err = await p.parseAsync(['train', ...args], { from: 'user' }).then(
    () => new Error('no error'),
    (e: unknown) => e as Error
  )
  return err instanceof CommanderError ? errors.join('') : err.message
}

describe('gan-studio train', () => {
  it('trains shapes, printing the backend, the run and where the samples went', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined)
    const { program: p } = program()
    await p.parseAsync(
      [
        'train',
        '--data',
        'shapes',
        '--out',
        out,
        '--steps',
        '3',
        '--batch',
        '8',
        '--width',
        '4',
        '--noise-dim',
        '8',
        '--resolution',
        '28',
        '--sample-every',
        '2',
        '--loss',
        'hinge',
        '--seed',
        '7'
      ],
      { from: 'user' }
    )
    const printed = log.mock.calls.map((c) => String(c[0])).join('\n')
    expect(printed).toMatch(/^backend: wasm \(chosen by GAN_STUDIO_BACKEND/m)
    expect(printed).toMatch(/^data: +shapes: 4000 images, 4 classes, 28×28×3/m)
    const runs = await readdir(join(out, 'runs'))
    expect(runs).toHaveLength(1)
    const runDir = join(out, 'runs', runs[0]!)
    expect(printed).toContain(
      `samples: ${join(runDir, 'samples')} (latest: ${join(runDir, 'samples', 'step-3.png')})`
    )
    expect(printed).toMatch(/finished: 3 steps/)
    expect((await readdir(join(runDir, 'samples'))).sort()).toEqual(['step-2.png', 'step-3.png'])
  })

  it.each([
    [['--loss', 'wasserstein'], /--loss takes ns, minimax, wgan-gp or hinge/],
    [['--resolution', '30'], /--resolution takes 28, 32 or 64/],
    [['--batch', '0'], /--batch takes a whole number from 2 to 1024/],
    [['--epochs', 'many'], /--epochs takes a whole number/],
    [['--lr-g', '-1'], /--lr-g takes a learning rate above 0/],
    [['--k', '2.5'], /--k takes a whole number from 1 to 50/]
  ])('rejects %j naming the option and what it allows', async (bad, message) => {
    expect(await rejects(['--data', 'shapes', '--out', out, ...bad])).toMatch(message)
  })

  it('requires --data and --out unless it resumes', async () => {
    const needs = /train needs --data and --out \(or --resume <checkpoint> to continue a run\)/
    expect(await rejects(['--out', out])).toMatch(needs)
    expect(await rejects(['--data', 'shapes'])).toMatch(needs)
  })

  it('says what is wrong with a --resume folder that holds no run', async () => {
    expect(await rejects(['--resume', join(out, 'nowhere', 'checkpoints', 'step-10')])).toMatch(
      /nowhere/
    )
  })

  it('names the option when the schema refuses a value', () => {
    const source = { kind: 'builtin', name: 'shapes' } as const
    const bad = () => trainConfig({ data: 'shapes', out, labels: true, steps: 0, lrD: 5 }, source)
    expect(bad).toThrow(/--steps: Too small/)
    expect(bad).toThrow(/--lr-d: Too big/)
  })

  it('takes the techniques beyond DCGAN into the config, with the option named on error', () => {
    const source = { kind: 'builtin', name: 'shapes' } as const
    const config = trainConfig(
      { data: 'shapes', out, labels: true, ema: true, spectralNorm: true, ttur: true, lrG: 3e-4 },
      source
    )
    expect(config).toMatchObject({ ema: true, spectralNorm: true, lrG: 3e-4, lrD: 4e-4 })
    const bad = () => trainConfig({ data: 'shapes', out, labels: true, r1: -1 }, source)
    expect(bad).toThrow(/--r1: Too small/)
  })

  it('says what to do about a folder that does not exist', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => undefined)
    const message = await rejects(['--data', join(out, 'no-such-folder'), '--out', out])
    expect(message).toMatch(/no-such-folder" does not exist\. Check the path/)
  })
})
