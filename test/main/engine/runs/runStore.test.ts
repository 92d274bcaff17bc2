import * as tf from '@tensorflow/tfjs'
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import sharp from 'sharp'
import { Command } from 'commander'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { createMemoryTransportPair } from '../../../helpers/memoryTransport'
import { createRpcClient, serveRpc } from '../../../../src/shared/rpc'
import { registerCheckpointsCommand } from '../../../../src/main/cli/checkpointsCommand'
import { RunSummarySchema, CheckpointSummarySchema } from '../../../../src/shared/runs'
import { loadLayersModelFrom } from '../../../../src/main/engine/runs/checkpoint'
import {
  deleteCheckpoint,
  deleteRun,
  exportGenerator,
  listCheckpoints,
  listRuns,
  prepareResume,
  resolveCheckpoint
} from '../../../../src/main/engine/runs/runStore'
import { tinyShapes, trainedTinyRuns, trainTinyRun } from '../../../helpers/tinyTraining'
import { Trainer } from '../../../../src/main/engine/train/trainer'
import {
  CLASSIC_DCGAN,
  DEFAULT_TECHNIQUES,
  TrainConfigSchema,
  type TrainConfig
} from '../../../../src/shared/train'

const { root, runsDir } = trainedTinyRuns('gan-store-', {
  'run-a': {},
  'run-b': { conditional: false, loss: 'hinge', maxSteps: 6 }
})

describe('listRuns', () => {
  it('summarises every run folder, with its latest sample grid', async () => {
    await mkdir(join(runsDir, 'not-a-run'), { recursive: true })
    const runs = await listRuns(runsDir)
    expect(runs.map((r) => r.id).sort()).toEqual(['run-a', 'run-b'])
    for (const r of runs) RunSummarySchema.parse(r)
    const a = runs.find((r) => r.id === 'run-a')!
    expect(a).toMatchObject({
      path: join(runsDir, 'run-a'),
      datasetName: 'shapes',
      labels: ['circle', 'square', 'triangle', 'cross'],
      loss: 'hinge',
      resolution: 28,
      channels: 1,
      conditional: true,
      lastStep: 4,
      checkpoints: 2
    })
    expect((await sharp(a.thumbnail!).metadata()).format).toBe('png')
    const b = runs.find((r) => r.id === 'run-b')!
    expect(b).toMatchObject({
      conditional: false,
      labels: [],
      loss: 'hinge',
      lastStep: 6,
      checkpoints: 3
    })
    expect(await listRuns(join(root, 'nowhere'))).toEqual([])
  })
})

