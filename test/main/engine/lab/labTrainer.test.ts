import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { LabSession } from '../../../../src/main/engine/lab/labTrainer'
import {
  LAB_PRESETS,
  LabFrameSchema,
  type LabConfigInput,
  type LabFrame
} from '../../../../src/shared/lab'
import { useWasmBackend } from '../../../helpers/wasmBackend'

beforeAll(useWasmBackend)

// Small and quick: the mechanics of a session, not the theory (see labTheory.test.ts).
const small: LabConfigInput = {
  ...LAB_PRESETS.saturation.config, // compareLoss and SGD: every code path of a step
  batchSize: 64,
  evalSamples: 512,
  grid: { min: -4, max: 4, points: 41 }
}

describe('LabSession', () => {
  it('returns a complete, finite frame on the grid', () => {
    const session = new LabSession(small)
    try {
      const first = session.frame()
      expect(first.step).toBe(0)
      const frame = LabFrameSchema.parse(session.step(3))
      expect(frame.step).toBe(3)
      expect(session.stepsTaken).toBe(3)
      for (const series of [
        frame.grid,
        frame.dataDensity,
        frame.genHistogram,
        frame.genKde,
        frame.dOnGrid,
        frame.dStar
      ]) {
        expect(series).toHaveLength(41)
      }
      expect(frame.minusLog4).toBeCloseTo(-Math.log(4), 15)
      expect(frame.js).toBeGreaterThanOrEqual(0)
      expect(frame.js).toBeLessThanOrEqual(Math.log(2) + 1e-12)
      expect(frame.compare?.loss).toBe('non-saturating')
      expect(frame.modeCovered).toHaveLength(frame.modesTotal)
    } finally {
      session.dispose()
    }
  })

  it('repeats exactly for a seed, and differs for another', () => {
    const run = (seed: number): LabFrame => {
      const session = new LabSession({ ...small, seed })
      try {
        return session.step(5)
      } finally {
        session.dispose()
      }
    }
    const a = run(1)
    expect(run(1)).toEqual(a)
    expect(run(2).dLoss).not.toBe(a.dLoss)
  })

  it('leaks no tensors, step after step, and frees everything on dispose', () => {
    const before = tf.memory().numTensors
    const session = new LabSession(small)
    // The first step creates the optimizers' slots; from then on the count must not move.
    session.step(1)
    const afterOne = tf.memory().numTensors
    session.step(10)
    session.frame()
    session.generatorGradientNorm('minimax')
    expect(tf.memory().numTensors).toBe(afterOne)
    session.dispose()
    expect(tf.memory().numTensors).toBe(before)
    expect(() => session.step(1)).toThrow(/disposed/)
  })

  it('holds G still when frozen', () => {
    const session = new LabSession({ ...small, freezeG: true })
    try {
      const first = session.frame()
      const later = session.step(5)
      expect(later.genHistogram).toEqual(first.genHistogram)
      expect(later.dOnGrid).not.toEqual(first.dOnGrid)
    } finally {
      session.dispose()
    }
  })

  it('runs with a frame every N steps, and stops when aborted', async () => {
    const session = new LabSession(small)
    try {
      const seen: number[] = []
      const last = await session.run({ steps: 7, frameEvery: 3, onFrame: (f) => seen.push(f.step) })
      expect(seen).toEqual([3, 6, 7])
      expect(last.step).toBe(7)

      const controller = new AbortController()
      const more: number[] = []
      const stopped = await session.run({
        steps: 100,
        frameEvery: 2,
        signal: controller.signal,
        onFrame: (f) => {
          more.push(f.step)
          if (f.step === 11) controller.abort()
        }
      })
      expect(more).toEqual([9, 11])
      expect(stopped.step).toBe(11)
    } finally {
      session.dispose()
    }
  })
})
