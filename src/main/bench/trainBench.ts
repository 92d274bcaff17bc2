import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { loadavg } from 'node:os'
import * as tf from '@tensorflow/tfjs'
import { AUGMENT_OPS, DEFAULT_TECHNIQUES } from '../../shared/train'
import type { DcganSpec } from '../engine/models/dcgan'
import { buildDiscriminatorFor, buildGeneratorFor } from '../engine/models/build'
import { discriminatorStep, generatorStep, type Gan, type StepSettings } from '../engine/train/step'

export interface TrainStepBench {
  imagesPerSecond: number
  stepsPerSecond: number
  backend: string
  /** Tensors alive after the timed steps minus before them: 0 when nothing leaks. */
  tensorDrift: number
  /** The 1-minute load average at the start and the end of the timed steps. */
  load: [number, number]
}

const BATCH = 64
const WARMUP_STEPS = 3
/** ADA's p for the default techniques' step: it moves during a run; augmenting costs the same at any p > 0. */
const BENCH_AUGMENT_P = 0.3

/**
 * What the timed step trains: the classic DCGAN (the peer's model), or the studio's default
 * techniques on the same G and D (projection D, spectral norm, hinge, DiffAugment).
 */
export type BenchTechniques = 'classic' | 'default'

/** The studio's 28×28 model and one training step of it, as the peer runs it. */
function benchModel(conditional: boolean, techniques: BenchTechniques = 'classic') {
  const recommended = techniques === 'default'
  const spec: DcganSpec = {
    resolution: 28,
    channels: 1,
    noiseDim: 100,
    numClasses: conditional ? 10 : 0,
    seed: 0,
    ...(recommended
      ? {
          conditioning: DEFAULT_TECHNIQUES.conditioning,
          spectralNorm: DEFAULT_TECHNIQUES.spectralNorm
        }
      : {})
  }
  const gan: Gan = {
    generator: buildGeneratorFor(spec),
    discriminator: buildDiscriminatorFor(spec),
    gOptimizer: tf.train.adam(2e-4, 0.5, 0.999),
    dOptimizer: tf.train.adam(2e-4, 0.5, 0.999)
  }
  const settings: StepSettings = {
    loss: recommended ? DEFAULT_TECHNIQUES.loss : 'non-saturating',
    noiseDim: spec.noiseDim,
    numClasses: spec.numClasses,
    labelSmoothing: 0,
    mismatchedLabels: false,
    gpWeight: 0,
    augment: recommended ? { ops: AUGMENT_OPS, p: BENCH_AUGMENT_P } : null
  }
  const x = tf.randomUniform([BATCH, 28, 28, 1], -1, 1, 'float32', 1) as tf.Tensor4D
  const y = tf.tensor1d(
    Array.from({ length: BATCH }, (_, i) => i % 10),
    'int32'
  )
  return {
    step(i: number) {
      discriminatorStep(gan, settings, { x, y, seed: i, noiseStd: 0 })
      generatorStep(gan, settings, { y, seed: i, noiseStd: 0 })
    },
    dispose() {
      tf.dispose([x, y])
      for (const d of [gan.generator, gan.discriminator, gan.gOptimizer, gan.dOptimizer]) {
        d.dispose()
      }
    }
  }
}

/**
 * Builds the bench model, runs its untimed warm-up steps, and hands `measure` a function that
 * runs `steps` more; the model is disposed after.
 */
async function measureWarm<T>(
  opts: { steps: number; conditional: boolean; techniques?: BenchTechniques },
  measure: (timedSteps: () => void) => T | Promise<T>
): Promise<T> {
  await tf.ready()
  const model = benchModel(opts.conditional, opts.techniques)
  try {
    for (let i = 0; i < WARMUP_STEPS; i++) model.step(i)
    return await measure(() => {
      for (let i = 0; i < opts.steps; i++) model.step(WARMUP_STEPS + i)
    })
  } finally {
    model.dispose()
  }
}

/**
 * Training throughput of the 28×28 default on the current backend, measured like the peer
 * (`peer_dcgan.py --steps N`): batch 64, non-saturating loss, one D step per G step,
 * three warm-up steps untimed, images/s = steps × 64 / seconds. The data is a fixed
 * random batch, so only the training step is timed.
 */
