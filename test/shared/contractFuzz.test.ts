import fc from 'fast-check'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { STUDIO_METHOD_NAMES, type StudioMethodName } from '../../src/shared/api'
import { LAB_PRESETS } from '../../src/shared/lab'
import { clearGeneratorCache } from '../../src/main/engine/generate/generate'
import { useWasmBackend } from '../helpers/wasmBackend'
import { solidImage } from '../main/engine/data/helpers/images'
import { trainTinyRun } from '../main/engine/runs/helpers/tinyRun'
import { startServedEngine, type RawAnswer } from '../main/engine/confine/servedEngine'

// The whole contract, fuzzed: for every method of studioMethods, valid, invalid and extreme
// arguments are sent raw (no client-side checks) to a real Engine served as the bridge serves
// it, in serve mode (confined to its data folder and one --allow folder). Every call must end
// in an answer — a result or an error a person can read — and the engine must still answer
// getInfo afterwards. Valid calls use tiny sizes, so the run stays short.

let served: Awaited<ReturnType<typeof startServedEngine>>
let allowed: string
const generationIds: string[] = []

beforeAll(async () => {
  await useWasmBackend()
  // Confined to its data folder (pictures inside it stand for an --allow folder), with a
  // tiny trained run to generate from.
  served = await startServedEngine({ confine: { allow: [] } })
  allowed = join(served.dataDir, 'pictures')
  for (const c of ['red', 'blue']) await solidImage(join(allowed, c, '1.png'), c)
  mkdirSync(join(allowed, 'out'), { recursive: true })
  await trainTinyRun(join(served.dataDir, 'runs'), 'r')
  const made = await served.call('generate', [{ checkpoint: { runId: 'r' }, label: 0, count: 3 }])
  if (!made.ok) throw new Error(made.error.message)
  generationIds.push((made.value as { id: string }).id)
}, 120_000)
afterAll(async () => {
  clearGeneratorCache()
  await served?.stop()
})

// Values no schema should take without a fight.
const EXTREMES: unknown[] = [
  -1,
  0,
  0.5,
  2 ** 31,
  2 ** 53,
  1e308,
  -1e308,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  '',
  'x'.repeat(100_000),
  '../../x',
  'relative/path',
  '/etc',
  '/',
  null,
  undefined,
  true,
  [],
  {},
  [[[[[[[[[[[]]]]]]]]]]],
  new Uint8Array(16),
  { kind: 'folder', path: '/etc' }
]

// Mostly the run that exists; sometimes one that does not, or is no run id at all.
const runId = fc.oneof(
  { arbitrary: fc.constant('r'), weight: 4 },
  { arbitrary: fc.constantFrom('no-such-run', '..', 'a/b', '.hidden', 'x'.repeat(300)), weight: 1 }
)
const label = fc.option(fc.oneof(fc.constantFrom('circle', 'cross', 'Sneaker'), fc.nat(5)), {
  nil: undefined
})
const seed = fc.nat(2 ** 31 - 1)
const insidePath = () =>
  fc.constantFrom(allowed, join(allowed, 'red'), join(allowed, 'out', 'new'), served.dataDir)
const anyPath = () =>
  fc.oneof(
    insidePath(),
    fc.constantFrom('/etc', '/tmp', '/', 'relative', '../x', `${allowed}/../..`)
  )
const tinyTrain = fc.record({
  dataset: fc.oneof(
    { arbitrary: fc.constant({ kind: 'builtin', name: 'shapes' }), weight: 3 },
    {
      arbitrary: fc.constantFrom(
        { kind: 'folder', path: '/etc' },
        { kind: 'idx', path: '/nonexistent/train-images-idx3-ubyte' }
      ),
      weight: 1
    }
  ),
  datasetOptions: fc.constant({ limitPerClass: 4 }),
  modelWidth: fc.constantFrom(4, 8),
  noiseDim: fc.integer({ min: 1, max: 8 }),
  batchSize: fc.constantFrom(2, 4),
  maxSteps: fc.integer({ min: 1, max: 2 }),
  loss: fc.constantFrom('non-saturating', 'minimax', 'wgan-gp', 'hinge'),
  sampleEvery: fc.constant(1),
  checkpointEvery: fc.constant(1)
})
const tinyLab = fc.record({
  data: fc.record({
    modes: fc.array(
      fc.record({
        mean: fc.double({ min: -10, max: 10, noNaN: true }),
        std: fc.double({ min: 0.01, max: 3, noNaN: true })
      }),
      { minLength: 1, maxLength: 3 }
    )
  }),
  generator: fc.constantFrom('mlp', 'affine'),
  hiddenUnits: fc.integer({ min: 2, max: 8 }),
  batchSize: fc.integer({ min: 8, max: 32 }),
  evalSamples: fc.constant(256),
  grid: fc.constant({ min: -5, max: 5, points: 32 })
})

