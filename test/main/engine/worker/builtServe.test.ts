import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StudioEvent } from '../../../../src/shared/events'
import { connectClient, REPO, serveStudio, type ServedStudio } from '../../../helpers/serveStudio'
import { tinyLab, tinyRun } from './helpers/engineUnderTest'

// The built studio as `gan-studio serve` runs it: the engine finds out/main/engineWorker.js
// beside its bundle and trains there, while the bridge answers. Needs `npm run build`
// (the test command builds before the unit tests).
describe('training in the built worker, through `gan-studio serve`', () => {
  let studio: ServedStudio
  let api: Awaited<ReturnType<typeof connectClient>>
  const events: StudioEvent[] = []

  beforeAll(async () => {
    if (!existsSync(join(REPO, 'out/main/engineWorker.js'))) {
      throw new Error('out/main/engineWorker.js is missing: run `npm run build` first')
    }
    studio = await serveStudio({ GAN_STUDIO_BACKEND: 'wasm' })
    api = await connectClient(studio)
    api.client.onEvent((e) => events.push(e))
  })
  afterAll(async () => {
    api?.close()
    await studio?.stop()
  })

  const next = <T extends StudioEvent['type']>(
    type: T,
    match: (e: Extract<StudioEvent, { type: T }>) => boolean = () => true
  ) =>
    new Promise<Extract<StudioEvent, { type: T }>>((resolve) => {
      const off = api.client.onEvent((e) => {
        if (e.type !== type || !match(e as Extract<StudioEvent, { type: T }>)) return
        off()
        resolve(e as Extract<StudioEvent, { type: T }>)
      })
    })

  it('trains in the worker on the engine’s backend, answering calls meanwhile', async () => {
    const info = await api.client.getInfo()
    expect(info.backend).toBe('wasm')

    const said = next('log', (e) => /^Training runs on /.test(e.message))
    const first = next('progress')
    const { runId } = await api.client.startTraining(tinyRun({ maxSteps: 100_000 }))
    expect((await said).message).toMatch(/^Training runs on wasm: WebAssembly/)
    // XNNPACK's thread pool uses every core (tfjs caps it at 8).
    const threads = /, (\d+) thread\(s\)\.$/.exec((await said).message)?.[1]
    expect(Number(threads)).toBe(Math.min(8, availableParallelism()))
    expect((await first).progress.runId).toBe(runId)

    // Mid-run, the serving thread answers: info, status, the run list.
    const [again, status, runs] = await Promise.all([
      api.client.getInfo(),
      api.client.getTrainingStatus(),
      api.client.listRuns()
    ])
    expect(again.backend).toBe('wasm')
    expect(status).toMatchObject({ state: 'running', runId })
    expect(runs.map((r) => r.id)).toContain(runId)

    const paused = next('training-state', (e) => e.state === 'paused')
    await api.client.pauseTraining()
    await paused
    expect(await api.client.stopTraining()).toMatchObject({ state: 'stopped', runId })
    const states = events.flatMap((e) => (e.type === 'training-state' ? [e.state] : []))
    expect(states).toEqual(expect.arrayContaining(['starting', 'running', 'paused', 'stopped']))
  })

  it('runs the Lab in its worker', async () => {
    expect((await api.client.labReset(tinyLab())).step).toBe(0)
    expect((await api.client.labStep(4)).step).toBe(4)
  })
})
