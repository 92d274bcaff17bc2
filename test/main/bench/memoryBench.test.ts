import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { benchMemory } from '../../../src/main/bench/memoryBench'
import { useWasmBackend } from '../../helpers/wasmBackend'

beforeAll(useWasmBackend)

// The figures belong to `gan-studio bench --only memory`; this checks what it reports.
describe('benchMemory', () => {
  it('reads RSS and tensors at two steps of a real run, and frees what it made', async () => {
    const before = tf.memory().numTensors
    const seen: number[] = []
    const m = await benchMemory({
      marks: [2, 6],
      every: 3,
      batchSize: 8,
      modelWidth: 4,
      onMark: (mark) => seen.push(mark.step)
    })
    expect(seen).toEqual([2, 6])
    expect(m.marks.map((k) => k.step)).toEqual([2, 6])
    for (const k of m.marks) {
      expect(k.rssMB).toBeGreaterThan(k.heapMB)
      expect(k.tensors).toBeGreaterThan(0)
    }
    expect(m.backend).toBe('wasm')
    expect(m.run).toEqual({ batchSize: 8, modelWidth: 4, steps: 6, every: 3 })
    // A grid and a checkpoint at step 3 fall between the marks: nothing of them stays.
    expect(m.tensorDrift).toBe(0)
    expect(m.rssChange).toBeCloseTo((m.marks[1]!.rssMB - m.marks[0]!.rssMB) / m.marks[0]!.rssMB)
    expect(m.rssFlat).toBe(Math.abs(m.rssChange) <= 0.1)
    expect(m.settled).toBe(true)
    expect(tf.memory().numTensors).toBe(before)
  })

  it('refuses marks out of order', async () => {
    await expect(benchMemory({ marks: [5, 5] })).rejects.toThrow(/1 ≤ first < last/)
  })
})