/** Arguments a careful caller might send; each method's cheap, tiny version. */
function validArgs(method: StudioMethodName): fc.Arbitrary<unknown[]> {
  const none = fc.constant([] as unknown[])
  switch (method) {
    case 'getInfo':
    case 'getSettings':
    case 'pauseTraining':
    case 'resumeTraining':
    case 'stopTraining':
    case 'getTrainingStatus':
    case 'listRuns':
    case 'labStop':
    case 'restartEngine':
      return none
    case 'setSettings':
      return fc.tuple(
        fc.record(
          { theme: fc.constantFrom('system', 'light', 'dark'), backend: fc.constantFrom('auto') },
          { requiredKeys: [] }
        )
      )
    case 'openDataset':
      return fc.tuple(
        fc.oneof(
          fc.constant({ kind: 'builtin', name: 'shapes' }),
          anyPath().map((path) => ({ kind: 'folder', path })),
          anyPath().map((path) => ({ kind: 'idx', path }))
        ),
        fc.constantFrom({ limitPerClass: 4 }, { resolution: 28, fit: 'letterbox' as const })
      )
    case 'startTraining':
      return fc.tuple(tinyTrain)
    case 'listCheckpoints':
      return fc.tuple(runId)
    case 'deleteRun':
      return fc.tuple(runId.filter((id) => id !== 'r'))
    case 'renameRun':
      return fc.tuple(runId, fc.constantFrom('', 'baseline', 'lr 1e-4, k=2'))
    case 'getRunHistory':
      return fc.tuple(runId)
    case 'getRunSample':
      return fc.tuple(runId, fc.constantFrom(1, 2, 99))
    case 'deleteCheckpoint':
      return fc.tuple(fc.constantFrom('no-such-run', 'x'), fc.nat(10))
    case 'resumeRun':
      return fc.tuple(fc.record({ runId: fc.constantFrom('no-such-run', '..') }))
    case 'exportGenerator':
      return fc.tuple(
        fc.record({ runId, step: fc.option(fc.constantFrom(2, 4, 99), { nil: undefined }) }),
        fc.oneof(
          fc.uuid().map((u) => join(allowed, 'out', u)),
          anyPath()
        ),
        fc.option(fc.record({ overwrite: fc.boolean() }), { nil: undefined })
      )
    case 'exportTorch':
      return fc.tuple(
        fc.record({ runId, step: fc.option(fc.constantFrom(2, 4, 99), { nil: undefined }) }),
        fc.oneof(
          fc.uuid().map((u) => join(allowed, 'torch', u)),
          anyPath()
        ),
        fc.option(fc.record({ dataReference: fc.boolean() }), { nil: undefined })
      )
    case 'generate':
      return fc.tuple(
        fc.record({
          checkpoint: fc.record({
            runId,
            step: fc.option(fc.constantFrom(2, 4), { nil: undefined })
          }),
          label,
          count: fc.integer({ min: 1, max: 6 }),
          seed,
          truncation: fc.option(fc.double({ min: 0.05, max: 3, noNaN: true }), { nil: undefined })
        })
      )
    case 'interpolate':
      return fc.tuple(
        fc.record({
          checkpoint: fc.record({ runId }),
          label,
          seedA: seed,
          seedB: seed,
          steps: fc.integer({ min: 2, max: 4 })
        })
      )
    case 'generatedImages':
      return fc.tuple(
        fc.record({
          id: fc.constantFrom(...generationIds, 'gone'),
          start: fc.nat(8),
          count: fc.integer({ min: 1, max: 64 })
        })
      )
    case 'cancelGenerate':
      return fc.tuple(fc.constantFrom(...generationIds, 'gone'))
    case 'saveImages':
      return fc.tuple(
        fc.record({
          generation: fc.constantFrom(...generationIds, 'gone'),
          indices: fc.option(fc.array(fc.nat(4), { minLength: 1, maxLength: 4 }), {
            nil: undefined
          }),
          dir: anyPath(),
          prefix: fc.constantFrom('image', 'a.b-c_d')
        })
      )
    case 'labReset':
      return fc.tuple(
        fc.oneof(
          tinyLab,
          fc.constantFrom(...Object.values(LAB_PRESETS)).map((p) => ({
            ...p.config,
            evalSamples: 256,
            batchSize: 16
          }))
        )
      )
    case 'labRun':
      return fc.tuple(
        fc.record({
          steps: fc.integer({ min: 1, max: 3 }),
          frameEvery: fc.integer({ min: 1, max: 3 })
        })
      )
    case 'labStep':
      return fc.tuple(fc.integer({ min: 1, max: 3 }))
    case 'chooseFolder':
      return fc.tuple(fc.constantFrom('dataset', 'run', 'export'))
    case 'revealPath':
      return fc.tuple(anyPath())
  }
}