describe('listCheckpoints', () => {
  it('lists each checkpoint with its metrics and thumbnail', async () => {
    const list = await listCheckpoints(runsDir, 'run-a')
    expect(list.map((c) => c.step)).toEqual([2, 4])
    for (const c of list) {
      CheckpointSummarySchema.parse(c)
      expect(c.problem).toBeUndefined()
      expect(c).toMatchObject({ runId: 'run-a', backend: 'wasm', noiseDim: 8, epoch: 1 })
      expect(c.labels).toEqual(['circle', 'square', 'triangle', 'cross'])
      expect(Number.isFinite(c.dLoss) && Number.isFinite(c.gLoss)).toBe(true)
      expect((await sharp(c.thumbnail!).metadata()).format).toBe('png')
    }
  })

  it('lists missing, truncated, altered and manifest-less checkpoints with a problem; the rest still load', async () => {
    const runDir = await trainTinyRun(runsDir, 'damaged', { maxSteps: 8 })
    const ck = (step: number) => join(runDir, 'checkpoints', `step-${step}`)
    await rm(join(ck(2), 'generator', 'weights.bin'))
    await truncate(join(ck(4), 'discriminator', 'weights.bin'), 10)
    const bytes = await readFile(join(ck(6), 'generator', 'weights.bin'))
    bytes[0] = bytes[0]! ^ 0xff
    await writeFile(join(ck(6), 'generator', 'weights.bin'), bytes)
    await mkdir(join(runDir, 'checkpoints', 'step-9'))

    const list = await listCheckpoints(runsDir, 'damaged')
    expect(list.map((c) => c.step)).toEqual([2, 4, 6, 8, 9])
    const problem = (step: number) => list.find((c) => c.step === step)!.problem
    expect(problem(2)).toMatch(/generator\/weights\.bin is missing/)
    expect(problem(4)).toMatch(/discriminator\/weights\.bin has 10 bytes/)
    expect(problem(6)).toMatch(/generator\/weights\.bin is corrupt/)
    expect(problem(9)).toMatch(/no manifest\.json/)
    expect(problem(8)).toBeUndefined()

    // The latest loadable is step 8; asking for a damaged step says why it will not load.
    expect(await resolveCheckpoint(runsDir, { runId: 'damaged' })).toBe(ck(8))
    await expect(resolveCheckpoint(runsDir, { runId: 'damaged', step: 6 })).rejects.toThrow(
      /step 6 will not load: generator\/weights\.bin is corrupt/
    )
    await expect(resolveCheckpoint(runsDir, { runId: 'damaged', step: 5 })).rejects.toThrow(
      /no checkpoint at step 5 \(it has: 2, 4, 6, 8, 9\)/
    )
    const g = await loadLayersModelFrom(join(ck(8), 'generator'))
    expect(g.inputs.map((i) => i.shape)).toEqual([
      [null, 8],
      [null, 4]
    ])
    g.dispose()
  }, 60_000)
})

describe('deleting', () => {
  it('deletes one checkpoint, and a whole run', async () => {
    const runDir = await trainTinyRun(runsDir, 'doomed')
    await deleteCheckpoint(runsDir, 'doomed', 2)
    expect((await listCheckpoints(runsDir, 'doomed')).map((c) => c.step)).toEqual([4])
    await expect(deleteCheckpoint(runsDir, 'doomed', 2)).rejects.toThrow(/no checkpoint at step 2/)
    await deleteRun(runsDir, 'doomed')
    expect(existsSync(runDir)).toBe(false)
    await expect(deleteRun(runsDir, 'doomed')).rejects.toThrow(/no run "doomed"/)
  }, 60_000)

  it('refuses run ids that are not one folder name', async () => {
    for (const id of ['..', '../runs', 'a/b', 'a\\b', '.hidden', '/etc']) {
      await expect(deleteRun(runsDir, id)).rejects.toThrow(/is not a run id/)
      await expect(deleteCheckpoint(runsDir, id, 2)).rejects.toThrow(/is not a run id/)
      await expect(listCheckpoints(runsDir, id)).rejects.toThrow(/is not a run id/)
    }
    expect(existsSync(join(runsDir, 'run-a'))).toBe(true)
  })
})

