import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { BatchStream, type ImageDataset } from '../../../../src/main/engine/data/index'
import { createRng, permutation } from '../../../../src/main/engine/data/prng'

/** n images of 2 × 2 × 1 whose first pixel is the image's index, labels index % 3. */
function numbered(n: number): ImageDataset {
  const images = new Uint8Array(n * 4)
  for (let i = 0; i < n; i++) images.set([i, 0, 255, 128], i * 4)
  return {
    name: 'numbered',
    classNames: ['x', 'y', 'z'],
    labeled: true,
    size: 28,
    channels: 1,
    count: n,
    images,
    labels: Uint16Array.from({ length: n }, (_, i) => i % 3)
  }
}

/** The images a batch holds, read back from the first pixel of each. */
function ids(batch: { x: tf.Tensor4D; y: tf.Tensor1D }): number[] {
  const x = batch.x.dataSync()
  const area = batch.x.shape[1] * batch.x.shape[2] * batch.x.shape[3]
  const out = Array.from({ length: batch.x.shape[0] }, (_, b) =>
    Math.round((x[b * area]! + 1) * 127.5)
  )
  batch.x.dispose()
  batch.y.dispose()
  return out
}

// A 2 × 2 dataset is not 28 × 28: give BatchStream the real shape it reads from.
const tiny = (n: number): ImageDataset => ({ ...numbered(n), size: 2 as 28 })

beforeAll(async () => {
  await tf.setBackend('cpu')
})

describe('BatchStream', () => {
  it('hands out every image exactly once per epoch, in a new order each epoch', () => {
    const stream = new BatchStream(tiny(50), { batchSize: 8, seed: 1 })
    expect(stream.stepsPerEpoch).toBe(7)
    const epochs: number[][] = [[], [], []]
    for (let s = 0; s < 21; s++) {
      const batch = stream.next()
      expect(batch.step).toBe(s % 7)
      expect(batch.globalStep).toBe(s)
      epochs[batch.epoch]!.push(...ids(batch))
    }
    for (const order of epochs)
      expect([...order].sort((a, b) => a - b)).toEqual([...Array(50).keys()])
    expect(epochs[0]).not.toEqual(epochs[1])
    stream.dispose()
  })

  it('gives the same order for the same seed, another for another seed', () => {
    const run = (seed: number) => {
      const s = new BatchStream(tiny(30), { batchSize: 7, seed })
      const out = Array.from({ length: 10 }, () => ids(s.next()))
      s.dispose()
      return out
    }
    expect(run(42)).toEqual(run(42))
    expect(run(42)).not.toEqual(run(43))
  })

  it('drops the short last batch when asked, so every batch is full', () => {
    const stream = new BatchStream(tiny(20), { batchSize: 8, seed: 3, dropLast: true })
    expect(stream.stepsPerEpoch).toBe(2)
    const sizes = Array.from({ length: 6 }, () => {
      const b = stream.next()
      return [b.epoch, ids(b).length]
    })
    expect(sizes).toEqual([
      [0, 8],
      [0, 8],
      [1, 8],
      [1, 8],
      [2, 8],
      [2, 8]
    ])
    expect(() => new BatchStream(tiny(5), { batchSize: 8, seed: 1, dropLast: true })).toThrow(
      /larger than the dataset/
    )
  })

  it('scales pixels to [-1, 1] float32 NHWC and labels to int32', () => {
    const stream = new BatchStream(tiny(4), { batchSize: 4, seed: 0 })
    const { x, y } = stream.next()
    expect(x.shape).toEqual([4, 2, 2, 1])
    expect(x.dtype).toBe('float32')
    expect(y.dtype).toBe('int32')
    const values = x.dataSync()
    const labels = y.dataSync()
    for (let b = 0; b < 4; b++) {
      const id = Math.round((values[b * 4]! + 1) * 127.5)
      expect(labels[b]).toBe(id % 3)
      expect(values[b * 4 + 1]).toBe(-1)
      expect(values[b * 4 + 2]).toBe(1)
      expect(values[b * 4 + 3]).toBeCloseTo(128 / 127.5 - 1, 6)
    }
    x.dispose()
    y.dispose()
    stream.dispose()
  })

  it('continues identically after restoring a saved state, even through JSON', () => {
    const a = new BatchStream(tiny(23), { batchSize: 5, seed: 7 })
    for (let i = 0; i < 8; i++) ids(a.next())
    const state = JSON.parse(JSON.stringify(a.getState()))
    const rest = Array.from({ length: 12 }, () => ids(a.next()))

    const b = new BatchStream(tiny(23), { batchSize: 5, seed: 999 })
    ids(b.next())
    b.restore(state)
    expect(Array.from({ length: 12 }, () => ids(b.next()))).toEqual(rest)
    expect(b.getState()).toEqual(a.getState())
    a.dispose()
    b.dispose()
  })

  it('refuses a state saved for a dataset of another size', () => {
    const a = new BatchStream(tiny(23), { batchSize: 5, seed: 7 })
    const b = new BatchStream(tiny(24), { batchSize: 5, seed: 7 })
    expect(() => b.restore(a.getState())).toThrow(/dataset of 23 images, but this one has 24/)
    expect(() => b.restore({ ...a.getState(), epoch: -1 })).toThrow(/not valid/)
    a.dispose()
    b.dispose()
  })

  it('builds the next batch while the caller waits, and that batch is the one it would build', async () => {
    const prefetching = new BatchStream(tiny(40), { batchSize: 6, seed: 5 })
    const direct = new BatchStream(tiny(40), { batchSize: 6, seed: 5 })
    for (let i = 0; i < 15; i++) {
      const p = prefetching.next()
      await new Promise((resolve) => setImmediate(resolve))
      expect((prefetching as unknown as { prepared?: unknown }).prepared).toBeDefined()
      expect(ids(p)).toEqual(ids(direct.next()))
    }
    prefetching.dispose()
    direct.dispose()
  })

  it('leaks no tensors: the caller owns each batch', () => {
    const stream = new BatchStream(tiny(10), { batchSize: 4, seed: 1 })
    const before = tf.memory().numTensors
    for (let i = 0; i < 20; i++) ids(stream.next())
    expect(tf.memory().numTensors).toBe(before)
    stream.dispose()
    expect(() => stream.next()).toThrow(/after dispose/)
  })
})

describe('the seeded generator', () => {
  it('is reproducible, uniform enough, and permutations are permutations', () => {
    const a = createRng(123)
    const b = createRng(123)
    const xs = Array.from({ length: 10000 }, () => a())
    expect(Array.from({ length: 10000 }, () => b())).toEqual(xs)
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...xs)).toBeLessThan(1)
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02)
    expect(createRng(123, 1)()).not.toBe(createRng(123, 0)())
    expect(createRng(2 ** 40)()).not.toBe(createRng(0)())
    const p = permutation(1000, 9, 0)
    expect([...p].sort((x, y) => x - y)).toEqual([...Array(1000).keys()])
  })
})
