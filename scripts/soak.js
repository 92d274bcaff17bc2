#!/usr/bin/env node
// `npm run soak`: a long run of the built CLI, in this process, watched for slow leaks. Not a
// test (it takes minutes): 5,000 steps of a small model on `shapes`, a checkpoint and a sample
// grid every 250 steps, then it reports
//   - RSS and tf.memory().numTensors at steps 500 and 5,000 (target: RSS within 10%, tensors equal)
//   - the time to append metrics.jsonl at the start and at the end (target: equal within noise)
//   - that every checkpoint on disk lists as whole and loads (G, D and both optimisers).
// Options: --steps 5000 --every 250 --width 8 --batch 16 --out <dir> (default: a temporary
// folder, removed afterwards unless --out is given). Exits 1 when a target is missed.
import * as tf from '@tensorflow/tfjs'
import { existsSync } from 'node:fs'
import fsp from 'node:fs/promises'
import { syncBuiltinESMExports } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

const { values: opts } = parseArgs({
  options: {
    steps: { type: 'string', default: '5000' },
    every: { type: 'string', default: '250' },
    width: { type: 'string', default: '8' },
    batch: { type: 'string', default: '16' },
    out: { type: 'string' }
  }
})
const steps = Number(opts.steps)
const every = Number(opts.every)
// Measured where the loop writes metrics after a sample grid, the same point at both marks.
const marks = [Math.min(500, steps), steps].filter((m, i, a) => a.indexOf(m) === i)
if (marks.some((m) => m % every !== 0 && m !== steps)) {
  console.error(`soak: --every ${every} must divide 500, where the first figures are taken.`)
  process.exit(2)
}

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url))
if (!existsSync(cli)) {
  console.error('soak: the studio is not built. Run `npm run build` (or `npm run soak`).')
  process.exit(2)
}

// Every append to metrics.jsonl, timed at the file handle the run writes through.
/** @type {{ step: number, ms: number, records: number }[]} */
const appends = []
/** @type {Map<number, { rss: number, heap: number, tensors: number }>} */
const measured = new Map()
const realOpen = fsp.open
fsp.open = async (path, flags, ...rest) => {
  const handle = await realOpen(path, flags, ...rest)
  if (flags !== 'a' || !String(path).endsWith('metrics.jsonl')) return handle
  const writeFile = handle.writeFile.bind(handle)
  handle.writeFile = async (data, ...more) => {
    const started = performance.now()
    await writeFile(data, ...more)
    const ms = performance.now() - started
    const lines = String(data).trimEnd().split('\n')
    const step = JSON.parse(lines.at(-1)).step
    appends.push({ step, ms, records: lines.length })
    for (const mark of marks) if (step >= mark && !measured.has(mark)) measured.set(mark, measure())
  }
  return handle
}
syncBuiltinESMExports()

function measure() {
  // Settled figures: without a collection RSS says more about the GC's timing than about leaks.
  globalThis.gc?.()
  globalThis.gc?.()
  const { rss, heapUsed } = process.memoryUsage()
  return { rss, heap: heapUsed, tensors: tf.memory().numTensors }
}

const out = opts.out ?? (await fsp.mkdtemp(join(tmpdir(), 'gan-soak-')))
const { runCli } = await import(pathToFileURL(cli).href)
const args = [
  ...['train', '--data', 'shapes', '--out', out, '--steps', String(steps)],
  ...['--checkpoint-every', String(every), '--sample-every', String(every)],
  ...['--keep-checkpoints', '1000', '--width', opts.width, '--batch', opts.batch],
  ...['--noise-dim', '32', '--resolution', '28', '--seed', '1'],
  // In this thread, not the training worker: the figures above are read from this thread.
  '--in-thread'
]
console.log(`soak: gan-studio ${args.join(' ')}`)
if (!globalThis.gc) console.log('soak: run with node --expose-gc for settled RSS figures')
const started = performance.now()
await runCli(['node', 'gan-studio', ...args])
if (process.exitCode) process.exit(process.exitCode)
const minutes = (performance.now() - started) / 60_000