describe('exportGenerator', () => {
  let server: Server | undefined
  afterAll(() => server?.close())

  it('writes a folder plain tf.loadLayersModel loads over http, with gan-studio.json', async () => {
    const dest = join(root, 'export-a')
    const { path } = await exportGenerator(runsDir, { runId: 'run-a' }, dest)
    expect(path).toBe(dest)
    expect((await readdir(dest)).sort()).toEqual(['gan-studio.json', 'model.json', 'weights.bin'])
    const info = JSON.parse(await readFile(join(dest, 'gan-studio.json'), 'utf8'))
    expect(info).toMatchObject({
      labels: ['circle', 'square', 'triangle', 'cross'],
      noiseDim: 8,
      resolution: 28,
      channels: 1,
      outputRange: [-1, 1],
      inputs: [
        { name: 'z', shape: [null, 8] },
        { name: 'label', shape: [null, 4] }
      ],
      source: { runId: 'run-a', step: 4 }
    })

    // As a browser would: tfjs's own http loader, nothing of ours.
    server = createServer((req, res) => {
      void readFile(join(dest, (req.url ?? '/').slice(1))).then(
        (data) => res.end(data),
        () => {
          res.statusCode = 404
          res.end()
        }
      )
    })
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r))
    const port = (server.address() as AddressInfo).port
    const exported = await tf.loadLayersModel(`http://127.0.0.1:${port}/model.json`)
    const original = await loadLayersModelFrom(
      join(runsDir, 'run-a', 'checkpoints', 'step-4', 'generator')
    )
    const z = tf.randomNormal([2, 8], 0, 1, 'float32', 1)
    const label = tf.oneHot(tf.tensor1d([0, 3], 'int32'), 4).toFloat()
    const a = exported.predict([z, label]) as tf.Tensor
    const b = original.predict([z, label]) as tf.Tensor
    expect(a.shape).toEqual([2, 28, 28, 1])
    expect(await a.data()).toEqual(await b.data())
    tf.dispose([z, label, a, b])
    exported.dispose()
    original.dispose()
  })

  it('refuses a non-empty destination and a damaged checkpoint', async () => {
    await expect(
      exportGenerator(runsDir, { runId: 'run-a' }, join(root, 'export-a'))
    ).rejects.toThrow(/already holds .*model\.json; choose an empty folder/)
    await expect(
      exportGenerator(runsDir, { runId: 'damaged', step: 2 }, join(root, 'export-b'))
    ).rejects.toThrow(/will not load/)
  })
})

describe('prepareResume', () => {
  it('finds the latest loadable checkpoint and the config the run trained with', async () => {
    const r = await prepareResume(runsDir, { runId: 'run-a' })
    expect(r).toMatchObject({
      runId: 'run-a',
      runDir: join(runsDir, 'run-a'),
      checkpointDir: join(runsDir, 'run-a', 'checkpoints', 'step-4'),
      config: { modelWidth: 4, noiseDim: 8, batchSize: 8, maxSteps: 4 }
    })
    await expect(prepareResume(runsDir, { runId: 'nope' })).rejects.toThrow(/no run "nope"/)
  })

  it('reads a run saved before the techniques existed as the DCGAN it trained, and resumes it', async () => {
    const runDir = await trainTinyRun(runsDir, 'legacy', { ...CLASSIC_DCGAN, maxSteps: 4 })
    // Its manifest as a version before issue #22 wrote it: no technique keys at all.
    const path = join(runDir, 'checkpoints', 'step-4', 'manifest.json')
    const manifest = JSON.parse(await readFile(path, 'utf8'))
    for (const key of ['model', 'conditioning', 'spectralNorm', 'ema', 'emaDecay', 'r1Gamma'])
      delete manifest.config[key]
    for (const key of ['augment', 'augmentOps', 'augmentStrength', 'augmentTarget'])
      delete manifest.config[key]
    await writeFile(path, JSON.stringify(manifest))

    const { config, checkpointDir } = await prepareResume(runsDir, { runId: 'legacy' })
    expect(config).toMatchObject(CLASSIC_DCGAN)
    const resume = (c: TrainConfig) =>
      new Trainer({
        config: { ...c, maxSteps: 6 },
        dataset: tinyShapes,
        runId: 'legacy',
        runDir,
        resumeFrom: checkpointDir
      }).run()
    expect(await resume(config)).toMatchObject({ state: 'finished', step: 6 })
    // Read with today's defaults instead, it would be another model, which resume refuses.
    const naive = TrainConfigSchema.parse(manifest.config)
    expect(naive.conditioning).toBe(DEFAULT_TECHNIQUES.conditioning)
    expect(await resume(naive)).toMatchObject({
      state: 'failed',
      message: expect.stringMatching(/differs from the checkpoint in/)
    })
  })
})

