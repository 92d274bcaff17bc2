import type { DatasetSummary } from '../../../src/shared/dataset'
import type { CheckpointSummary, RunSummary } from '../../../src/shared/runs'

/** A tiny PNG's worth of bytes: the views only turn them into object URLs. */
export const png = () => new Uint8Array([0x89, 0x50, 0x4e, 0x47])

export function datasetSummary(overrides: Partial<DatasetSummary> = {}): DatasetSummary {
  return {
    source: { kind: 'builtin', name: 'shapes' },
    name: 'Shapes',
    classes: [
      { name: 'circle', count: 120, thumbnails: [png(), png()] },
      { name: 'square', count: 80, thumbnails: [png()] }
    ],
    count: 200,
    resolution: 32,
    channels: 3,
    labeled: true,
    skipped: [],
    warnings: [],
    fromCache: false,
    decodedFiles: 200,
    ...overrides
  }
}

export function runSummary(overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    id: 'run-1',
    path: '/data/runs/run-1',
    createdAt: '2026-01-01T00:00:00Z',
    datasetName: 'Shapes',
    labels: ['circle', 'square'],
    loss: 'hinge',
    resolution: 32,
    channels: 3,
    conditional: true,
    lastStep: 200,
    checkpoints: 2,
    name: '',
    settings: { batchSize: 32, lrG: 0.0002, lrD: 0.0002 },
    totalSteps: 200,
    durationSeconds: 65,
    status: 'complete',
    ...overrides
  }
}

export function checkpointSummary(step: number, runId = 'run-1'): CheckpointSummary {
  return {
    runId,
    step,
    state: 'whole',
    epoch: 1,
    time: '2026-01-01T00:01:00Z',
    dLoss: 1.25,
    gLoss: 0.75,
    backend: 'wasm',
    labels: ['circle', 'square'],
    noiseDim: 64,
    path: `/data/runs/${runId}/checkpoints/step-${step}`
  }
}

export function runHistory(runId = 'run-1') {
  return {
    runId,
    loss: 'hinge',
    labels: ['circle', 'square'],
    totalSteps: 200,
    records: 2,
    metrics: [100, 200].map((step) => ({
      step,
      dLoss: 1.2,
      gLoss: 0.8,
      dReal: 0.6,
      dFake: 0.4,
      elapsedSeconds: step / 10
    })),
    sampleSteps: [100, 200]
  }
}