const runDir = join(out, 'runs', (await fsp.readdir(join(out, 'runs')))[0])
const listed = await listCheckpoints(runDir)
let loaded = 0
const problems = []
for (const c of listed) {
  if (c.state !== 'whole') problems.push(`step ${c.step}: ${c.problem}`)
  else {
    try {
      await loadCheckpoint(c.path)
      loaded++
    } catch (err) {
      problems.push(`step ${c.step}: ${err instanceof Error ? err.message : String(err)}`)
    }
  }
}

const mb = (n) => (n / 2 ** 20).toFixed(1)
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN
const first = measured.get(marks[0])
const last = measured.get(marks.at(-1))
const rssChange = (last.rss - first.rss) / first.rss
const head = appends.slice(0, 10)
const tail = appends.slice(-10)
const perRecord = (xs) =>
  (1000 * xs.reduce((n, a) => n + a.ms, 0)) / xs.reduce((n, a) => n + a.records, 0)
const checks = [
  [`RSS within 10% from step ${marks[0]} to ${marks.at(-1)}`, Math.abs(rssChange) <= 0.1],
  ['tensor count equal', first.tensors === last.tensors],
  ['every checkpoint loads', problems.length === 0 && loaded === listed.length && loaded > 0]
]

console.log(`\nsoak: ${steps} steps in ${minutes.toFixed(1)} min; run folder ${runDir}`)
console.log('step      RSS MB   heap MB   tensors')
for (const [step, m] of measured) {
  console.log(
    `${String(step).padEnd(8)}${mb(m.rss).padStart(8)}${mb(m.heap).padStart(10)}${String(m.tensors).padStart(10)}`
  )
}
console.log(
  `RSS change ${(100 * rssChange).toFixed(1)}%, tensors ${first.tensors} → ${last.tensors}`
)
console.log(
  `metrics append (${appends.length} appends): first 10 median ${median(head.map((a) => a.ms)).toFixed(3)} ms ` +
    `(${perRecord(head).toFixed(1)} µs/record), last 10 median ${median(tail.map((a) => a.ms)).toFixed(3)} ms ` +
    `(${perRecord(tail).toFixed(1)} µs/record)`
)
console.log(
  `checkpoints: ${listed.length} listed, ${loaded} load (generator, discriminator, both optimisers)`
)
for (const p of problems) console.log(`  ${p}`)
for (const [what, ok] of checks) console.log(`${ok ? 'ok  ' : 'MISS'} ${what}`)
if (!opts.out) await fsp.rm(out, { recursive: true, force: true })
process.exit(checks.every(([, ok]) => ok) ? 0 : 1)

/** `gan-studio checkpoints list --json`, through the same CLI. */
async function listCheckpoints(dir) {
  const log = console.log
  let text = ''
  console.log = (s) => (text += s)
  try {
    await runCli(['node', 'gan-studio', 'checkpoints', 'list', dir, '--json'])
  } finally {
    console.log = log
  }
  return JSON.parse(text)
}

/** Loads both models and decodes both optimisers' slots of one checkpoint folder. */
async function loadCheckpoint(dir) {
  for (const sub of ['generator', 'discriminator']) {
    const json = JSON.parse(await fsp.readFile(join(dir, sub, 'model.json'), 'utf8'))
    const weights = await fsp.readFile(join(dir, sub, 'weights.bin'))
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
        weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.length)
      })
    )
    model.dispose()
  }
  const { optimizers } = JSON.parse(await fsp.readFile(join(dir, 'optimizers.json'), 'utf8'))
  const bin = await fsp.readFile(join(dir, 'optimizers.bin'))
  for (const { specs } of Object.values(optimizers)) {
    const start = specs[0]?.offset ?? 0
    const bytes = specs.reduce((n, s) => n + 4 * s.shape.reduce((a, b) => a * b, 1), 0)
    const data = bin.buffer.slice(bin.byteOffset + start, bin.byteOffset + start + bytes)
    if (data.byteLength !== bytes) throw new Error(`optimizers.bin is short of ${bytes} bytes`)
    tf.dispose(
      Object.values(
        tf.io.decodeWeights(
          data,
          specs.map(({ offset: _o, ...s }) => s)
        )
      )
    )
  }
}