export async function benchTrainStep(opts: {
  steps: number
  conditional: boolean
  techniques?: BenchTechniques
}): Promise<TrainStepBench> {
  return measureWarm(opts, (timedSteps) => {
    const tensors = tf.memory().numTensors
    const loadBefore = loadavg()[0]!
    const started = performance.now()
    timedSteps()
    const seconds = (performance.now() - started) / 1000
    const stepsPerSecond = opts.steps / seconds
    return {
      imagesPerSecond: stepsPerSecond * BATCH,
      stepsPerSecond,
      backend: tf.getBackend(),
      tensorDrift: tf.memory().numTensors - tensors,
      load: [loadBefore, loadavg()[0]!]
    }
  })
}

export interface KernelProfileRow {
  kernel: string
  /** Per training step: calls, and total time in ms. */
  calls: number
  ms: number
  /** Share of all kernel time. */
  share: number
}

export interface TrainStepProfile {
  backend: string
  steps: number
  /** Wall time of one step under the profiler, and the part of it spent inside kernels. */
  stepMs: number
  kernelMs: number
  kernels: KernelProfileRow[]
}

/**
 * Where a training step's time goes: tfjs's profiler over a few steps after warm-up, the
 * time of every kernel call summed by kernel. Nested composite ops (names ending in `__op`)
 * are left out, so each millisecond is counted once. The profiler adds a little time of
 * its own per call.
 */
export async function profileTrainStep(opts: {
  steps: number
  conditional: boolean
}): Promise<TrainStepProfile> {
  return measureWarm(opts, async (timedSteps) => {
    const started = performance.now()
    const info = await tf.profile(timedSteps)
    const stepMs = (performance.now() - started) / opts.steps
    const byKernel = new Map<string, { calls: number; ms: number }>()
    for (const k of info.kernels) {
      if (k.name.endsWith('__op')) continue
      const row = byKernel.get(k.name) ?? { calls: 0, ms: 0 }
      row.calls += 1
      row.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0
      byKernel.set(k.name, row)
    }
    const total = [...byKernel.values()].reduce((sum, r) => sum + r.ms, 0)
    const kernels = [...byKernel]
      .map(([kernel, r]) => ({
        kernel,
        calls: r.calls / opts.steps,
        ms: r.ms / opts.steps,
        share: total > 0 ? r.ms / total : 0
      }))
      .sort((a, b) => b.ms - a.ms)
    return {
      backend: tf.getBackend(),
      steps: opts.steps,
      stepMs,
      kernelMs: total / opts.steps,
      kernels
    }
  })
}

// ---------------------------------------------------------------------------------------
// The peer, and the two side by side.

export interface PeerRun {
  threads: number
  imagesPerSecond: number
  raw: string
  load: [number, number]
}

export interface PeerOptions {
  /** scripts/bench/peer_dcgan.py (peerScripts.ts finds it). */
  script: string
  python?: string
}

/** Why the peer cannot run here, in words that say what to install; undefined if it can. */
export async function peerProblem(peer: PeerOptions): Promise<string | undefined> {
  const python = peer.python ?? '/usr/bin/python3'
  if (!existsSync(peer.script)) {
    return `${peer.script} not found (the peer lives in scripts/bench/ of the repository; run the bench from a checkout)`
  }
  if (!existsSync(python)) {
    return `${python} not found: install Debian's python3 and python3-torch (apt-get install python3-torch)`
  }
  try {
    await execPython(python, ['-c', 'import torch'], 60_000)
  } catch (err) {
    const why = (err as Error).message
    return /No module named/.test(why)
      ? `${python} has no torch: install Debian's python3-torch (apt-get install python3-torch)`
      : `${python} -c 'import torch' failed: ${why}`
  }
  return undefined
}

/** One timed run of peer_dcgan.py (it warms up 3 steps itself, like the studio's bench). */
export async function runPeer(
  peer: PeerOptions,
  opts: { steps: number; threads: number; conditional: boolean }
): Promise<PeerRun> {
  const args = [peer.script, '--steps', String(opts.steps), '--threads', String(opts.threads)]
  if (!opts.conditional) args.push('--unconditional')
  const loadBefore = loadavg()[0]!
  const stdout = await execPython(peer.python ?? '/usr/bin/python3', args, 600_000)
  const raw = stdout.trim().split('\n').at(-1) ?? ''
  const match = / ([\d.]+) img\/s/.exec(raw)
  if (!match) throw new Error(`could not read the peer's figure from: ${raw}`)
  return {
    threads: opts.threads,
    imagesPerSecond: Number(match[1]),
    raw,
    load: [loadBefore, loadavg()[0]!]
  }
}

function execPython(python: string, args: string[], timeout: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(python, args, { timeout, maxBuffer: 4 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(stderr.trim().split('\n').at(-1) || err.message))
      else resolve(stdout)
    })
  })
}

