import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Engine } from '../../../../../src/main/engine/engine'
import type { WorkerMode } from '../../../../../src/main/engine/worker/workerChannel'
import type { StudioEvent } from '../../../../../src/shared/events'
import { LabConfigSchema } from '../../../../../src/shared/lab'
import type { TrainConfigInput } from '../../../../../src/shared/train'
import { TrainConfigSchema } from '../../../../../src/shared/train'

export interface EngineUnderTest {
  engine: Engine
  events: StudioEvent[]
  /** Resolves with the first event from now on that `match` accepts. */
  next<T extends StudioEvent['type']>(
    type: T,
    match?: (e: Extract<StudioEvent, { type: T }>) => boolean
  ): Promise<Extract<StudioEvent, { type: T }>>
  close(): Promise<void>
}

/** An engine on wasm (never a silent fall to cpu) with a fresh data folder, recording events. */
export async function engineUnderTest(worker: WorkerMode): Promise<EngineUnderTest> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gan-studio-worker-'))
  const engine = await Engine.start({
    dataDir,
    shell: 'browser',
    env: { GAN_STUDIO_BACKEND: 'wasm' },
    worker
  })
  const events: StudioEvent[] = []
  const waiters = new Set<(e: StudioEvent) => void>()
  engine.onEvent((e) => {
    events.push(e)
    for (const w of [...waiters]) w(e)
  })
  return {
    engine,
    events,
    next(type, match) {
      return new Promise((resolve) => {
        const w = (e: StudioEvent): void => {
          if (e.type !== type) return
          const typed = e as Extract<StudioEvent, { type: typeof type }>
          if (match && !match(typed)) return
          waiters.delete(w)
          resolve(typed)
        }
        waiters.add(w)
      })
    },
    async close() {
      await engine.dispose()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

/** A tiny conditional DCGAN on the built-in shapes: seconds, not minutes. */
export function tinyRun(overrides: Partial<TrainConfigInput> = {}) {
  return TrainConfigSchema.parse({
    dataset: { kind: 'builtin', name: 'shapes' },
    datasetOptions: { resolution: 28, channels: 1, limitPerClass: 16 },
    modelWidth: 4,
    noiseDim: 8,
    batchSize: 8,
    maxSteps: 6,
    sampleEvery: 3,
    checkpointEvery: 1000,
    ...overrides
  })
}

/** A tiny Lab experiment: two modes, few samples. */
export function tinyLab(seed = 0) {
  return LabConfigSchema.parse({
    seed,
    data: {
      modes: [
        { mean: -2, std: 0.5, weight: 1 },
        { mean: 2, std: 0.5, weight: 1 }
      ]
    },
    batchSize: 32,
    hiddenUnits: 8,
    evalSamples: 256,
    grid: { min: -6, max: 6, points: 61 }
  })
}
