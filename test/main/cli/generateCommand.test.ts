import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { registerCheckpointsCommand } from '../../../src/main/cli/checkpointsCommand'
import { registerGenerateCommand } from '../../../src/main/cli/generateCommand'
import { selectWasmByEnv } from '../../helpers/wasmBackend'
import { pngSize, trainedTinyRuns } from '../../helpers/tinyTraining'
import { testProgram } from './helpers/program'

selectWasmByEnv()
const { root, runsDir } = trainedTinyRuns('gan-generate-cli-', { cond: {} })
const ckpt = join(runsDir, 'cond', 'checkpoints', 'step-4')
afterEach(() => {
  vi.restoreAllMocks()
})

describe('gan-studio generate / checkpoints', () => {
  function program() {
    return testProgram([registerGenerateCommand, registerCheckpointsCommand])
  }

  it('writes a grid and one PNG per image', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined)
    const grid = join(root, 'cli', 'grid.png')
    const outDir = join(root, 'cli', 'images')
    await program().parseAsync(
      [
        'generate',
        '--checkpoint',
        ckpt,
        '--label',
        'square',
        '--count',
        '9',
        '--seed',
        '2',
        '--truncation',
        '1.5',
        '--grid',
        grid,
        '--out-dir',
        outDir
      ],
      { from: 'user' }
    )
    expect(await pngSize(await readFile(grid))).toEqual([3 * 56 + 4, 3 * 56 + 4])
    expect((await readdir(outDir)).length).toBe(9)
    expect(log.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(/backend: wasm/)
  })

  it('draws an interpolation strip', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => undefined)
    const strip = join(root, 'cli', 'strip.png')
    const args = ['generate', '--checkpoint', ckpt, '--label', '1', '--interpolate', '3,17']
    await program().parseAsync([...args, '--steps', '4', '--grid', strip], { from: 'user' })
    expect(await pngSize(await readFile(strip))).toEqual([4 * 56 + 5, 56 + 2])
    await expect(
      program().parseAsync(
        ['generate', '--checkpoint', ckpt, '--interpolate', '3', '--grid', strip],
        {
          from: 'user'
        }
      )
    ).rejects.toThrow()
  })

  it('names the labels when asked for one the model lacks', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => undefined)
    await expect(
      program().parseAsync(
        ['generate', '--checkpoint', ckpt, '--label', 'Sneaker', '--grid', join(root, 'x.png')],
        { from: 'user' }
      )
    ).rejects.toThrow(/Its labels are 0: circle, 1: square, 2: triangle, 3: cross/)
    await expect(
      program().parseAsync(['generate', '--checkpoint', ckpt], { from: 'user' })
    ).rejects.toThrow(/--grid <file.png> or --out-dir/)
  })

  it('lists a run folder’s checkpoints', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined)
    await program().parseAsync(['checkpoints', 'list', join(runsDir, 'cond')], { from: 'user' })
    const text = log.mock.calls.map((c) => String(c[0])).join('\n')
    expect(text).toMatch(/^step\tepoch\tD loss/)
    expect(text).toMatch(/\n2\t1\t/)
    expect(text).toMatch(/\n4\t1\t/)
    log.mockClear()
    await program().parseAsync(['checkpoints', 'list', join(runsDir, 'cond'), '--json'], {
      from: 'user'
    })
    const json = JSON.parse(String(log.mock.calls[0]![0])) as { step: number }[]
    expect(json.map((c) => c.step)).toEqual([2, 4])
  })
})