/** Replaces the k-th leaf (or, past the leaves, the whole argument list) with `value`. */
function replaceLeaf(args: unknown[], k: number, value: unknown): unknown {
  const leaves: (string | number)[][] = []
  const walk = (v: unknown, path: (string | number)[]): void => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]))
    else if (v && typeof v === 'object' && !ArrayBuffer.isView(v))
      for (const [key, x] of Object.entries(v)) walk(x, [...path, key])
    else leaves.push(path)
  }
  walk(args, [])
  const at = leaves[k % (leaves.length + 1)]
  if (!at || at.length === 0) return value
  const copy = structuredClone(args) as unknown as Record<string | number, unknown>
  let holder = copy
  for (const key of at.slice(0, -1)) holder = holder[key] as Record<string | number, unknown>
  holder[at.at(-1)!] = value
  return copy
}

function argsFor(method: StudioMethodName): fc.Arbitrary<unknown> {
  const valid = validArgs(method)
  return fc.oneof(
    { arbitrary: valid, weight: 2 },
    // Extreme: one value of a good call replaced by something no schema should take.
    {
      arbitrary: fc
        .tuple(valid, fc.nat(), fc.constantFrom(...EXTREMES))
        .map(([args, k, x]) => replaceLeaf(args, k, x)),
      weight: 2
    },
    // Invalid: anything at all, as arguments or in place of them.
    { arbitrary: fc.array(fc.anything({ maxDepth: 3 }), { maxLength: 4 }), weight: 1 },
    { arbitrary: fc.anything({ maxDepth: 2 }), weight: 1 }
  )
}

/** Messages that betray a crash inside a handler rather than an answer to the caller. */
const CRASH =
  /Cannot read prop|is not a function|is not iterable|undefined is not|Maximum call stack|Invalid array length/

function expectAnswer(method: string, args: unknown, answer: RawAnswer): void {
  if (answer.ok) return
  const where = `${method}(${String(JSON.stringify(args))?.slice(0, 300)})`
  expect(answer.error.message, where).toEqual(expect.any(String))
  expect(answer.error.message.length, where).toBeGreaterThan(10)
  expect(answer.error.message, where).not.toMatch(CRASH)
}

describe('the whole contract, fuzzed against a real engine', () => {
  for (const method of STUDIO_METHOD_NAMES) {
    it(`${method}: every call ends in an answer, and the engine still answers`, async () => {
      await fc.assert(
        fc.asyncProperty(argsFor(method), async (args) => {
          const answer = await served.call(method, args as unknown[], 60_000)
          expectAnswer(method, args, answer)
        }),
        { numRuns: 16, seed: 12, endOnFailure: true }
      )
      // Whatever was started in the background ends; the engine still serves calls.
      await served.call('stopTraining', [])
      await served.call('labStop', [])
      const info = await served.call('getInfo', [], 10_000)
      expect(info).toMatchObject({ ok: true, value: { dataDir: served.dataDir } })
    })
  }

  it('answers malformed envelopes that carry an id', async () => {
    for (const args of [undefined, 'x', 42, { 0: 1 }]) {
      const answer = await served.call('getInfo', args as unknown as unknown[], 10_000)
      expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
    }
    const unknown = await served.call('formatDisk', [])
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
  })
})
