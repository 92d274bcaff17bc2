import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import * as tf from '@tensorflow/tfjs'
import { TrainConfigSchema, type TrainConfigInput } from '../../shared/train'
import { openDataset } from '../engine/data/index'
import { Trainer } from '../engine/train/trainer'

export interface MemoryMark {
  step: number
  rssMB: number
  heapMB: number
  tensors: number
}

export interface MemoryBench {
  backend: string
  /** What trained: the Trainer's loop on `shapes`, with its run folder, grids and checkpoints. */
  run: { batchSize: number; modelWidth: number; steps: number; every: number }
  marks: MemoryMark[]
  /** (RSS at the last mark − RSS at the first) / RSS at the first. */
  rssChange: number
  /** The target: RSS within 10% between the marks. */
  rssFlat: boolean
  /** Tensors alive at the last mark minus the first: 0 when nothing leaks. */
  tensorDrift: number
  /** Whether a full GC ran before each mark (settled figures). */
  settled: boolean
}

/**
 * A full collection before each reading, so RSS says more about leaks than about the GC's
 * timing. The bench runs without --expose-gc, so the flag is set at run time.
 */
function collector(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc')
    return runInNewContext('gc') as () => void
  } catch {
    return undefined
  }
}

/**
 * RSS and tensors at two steps of a real run (default 200 and 2,000): the conditional
 * DCGAN-28 on `shapes` through the Trainer, the loop every run uses, with a sample grid and a
 * checkpoint every `every` steps. Readings are taken at the same point of a step (its
 * progress record, before any grid or checkpoint of that step), in this thread.
 */
export async function benchMemory(
  opts: {
    marks?: [number, number]
    batchSize?: number
    modelWidth?: number
    every?: number
    onMark?: (mark: MemoryMark) => void
  } = {}
): Promise<MemoryBench> {
  const [first, last] = opts.marks ?? [200, 2000]
  if (!(first >= 1 && last > first)) throw new Error('memory marks must be 1 ≤ first < last.')
  const run = {
    batchSize: opts.batchSize ?? 32,
    modelWidth: opts.modelWidth ?? 16,
    steps: last,
    every: opts.every ?? 500
  }
  const gc = collector()
  const dir = mkdtempSync(join(tmpdir(), 'gan-studio-memory-'))
  try {
    const input: TrainConfigInput = {
      dataset: { kind: 'builtin', name: 'shapes' },
      datasetOptions: { resolution: 28 },
      maxSteps: run.steps,
      epochs: 10_000,
      batchSize: run.batchSize,
      modelWidth: run.modelWidth,
      sampleEvery: run.every,
      checkpointEvery: run.every,
      keepCheckpoints: 1
    }
    const config = TrainConfigSchema.parse(input)
    const { dataset } = await openDataset(config.dataset, {
      ...config.datasetOptions,
      cacheDir: join(dir, 'cache')
    })
    const marks: MemoryMark[] = []
    const trainer = new Trainer({
      config,
      dataset,
      runId: 'memory-bench',
      runDir: join(dir, 'runs', 'memory-bench'),
      progressIntervalMs: 0,
      onProgress: ({ step }) => {
        if (step !== first && step !== last) return
        gc?.()
        gc?.()
        const { rss, heapUsed } = process.memoryUsage()
        const mark = {
          step,
          rssMB: rss / 2 ** 20,
          heapMB: heapUsed / 2 ** 20,
          tensors: tf.memory().numTensors
        }
        marks.push(mark)
        opts.onMark?.(mark)
      }
    })
    const result = await trainer.run()
    if (result.state !== 'finished') {
      throw new Error(`the memory run ended ${result.state}: ${result.message ?? ''}`)
    }
    const [a, b] = marks
    if (!a || !b) throw new Error(`the memory run reported ${marks.length} of its 2 marks`)
    const rssChange = (b.rssMB - a.rssMB) / a.rssMB
    return {
      backend: tf.getBackend(),
      run,
      marks,
      rssChange,
      rssFlat: Math.abs(rssChange) <= 0.1,
      tensorDrift: b.tensors - a.tensors,
      settled: gc !== undefined
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
