import * as tf from '@tensorflow/tfjs'
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { registerExportTorchCommand } from '../../../src/main/cli/exportTorchCommand'
import { registerGenerateCommand } from '../../../src/main/cli/generateCommand'
import { registerImportTorchCommand } from '../../../src/main/cli/importTorchCommand'
import { clearGeneratorCache } from '../../../src/main/engine/generate/generate'
import { applyModel } from '../../../src/main/engine/models/dcgan'
import {
  GENERATOR_DIR,
  loadLayersModelFrom,
  readManifest
} from '../../../src/main/engine/runs/checkpoint'
import { listCheckpoints, listRuns, readRunHistory } from '../../../src/main/engine/runs/runStore'
import { FixedNoiseGrid } from '../../../src/main/engine/train/fixedNoiseGrid'
import { torchvision } from '../../helpers/requirement'
import { selectWasmByEnv, useWasmBackend } from '../../helpers/wasmBackend'
import { maxDiff } from '../engine/torch/helpers/torchJob'
import { tempDir } from '../../helpers/tempDir'
import { trainTinyRun } from '../../helpers/tinyTraining'
import { testProgram } from './helpers/program'

const run = promisify(execFile)
const PROBE = join(import.meta.dirname, '..', 'engine', 'torch', 'torchProbe.py')

const root = tempDir('gan-torch-cli-')
let checkpoint: string
selectWasmByEnv()
beforeAll(async () => {
  await useWasmBackend()
  // Checkpoints at 3 and 6 of a conditional DCGAN on 64 shapes (4 classes).
  const runDir = await trainTinyRun(join(root, 'studio', 'runs'), 'shapes', {
    datasetOptions: { resolution: 28, channels: 1, limitPerClass: 16 },
    maxSteps: 6,
    checkpointEvery: 3,
    sampleEvery: 3
  })
  checkpoint = join(runDir, 'checkpoints', 'step-6')
}, 120_000)
afterAll(() => clearGeneratorCache())

function program() {
  return testProgram([
    registerExportTorchCommand,
    registerImportTorchCommand,
    registerGenerateCommand
  ])
}

async function cli(...args: string[]): Promise<string> {
  const lines: string[] = []
  const log = vi
    .spyOn(console, 'log')
    .mockImplementation((...m: unknown[]) => void lines.push(m.join(' ')))
  try {
    await program().parseAsync(args, { from: 'user' })
  } finally {
    log.mockRestore()
  }
  return lines.join('\n')
}

async function rawPixels(png: Uint8Array | string): Promise<Uint8Array> {
  return new Uint8Array(await sharp(png).raw().toBuffer())
}

describe('gan-studio export-torch', () => {
  it('writes a self-contained job folder that reads as a run', async () => {
    const job = join(root, 'job-layout')
    const said = await cli('export-torch', checkpoint, '--out', job)
    expect(said).toContain('torchrun --nproc_per_node=2 train.py')
    for (const f of [
      'train.py',
      'requirements.txt',
      'README.md',
      'job.json',
      'init/state.safetensors',
      'init/torch.json',
      'grid-noise.f32',
      'config.json',
      'metrics.jsonl',
      'samples/step-6.png'
    ]) {
      expect(existsSync(join(job, f)), f).toBe(true)
    }
    const classes = await readdir(join(job, 'data'))
    expect(classes).toEqual(['000-circle', '001-square', '002-triangle', '003-cross'])
    expect(await readdir(join(job, 'data', '001-square'))).toHaveLength(16)
    const readme = await readFile(join(job, 'README.md'), 'utf8')
    expect(readme).toContain('continues from the checkpoint at step 6')
    expect(readme).toContain('--rdzv_endpoint=HOST:29400')
    expect(readme).not.toMatch(/\{\{\w+\}\}/)
    expect(await readFile(join(job, 'requirements.txt'), 'utf8')).toMatch(/torch==1\.13/)
  })

  it('refuses a folder that is not a run, a folder that is not empty, and a reference to a built-in set', async () => {
    await expect(cli('export-torch', root, '--out', join(root, 'x'))).rejects.toThrow(
      /neither a run folder \(with config.json\) nor a checkpoint/
    )
    const full = join(root, 'full')
    await mkdir(full, { recursive: true })
    await writeFile(join(full, 'keep.txt'), 'mine')
    await expect(cli('export-torch', checkpoint, '--out', full)).rejects.toThrow(
      /is not empty \(it holds keep.txt\)/
    )
    await expect(
      cli('export-torch', checkpoint, '--out', join(root, 'ref'), '--data-reference')
    ).rejects.toThrow(
      /Only a folder dataset can be referenced; this run trained on built-in shapes/
    )
  })
})

