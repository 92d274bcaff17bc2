import { describe, expect, it } from 'vitest'
import {
  DatasetError,
  FASHION_MNIST_CLASSES,
  openDataset
} from '../../../../src/main/engine/data/index'
import { FASHION_MNIST_DIR, fashionMnistFiles } from '../../../../src/main/engine/data/fashionMnist'
import { generateShapes, SHAPE_CLASSES } from '../../../../src/main/engine/data/shapes'
import { fashionMnist } from '../../../helpers/requirement'

describe('built-in shapes', () => {
  it('is four balanced classes, 32 × 32 RGB by default, the same for every open', async () => {
    const a = await openDataset({ kind: 'builtin', name: 'shapes' })
    const b = await openDataset({ kind: 'builtin', name: 'shapes' })
    expect(a.dataset).toMatchObject({ size: 32, channels: 3, count: 4000, labeled: true })
    expect(a.dataset.classNames).toEqual([...SHAPE_CLASSES])
    expect(a.summary.classes.map((c) => c.count)).toEqual([1000, 1000, 1000, 1000])
    expect(a.summary.classes.every((c) => c.thumbnails.length === 4)).toBe(true)
    expect(Buffer.from(a.dataset.images).equals(Buffer.from(b.dataset.images))).toBe(true)
  })

  it('draws at 28 and 64, in one channel on request, and another seed draws other images', () => {
    for (const size of [28, 64] as const) {
      const set = generateShapes({ size, channels: 1, perClass: 5 })
      expect(set.images.length).toBe(20 * size * size)
    }
    const one = generateShapes({ size: 32, channels: 3, perClass: 5, seed: 1 })
    const two = generateShapes({ size: 32, channels: 3, perClass: 5, seed: 2 })
    expect(Buffer.from(one.images).equals(Buffer.from(two.images))).toBe(false)
  })

  it('draws a figure in each image, and the classes differ in shape, not just colour', () => {
    const set = generateShapes({ size: 64, channels: 1, perClass: 100 })
    const area = 64 * 64
    // Compactness, whatever the rotation: the figure's area over the circle through its
    // farthest pixel. Circle ≈ 1, square ≈ 2/π, cross ≈ 0.57, triangle ≈ 0.41.
    const sum = [0, 0, 0, 0]
    for (let i = 0; i < set.count; i++) {
      const on: [number, number][] = []
      set.images.subarray(i * area, (i + 1) * area).forEach((v, p) => {
        if (v >= 80) on.push([p % 64, Math.floor(p / 64)])
      })
      expect(on.length, `image ${i} shows a figure`).toBeGreaterThan(40)
      const cx = on.reduce((a, [x]) => a + x, 0) / on.length
      const cy = on.reduce((a, [, y]) => a + y, 0) / on.length
      const r = Math.max(...on.map(([x, y]) => Math.hypot(x - cx, y - cy))) + 0.5
      const label = set.labels[i]!
      sum[label] = sum[label]! + on.length / (Math.PI * r * r)
    }
    const [circle, square, triangle, cross] = sum.map((s) => s / 100) as [
      number,
      number,
      number,
      number
    ]
    expect(circle).toBeGreaterThan(0.85)
    expect(square).toBeGreaterThan(cross)
    expect(cross).toBeGreaterThan(triangle)
    expect(circle - square).toBeGreaterThan(0.15)
  })
})

describe('built-in fashion-mnist', () => {
  it("reads Debian's dataset-fashion-mnist with its ten class names", async (ctx) => {
    fashionMnist.check(ctx)
    const { dataset, summary } = await openDataset({ kind: 'builtin', name: 'fashion-mnist' })
    expect(dataset).toMatchObject({ name: 'Fashion-MNIST', size: 28, channels: 1, count: 60000 })
    expect(dataset.classNames).toEqual(FASHION_MNIST_CLASSES)
    expect(dataset.classNames).toEqual([
      'T-shirt/top',
      'Trouser',
      'Pullover',
      'Dress',
      'Coat',
      'Sandal',
      'Shirt',
      'Sneaker',
      'Bag',
      'Ankle boot'
    ])
    expect(summary.classes.map((c) => c.count)).toEqual(Array(10).fill(6000))
    const test = await openDataset({ kind: 'builtin', name: 'fashion-mnist', split: 'test' })
    expect(test.dataset.count).toBe(10000)
  })

  it('recognises Fashion-MNIST opened as plain IDX by its labels', async (ctx) => {
    fashionMnist.check(ctx)
    const { dataset } = await openDataset({ kind: 'idx', path: FASHION_MNIST_DIR, split: 'test' })
    expect(dataset.classNames).toEqual(FASHION_MNIST_CLASSES)
  })

  it('names the package to install when the files are missing', () => {
    let err: unknown
    try {
      fashionMnistFiles('train', '/nonexistent/fashion-mnist')
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(DatasetError)
    expect(err).toMatchObject({
      code: 'missing-package',
      message: expect.stringContaining('sudo apt-get install dataset-fashion-mnist')
    })
  })
})
