import { describe, expect, it } from 'vitest'
import { STUDIO_METHOD_NAMES, studioMethods } from '../../src/shared/api'
import { StudioEventSchema } from '../../src/shared/events'
import { parseCall } from '../../src/shared/rpc'
import { TrainConfigSchema } from '../../src/shared/train'
import { ContractError } from '../../src/shared/validation'

describe('the contract', () => {
  it('lists every method with a place to run and schemas', () => {
    expect(STUDIO_METHOD_NAMES.length).toBeGreaterThan(5)
    for (const name of STUDIO_METHOD_NAMES) {
      expect(['engine', 'desktop']).toContain(studioMethods[name].runsIn)
    }
  })

  it('accepts a good call and fills in defaults', () => {
    const { args } = parseCall('startTraining', [{ dataset: { kind: 'builtin', name: 'shapes' } }])
    const config = args[0] as ReturnType<typeof TrainConfigSchema.parse>
    expect(config.loss).toBe('hinge')
    expect(config.batchSize).toBe(64)
    expect(config.noiseDim).toBe(100)
    expect(config.lrG).toBe(2e-4)
  })

  it('rejects an unknown method, naming the ones there are', () => {
    expect(() => parseCall('formatDisk', [])).toThrowError(/Unknown method "formatDisk".*getInfo/)
  })

  it('names the offending field of a malformed argument', () => {
    const bad = () =>
      parseCall('startTraining', [{ dataset: { kind: 'builtin', name: 'shapes' }, batchSize: -3 }])
    expect(bad).toThrowError(ContractError)
    try {
      bad()
    } catch (err) {
      expect((err as ContractError).field).toBe('startTraining.args.0.batchSize')
      expect((err as Error).message).toMatch(/^Invalid startTraining\.args\.0\.batchSize: /)
    }
  })

  it('rejects a wrong dataset kind and a wrong argument count', () => {
    expect(() => parseCall('openDataset', [{ kind: 'ftp', path: '/x' }])).toThrowError(
      /openDataset\.args\.0/
    )
    expect(() => parseCall('getInfo', ['extra'])).toThrowError(/getInfo\.args/)
    expect(() => parseCall('chooseFolder', ['photos'])).toThrowError(/chooseFolder\.args\.0/)
  })

  it('refuses mismatched labels on an unconditional model', () => {
    expect(() =>
      parseCall('startTraining', [
        { dataset: { kind: 'builtin', name: 'shapes' }, conditional: false, mismatchedLabels: true }
      ])
    ).toThrowError(/mismatchedLabels: mismatched labels need a conditional model/)
  })

  it('validates events, PNG bytes included', () => {
    const ok = StudioEventSchema.safeParse({
      type: 'samples',
      runId: 'r',
      step: 10,
      png: new Uint8Array([137, 80, 78, 71]),
      rowLabels: ['a']
    })
    expect(ok.success).toBe(true)
    const bad = StudioEventSchema.safeParse({ type: 'samples', runId: 'r', step: 10, png: 'x' })
    expect(bad.success).toBe(false)
    expect(StudioEventSchema.safeParse({ type: 'explode' }).success).toBe(false)
  })
})
