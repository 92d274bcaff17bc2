import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { TrainConfigInput } from '../../../../src/shared/train'
import { Trainer } from '../../../../src/main/engine/train/trainer'
import { checkResumable, readManifest } from '../../../../src/main/engine/runs/checkpoint'
import { useWasmBackend } from '../../../helpers/wasmBackend'
import { tempDir } from '../../../helpers/tempDir'
import { tinyConfig, tinyShapes } from '../../../helpers/tinyTraining'

const root = tempDir('gan-resume-tech-')
beforeAll(useWasmBackend)

function config(overrides: Partial<TrainConfigInput>) {
  return tinyConfig({ maxSteps: 6, sampleEvery: 3, checkpointEvery: 3, ...overrides })
}

async function train(runDir: string, overrides: Partial<TrainConfigInput>, resumeFrom?: string) {
  const logs: string[] = []
  const result = await new Trainer({
    config: config(overrides),
    dataset: tinyShapes,
    runId: 'r',
    runDir,
    resumeFrom,
    onLog: (l) => logs.push(l)
  }).run()
  return { result, logs }
}

describe("adaptive augmentation's p across a resume", () => {
  // Target 0: D's lean towards calling reals real raises p from the first steps.
  const adaptive = { augment: 'adaptive', augmentTarget: 0 } as const

  it('is saved in each checkpoint and goes on from there when the run resumes', async () => {
    const runDir = join(root, 'ada')
    const first = await train(runDir, adaptive)
    expect(first.result.state).toBe('finished')
    const at3 = await readManifest(join(runDir, 'checkpoints', 'step-3'))
    const at6 = await readManifest(join(runDir, 'checkpoints', 'step-6'))
    expect(at3.augment?.p).toBeGreaterThan(0)
    expect(at6.augment?.p).toBeGreaterThan(at3.augment!.p)
    // The sample log of step 3 states the same p the checkpoint kept.
    expect(first.logs).toContain(
      `Adaptive augmentation at step 3: p = ${at3.augment!.p.toFixed(3)}`
    )

    const resumed = await train(
      runDir,
      { ...adaptive, maxSteps: 6 },
      join(runDir, 'checkpoints', 'step-3')
    )
    expect(resumed.result).toMatchObject({ state: 'finished', step: 6 })
    expect(resumed.logs).toContain(
      `Adaptive augmentation: p = ${at3.augment!.p.toFixed(3)} from step 3.`
    )
    // Resumed from step 3's p, the run reaches step 6 with the p it had the first time.
    const again = await readManifest(join(runDir, 'checkpoints', 'step-6'))
    expect(again.augment!.p).toBeCloseTo(at6.augment!.p, 10)
  })

  it('starts again from 0, saying so, from a checkpoint saved before p was kept', async () => {
    const runDir = join(root, 'ada-old')
    expect((await train(runDir, { ...adaptive, maxSteps: 3 })).result.state).toBe('finished')
    const dir = join(runDir, 'checkpoints', 'step-3')
    const path = join(dir, 'manifest.json')
    const manifest = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>
    delete manifest.augment
    await writeFile(path, JSON.stringify(manifest))

    const resumed = await train(runDir, { ...adaptive, maxSteps: 4 }, dir)
    expect(resumed.result).toMatchObject({ state: 'finished', step: 4 })
    expect(resumed.logs).toContain(
      `Adaptive augmentation: ${dir} does not record p (saved before it was kept), so p starts again from 0.`
    )
  })
})

describe('resuming with another architecture', () => {
  let runDir: string
  let checkpoint: string
  beforeAll(async () => {
    runDir = join(root, 'arch')
    const base = { conditioning: 'projection', spectralNorm: true, ema: true, maxSteps: 3 } as const
    expect((await train(runDir, base)).result.state).toBe('finished')
    checkpoint = join(runDir, 'checkpoints', 'step-3')
  })

  it.each([
    [{ model: 'resnet' }, 'model (checkpoint: dcgan, now: resnet;', 'resume with model dcgan'],
    [
      { conditioning: 'planes' },
      'conditioning (checkpoint: projection, now: planes;',
      'resume with conditioning projection'
    ],
    [
      { spectralNorm: false },
      'spectralNorm (checkpoint: true, now: false;',
      'resume with spectralNorm true'
    ],
    [{ ema: false }, 'ema (checkpoint: true, now: false;', 'resume with ema true']
  ] as const)('refuses %o, naming the field and what to do', async (change, named, todo) => {
    const { result } = await train(
      runDir,
      { conditioning: 'projection', spectralNorm: true, ema: true, maxSteps: 4, ...change },
      checkpoint
    )
    expect(result.state).toBe('failed')
    expect(result.message).toContain(`Cannot resume from ${checkpoint}`)
    expect(result.message).toContain(named)
    expect(result.message).toContain(todo)
    expect(result.message).toContain('or start a new run')
  })

  it('passes the same architecture, and ignores conditioning where D sees no label', async () => {
    const manifest = await readManifest(checkpoint)
    const target = {
      spec: {
        noiseDim: 8,
        resolution: 28,
        channels: 1,
        numClasses: 4,
        width: 4,
        architecture: 'dcgan',
        conditioning: 'projection',
        spectralNorm: true
      },
      ema: true,
      dataset: tinyShapes
    } as const
    expect(checkResumable(manifest, target)).toEqual([])
    // An unconditional model has no conditioning to differ in.
    const unconditional = { ...manifest, numClasses: 0 }
    const spec = { ...target.spec, numClasses: 0, conditioning: 'planes' as const }
    const differences = checkResumable(unconditional, { ...target, spec })
    expect(differences.some((d) => d.startsWith('conditioning'))).toBe(false)
  })

  it('reads a checkpoint saved before these settings as dcgan, planes, no spectral norm, no EMA', async () => {
    const manifest = await readManifest(checkpoint)
    const old = { ...manifest, config: { ...manifest.config } }
    for (const key of ['model', 'conditioning', 'spectralNorm', 'ema']) delete old.config[key]
    const spec = { noiseDim: 8, resolution: 28, channels: 1, numClasses: 4, width: 4 } as const
    expect(checkResumable(old, { spec, dataset: tinyShapes })).toEqual([])
    expect(
      checkResumable(old, { spec: { ...spec, spectralNorm: true }, dataset: tinyShapes })
    ).toEqual([expect.stringMatching(/^spectralNorm \(checkpoint: false, now: true;/)])
  })
})
