import { Command } from 'commander'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { registerTrainCommand } from '../../../src/main/cli/trainCommand'
import { buildWorker } from '../engine/worker/helpers/buildWorker'
import { tempDir } from '../../helpers/tempDir'
import { selectWasmByEnv } from '../../helpers/wasmBackend'

// `train` as the built command runs it: the TrainingSession in the training worker thread
// (bundled from the current sources), with XNNPACK's pool there.
const worker = await buildWorker()
const out = tempDir('gan-cli-worker-')
selectWasmByEnv()
afterAll(() => worker.remove())

async function train(args: string[]): Promise<string> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined)
  try {
    const program = new Command('gan-studio').exitOverride()
    registerTrainCommand(program, { worker: { kind: 'thread', url: worker.url } })
    await program.parseAsync(['train', ...args], { from: 'user' })
    return log.mock.calls.map((c) => String(c[0])).join('\n')
  } finally {
    log.mockRestore()
  }
}

const tiny = ['--data', 'shapes', '--steps', '3', '--batch', '8', '--width', '4']
const small = [...tiny, '--noise-dim', '8', '--resolution', '28', '--sample-every', '2']

describe('gan-studio train in the training worker', () => {
  it('trains on the threads asked for and says how many', async () => {
    const dir = join(out, 'two')
    const printed = await train([...small, '--out', dir, '--wasm-threads', '2'])
    expect(printed).toMatch(/^backend: wasm/m)
    expect(printed).toMatch(/^threads: 2 \(XNNPACK's pool in the training worker; /m)
    expect(printed).toMatch(/^finished: 3 steps\.$/m)
    const [runId] = await readdir(join(dir, 'runs'))
    const runDir = join(dir, 'runs', runId!)
    expect(printed).toContain(`run:     ${runDir}`)
    expect(printed).toContain(`latest: ${join(runDir, 'samples', 'step-3.png')}`)
    expect((await readdir(join(runDir, 'samples'))).sort()).toEqual(['step-2.png', 'step-3.png'])
    expect(await readdir(join(runDir, 'checkpoints'))).toEqual(['step-3'])
  })

  it('continues a run from its checkpoint with --resume, in the worker', async () => {
    const dir = join(out, 'resume')
    await train([...small, '--out', dir, '--wasm-threads', '1'])
    const [runId] = await readdir(join(dir, 'runs'))
    const runDir = join(dir, 'runs', runId!)
    // The run's own settings come back; --steps 3 was reached, so stopping there is "finished".
    const printed = await train(['--resume', join(runDir, 'checkpoints', 'step-3')])
    expect(printed).toMatch(/^threads: /m)
    expect(printed).toContain(`resume:  from ${join(runDir, 'checkpoints', 'step-3')}`)
    expect(printed).toMatch(/^finished: 3 steps\.$/m)
  })
})