describe.skipIf(torchvision.skip)('a two-process torchrun job, imported back', () => {
  it('trains with DDP on gloo, imports, lists with its curves and generates the same images', async () => {
    torchvision.check()
    const job = join(root, 'job')
    await cli('export-torch', checkpoint, '--out', job)
    // Two processes, a batch of 4 each, from step 6 to 10: checkpoints at 9 and 10.
    const { stdout } = await run(
      '/usr/bin/torchrun',
      // --redirects/--tee: Debian's torch 1.13 on Python 3.11 fails on their default (README.md).
      [
        '--standalone',
        '--nproc_per_node=2',
        '--redirects',
        '1',
        '--tee',
        '1',
        'train.py',
        '--backend',
        'gloo',
        '--steps',
        '10',
        '--threads',
        '1'
      ],
      { cwd: job, env: { ...process.env, OMP_NUM_THREADS: '1' }, maxBuffer: 1 << 24 }
    )
    expect(stdout).toContain('2 process(es), gloo')
    expect(await readdir(join(job, 'checkpoints'))).toEqual(['step-10', 'step-9'])
    expect(existsSync(join(job, 'checkpoints', 'step-10', 'torch.pt'))).toBe(true)
    const metrics = (await readFile(join(job, 'metrics.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { step: number; dLoss: number })
    expect(metrics.map((m) => m.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(metrics.every((m) => Number.isFinite(m.dLoss))).toBe(true)

    const data = join(root, 'data')
    const said = await cli('import-torch', job, '--out', data)
    const runId = /run id: (\S+)/.exec(said)![1]!
    const runsDir = join(data, 'runs')
    const [listed] = await listRuns(runsDir)
    expect(listed).toMatchObject({
      id: runId,
      lastStep: 10,
      checkpoints: 2,
      conditional: true,
      name: 'shapes (PyTorch)'
    })
    expect(listed!.labels).toEqual(['circle', 'square', 'triangle', 'cross'])
    const history = await readRunHistory(runsDir, runId)
    expect(history.metrics.map((m) => m.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(history.sampleSteps).toEqual([3, 6, 9, 10])
    const checkpoints = await listCheckpoints(runsDir, runId)
    expect(checkpoints.map((c) => [c.step, c.problem])).toEqual([
      [9, undefined],
      [10, undefined]
    ])
    const imported = join(runsDir, runId, 'checkpoints', 'step-10')
    expect((await readManifest(imported)).backend).toMatch(/^pytorch 1\.13.* gloo cpu$/)

    // generate works on it.
    const grid = join(root, 'grid.png')
    await cli('generate', '--checkpoint', imported, '--grid', grid, '--count', '4')
    const meta = await sharp(grid).metadata()
    expect([meta.width, meta.height]).toEqual([4 * 56 + 5, 4 * 56 + 5])

    // The round trip: the imported generator draws torch's own images of the same z and labels.
    const g = await loadLayersModelFrom(join(imported, GENERATOR_DIR))
    const z = tf.randomNormal([8, 8], 0, 1, 'float32', 5)
    const labels = [0, 1, 2, 3, 0, 1, 2, 3]
    const studio = applyModel(
      g,
      z,
      tf.oneHot(tf.tensor1d(labels, 'int32'), 4).toFloat() as tf.Tensor2D,
      false
    )
    await writeFile(join(root, 'z.f32'), Buffer.from((await z.data()).buffer as ArrayBuffer))
    await writeFile(join(root, 'x.f32'), Buffer.alloc(8 * 28 * 28 * 4))
    await writeFile(
      join(root, 'request.json'),
      JSON.stringify({
        task: 'generate',
        state: join(job, 'checkpoints', 'step-10', 'state.safetensors'),
        z: join(root, 'z.f32'),
        labels,
        images: join(root, 'x.f32'),
        out: join(root, 'torch.f32')
      })
    )
    await run('/usr/bin/python3', [PROBE, job, join(root, 'request.json')])
    const torch = new Float32Array((await readFile(join(root, 'torch.f32'))).buffer.slice(0))
    const mine = studio.dataSync()
    expect(maxDiff(mine, torch)).toBeLessThan(1e-5)

    // train.py's sample grid is the studio's own grid of the same weights (to a rounding step).
    const fixed = new FixedNoiseGrid(
      { resolution: 28, channels: 1, noiseDim: 8, numClasses: 4, width: 4, seed: 0 },
      listed!.labels,
      0
    )
    const ours = await rawPixels((await fixed.render(g, 10)).png)
    const theirs = await rawPixels(join(job, 'samples', 'step-10.png'))
    expect(theirs.length).toBe(ours.length)
    expect(maxDiff(ours, theirs)).toBeLessThanOrEqual(1)
    fixed.dispose()
    tf.dispose([z, studio])
    g.dispose()
  }, 300_000)

  it('says what to do with a job that has not trained yet, or a folder that is not a job', async () => {
    torchvision.check()
    const job = join(root, 'job-untrained')
    await cli('export-torch', checkpoint, '--out', job)
    await expect(cli('import-torch', job, '--out', join(root, 'data2'))).rejects.toThrow(
      /has no checkpoints yet .*train it first \(cd .* && torchrun --nproc_per_node=2 train.py\)/
    )
    await expect(cli('import-torch', root, '--out', join(root, 'data2'))).rejects.toThrow(
      /is not a PyTorch job folder from export-torch/
    )
  })
})