export interface Summary {
  median: number
  min: number
  max: number
  /** (max − min) / median. */
  spread: number
  runs: number[]
}

export function summarise(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const median =
    sorted.length === 0
      ? NaN
      : sorted.length % 2
        ? sorted[mid]!
        : (sorted[mid - 1]! + sorted[mid]!) / 2
  const min = sorted[0] ?? NaN
  const max = sorted.at(-1) ?? NaN
  return { median, min, max, spread: (max - min) / median, runs: values }
}

export interface TrainComparison {
  backend: string
  steps: number
  rounds: number
  studio: { runs: TrainStepBench[]; imagesPerSecond: Summary }
  /**
   * The studio with its default techniques (the peer has none of them), alternated with the
   * rest; `cost` is its median over the classic step's: what the better pictures cost per step.
   */
  studioDefault: { runs: TrainStepBench[]; imagesPerSecond: Summary; cost: number }
  /** Absent with `peerSkipped` when the peer cannot run here. */
  peer?: {
    byThreads: Record<string, { runs: PeerRun[]; imagesPerSecond: Summary }>
    /** The thread count whose median is higher, and that median. */
    best: { threads: number; imagesPerSecond: number }
  }
  peerSkipped?: string
  /** Studio median / the peer's best median. */
  ratio?: number
  /** Every 1-minute load average seen at the start and end of a run. */
  load: Summary
}

/**
 * The studio and the peer, alternated round by round (studio, peer on 1 thread, peer on 2
 * threads, …) so that load on a shared machine falls on both alike; medians over rounds.
 */
export async function compareWithPeer(opts: {
  steps: number
  rounds: number
  conditional: boolean
  peer: PeerOptions
  peerThreads?: number[]
  /** Called after each run, for live output. */
  onRun?: (what: string) => void
}): Promise<TrainComparison> {
  const threads = opts.peerThreads ?? [1, 2]
  const problem = await peerProblem(opts.peer)
  const studio: TrainStepBench[] = []
  const studioDefault: TrainStepBench[] = []
  const peer = new Map<number, PeerRun[]>(threads.map((t) => [t, []]))
  const loads: number[] = []
  for (let round = 1; round <= opts.rounds; round++) {
    for (const techniques of ['classic', 'default'] as const) {
      const ours = await benchTrainStep({
        steps: opts.steps,
        conditional: opts.conditional,
        techniques
      })
      ;(techniques === 'classic' ? studio : studioDefault).push(ours)
      loads.push(...ours.load)
      const what = techniques === 'classic' ? 'DCGAN' : 'default techniques'
      opts.onRun?.(
        `round ${round}: gan-studio ${ours.backend} ${what} ${ours.imagesPerSecond.toFixed(1)} img/s (load ${fmtLoad(ours.load)})`
      )
    }
    if (problem) continue
    for (const t of threads) {
      const run = await runPeer(opts.peer, {
        steps: opts.steps,
        threads: t,
        conditional: opts.conditional
      })
      peer.get(t)!.push(run)
      loads.push(...run.load)
      opts.onRun?.(
        `round ${round}: peer threads=${t} ${run.imagesPerSecond.toFixed(1)} img/s (load ${fmtLoad(run.load)})`
      )
    }
  }
  const studioSummary = summarise(studio.map((r) => r.imagesPerSecond))
  const defaultSummary = summarise(studioDefault.map((r) => r.imagesPerSecond))
  const result: TrainComparison = {
    backend: studio[0]?.backend ?? tf.getBackend(),
    steps: opts.steps,
    rounds: opts.rounds,
    studio: { runs: studio, imagesPerSecond: studioSummary },
    studioDefault: {
      runs: studioDefault,
      imagesPerSecond: defaultSummary,
      cost: studioSummary.median / defaultSummary.median
    },
    load: summarise(loads)
  }
  if (problem) return { ...result, peerSkipped: problem }
  const byThreads: NonNullable<TrainComparison['peer']>['byThreads'] = {}
  let best = { threads: 0, imagesPerSecond: -Infinity }
  for (const [t, runs] of peer) {
    const s = summarise(runs.map((r) => r.imagesPerSecond))
    byThreads[String(t)] = { runs, imagesPerSecond: s }
    if (s.median > best.imagesPerSecond) best = { threads: t, imagesPerSecond: s.median }
  }
  return {
    ...result,
    peer: { byThreads, best },
    ratio: studioSummary.median / best.imagesPerSecond
  }
}

function fmtLoad([a, b]: [number, number]): string {
  return `${a.toFixed(2)}→${b.toFixed(2)}`
}
