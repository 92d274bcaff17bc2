import { mkdtemp, rm } from 'node:fs/promises'
import { realpathSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useWasmBackend } from '../../../helpers/wasmBackend'
import { startServedEngine } from '../confine/servedEngine'
import { trainTinyRun } from '../../../helpers/tinyTraining'

let root: string
let allowed: string
let served: Awaited<ReturnType<typeof startServedEngine>>
beforeAll(async () => {
  await useWasmBackend()
  root = realpathSync(await mkdtemp(join(tmpdir(), 'gan-resume-confine-')))
  allowed = join(root, 'allowed')
  served = await startServedEngine({ confine: { allow: [allowed] } })
  const runsDir = join(served.dataDir, 'runs')
  // The runs record where their data came from (the pixels here are the built-in shapes).
  await trainTinyRun(runsDir, 'outside', { dataset: { kind: 'folder', path: '/etc' } })
  await trainTinyRun(runsDir, 'inside', { dataset: { kind: 'folder', path: join(allowed, 'x') } })
}, 120_000)
afterAll(async () => {
  await served?.stop()
  await rm(root, { recursive: true, force: true })
})

describe('serve confinement: resuming', () => {
  it('refuses a run whose checkpoint names a dataset outside the allowed folders', async () => {
    for (const ref of [{ runId: 'outside' }, { runId: 'outside', step: 2 }]) {
      const answer = await served.call('resumeRun', [ref])
      expect(answer.ok).toBe(false)
      expect(answer.ok ? undefined : answer.error).toMatchObject({
        code: 'path-refused',
        field: 'resumeRun.checkpoint.config.dataset.path',
        message: expect.stringContaining('gan-studio serve --allow "/etc"')
      })
    }
    // Refused before the worker was asked: nothing started.
    expect(await served.call('getTrainingStatus', [])).toMatchObject({
      ok: true,
      value: { state: 'idle' }
    })
  })

  it('lets a run whose dataset is inside them through to the resume', async () => {
    const answer = await served.call('resumeRun', [{ runId: 'inside' }])
    // The folder does not exist: the resume itself fails opening it, not the confinement.
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: expect.stringContaining(join(allowed, 'x')) }
    })
  })
})