describe('damage never hides another checkpoint, over the contract and the CLI', () => {
  it('lists every checkpoint with its state; unknown and non-finite numbers cross as null with a reason', async () => {
    const runDir = await trainTinyRun(runsDir, 'hurt', { maxSteps: 8 })
    const ck = (step: number) => join(runDir, 'checkpoints', `step-${step}`)
    // A truncated optimizers.json (the case), a NaN loss, no manifest, a torn manifest.
    await truncate(join(ck(4), 'optimizers.json'), 20)
    const manifest = JSON.parse(await readFile(join(ck(6), 'manifest.json'), 'utf8'))
    await writeFile(
      join(ck(6), 'manifest.json'),
      JSON.stringify({ ...manifest, dLoss: NaN, gLoss: Infinity })
    )
    await mkdir(ck(9))
    await mkdir(ck(10))
    await writeFile(join(ck(10), 'manifest.json'), '{"version": 1, "step"')

    const [serverEnd, clientEnd] = createMemoryTransportPair()
    serveRpc(serverEnd, {
      listCheckpoints: (runId) => listCheckpoints(runsDir, runId),
      listRuns: () => listRuns(runsDir)
    })
    const client = createRpcClient(clientEnd)
    const list = await client.listCheckpoints('hurt')
    expect(list.map((c) => [c.step, c.state])).toEqual([
      [2, 'whole'],
      [4, 'damaged'],
      [6, 'whole'],
      [8, 'whole'],
      [9, 'damaged'],
      [10, 'damaged']
    ])
    const at = (step: number) => list.find((c) => c.step === step)!
    expect(at(4).problem).toMatch(/optimizers\.json has 20 bytes/)
    expect(at(4).dLoss).toBeTypeOf('number')
    expect(at(6)).toMatchObject({ dLoss: null, gLoss: null, epoch: 1 })
    expect(at(6).nullReasons).toEqual({
      dLoss: expect.stringMatching(/not a finite number/),
      gLoss: expect.stringMatching(/not a finite number/)
    })
    for (const step of [9, 10]) {
      expect(at(step)).toMatchObject({ dLoss: null, gLoss: null, epoch: null, noiseDim: null })
      expect(at(step).nullReasons!.dLoss).toMatch(/not known/)
    }
    expect(at(9).problem).toMatch(/no manifest\.json/)
    expect(at(10).problem).toMatch(/not valid JSON/)
    // The latest whole checkpoint still resolves: damage hides nothing.
    expect(await resolveCheckpoint(runsDir, { runId: 'hurt' })).toBe(ck(8))

    // A run whose config.json is torn still lists, saying so, with its checkpoints.
    await writeFile(join(runDir, 'config.json'), '{"runId": "hu')
    const runs = await client.listRuns()
    const hurt = runs.find((r) => r.id === 'hurt')!
    expect(hurt.problem).toMatch(/config\.json cannot be read/)
    expect(hurt).toMatchObject({ checkpoints: 5, lastStep: 8 })

    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined)
    try {
      const program = new Command('gan-studio').exitOverride()
      registerCheckpointsCommand(program)
      await program.parseAsync(['checkpoints', 'list', runDir], { from: 'user' })
      const text = log.mock.calls.map((c) => String(c[0])).join('\n')
      expect(text).toMatch(/^4\t1\t-?[\d.]+\t-?[\d.]+\t\S+\twasm\tdamaged\t/m)
      expect(text).toMatch(/^ {2}will not load: optimizers\.json has 20 bytes/m)
      expect(text).toMatch(/^6\t1\t-\t-\t\S+\twasm\twhole\t/m)
      expect(text).toMatch(/^ {2}dLoss: not a finite number/m)
      expect(text).toMatch(/^9\t-\t-\t-\t-\t-\tdamaged\t/m)
      expect(text).toMatch(/^10\t-\t-\t-\t-\t-\tdamaged\t/m)
    } finally {
      log.mockRestore()
    }
  }, 60_000)
})
