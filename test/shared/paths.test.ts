import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { STUDIO_METHOD_NAMES, studioMethods } from '../../src/shared/api'
import { parseCall } from '../../src/shared/rpc'
import {
  mapPaths,
  pathProblem,
  pathsIn,
  pathSlots,
  ReadPathSchema,
  WritePathSchema
} from '../../src/shared/paths'

describe('the path schema', () => {
  it('takes absolute POSIX and Windows paths', () => {
    for (const p of [
      '/',
      '/home/me/pictures',
      'C:\\Users\\me',
      'd:/data',
      '\\\\server\\share\\x'
    ]) {
      expect(ReadPathSchema.safeParse(p).success, p).toBe(true)
    }
  })

  it('refuses relative paths, "..", NUL and the empty string, saying what to give', () => {
    expect(pathProblem('pictures')).toMatch(/"pictures" is a relative path; give the full path/)
    expect(pathProblem('./x')).toMatch(/relative/)
    expect(pathProblem('~/x')).toMatch(/relative/)
    expect(pathProblem('C:x')).toMatch(/relative/)
    expect(pathProblem('/a/../b')).toMatch(/climbs out of its folder with "\.\."/)
    expect(pathProblem('C:\\a\\..\\b')).toMatch(/"\.\."/)
    expect(pathProblem('/a/b\0c')).toMatch(/NUL/)
    expect(pathProblem('')).toMatch(/required/)
    expect(pathProblem('/a/..b/c')).toBeNull() // a folder named "..b"
    expect(WritePathSchema.safeParse('/x'.repeat(3000)).success).toBe(false)
  })

  it('refuses a relative path in every method that takes one, naming the argument', () => {
    expect(() => parseCall('exportGenerator', [{ runId: 'r' }, '../../x'])).toThrow(
      /^Invalid exportGenerator\.args\.1: "\.\.\/\.\.\/x" is a relative path/
    )
    expect(() => parseCall('openDataset', [{ kind: 'idx', path: 'mnist' }])).toThrow(
      /openDataset\.args\.0\.path: "mnist" is a relative path/
    )
    expect(() => parseCall('saveImages', [{ generation: 'g', dir: 'out' }])).toThrow(
      /saveImages\.args\.0\.dir/
    )
    expect(() => parseCall('revealPath', ['runs/x'])).toThrow(/revealPath\.args\.0/)
  })
})

describe('paths found through the schemas', () => {
  it('lists every path slot of the contract, with its intent', () => {
    const slots = Object.fromEntries(
      STUDIO_METHOD_NAMES.map((m) => [m, pathSlots(studioMethods[m].args)]).filter(
        ([, s]) => (s as unknown[]).length
      )
    )
    expect(slots).toEqual({
      openDataset: [{ where: '0.path', intent: 'read' }],
      startTraining: [{ where: '0.dataset.path', intent: 'read' }],
      exportGenerator: [{ where: '1', intent: 'write' }],
      exportTorch: [{ where: '1', intent: 'write' }],
      saveImages: [{ where: '0.dir', intent: 'write' }],
      revealPath: [{ where: '0', intent: 'read' }]
    })
  })

  it('walks unions, optionals, arrays and records, and replaces what it finds', () => {
    const schema = z.tuple([
      z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('a'), path: ReadPathSchema }),
        z.object({ kind: z.literal('b'), other: z.string() })
      ]),
      z.array(WritePathSchema).optional(),
      z.record(z.string(), ReadPathSchema.nullable())
    ])
    const value = [{ kind: 'a', path: '/x' }, ['/y', '/z'], { k: '/w', n: null }]
    expect(pathsIn(schema, value, 'm').map((f) => `${f.where}=${f.value}:${f.intent}`)).toEqual([
      'm.0.path=/x:read',
      'm.1.0=/y:write',
      'm.1.1=/z:write',
      'm.2.k=/w:read'
    ])
    expect(pathsIn(schema, [{ kind: 'b', other: '/not-a-path' }], 'm')).toEqual([])
    const mapped = mapPaths(schema, value, 'm', (f) => f.value.toUpperCase())
    expect(mapped).toEqual([{ kind: 'a', path: '/X' }, ['/Y', '/Z'], { k: '/W', n: null }])
    expect(value[0]).toEqual({ kind: 'a', path: '/x' }) // the original is left alone
  })
})

describe('limits a 2-core laptop survives', () => {
  const refused = (method: string, args: unknown[]) => () => parseCall(method as never, args)

  it('bounds generation, the Lab and studio training', () => {
    const checkpoint = { runId: 'r' }
    expect(refused('generate', [{ checkpoint, count: 1025 }])).toThrow(/count/)
    expect(refused('generate', [{ checkpoint, truncation: 0.001 }])).toThrow(
      /truncation is at least 0\.05/
    )
    expect(refused('interpolate', [{ checkpoint, seedA: 0, seedB: 2 ** 31, steps: 8 }])).toThrow(
      /seedB/
    )
    expect(refused('generatedImages', [{ id: 'g', start: 0, count: 65 }])).toThrow(/count/)
    expect(refused('labStep', [201])).toThrow(/at most 200 steps at once/)
    const lab = { data: { modes: [{ mean: 0, std: 1 }] } }
    expect(refused('labReset', [{ ...lab, batchSize: 4096 }])).toThrow(/batchSize/)
    expect(refused('labReset', [{ ...lab, hiddenUnits: 256 }])).toThrow(/hiddenUnits/)
    expect(refused('labReset', [{ ...lab, evalSamples: 65_536 }])).toThrow(/evalSamples/)
    expect(refused('labReset', [{ data: { modes: [{ mean: 1e300, std: 1 }] } }])).toThrow(/mean/)
    const shapes = { kind: 'builtin', name: 'shapes' }
    expect(refused('startTraining', [{ dataset: shapes, batchSize: 512 }])).toThrow(
      /batchSize: at most 256 in the studio \(the command line, gan-studio train, allows more\)/
    )
    expect(refused('startTraining', [{ dataset: shapes, modelWidth: 256 }])).toThrow(/modelWidth/)
    expect(() => parseCall('startTraining', [{ dataset: shapes, batchSize: 256 }])).not.toThrow()
  })
})
