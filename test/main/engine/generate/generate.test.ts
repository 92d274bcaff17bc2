import * as tf from '@tensorflow/tfjs'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  generate,
  generateFromCheckpoint,
  interpolate,
  loadGenerator,
  resolveLabel,
  sampleNoise,
  slerp
} from '../../../../src/main/engine/generate/generate'
import { saveImages } from '../../../../src/main/engine/generate/saveImages'
import { createRunsHandlers } from '../../../../src/main/engine/runs/handlers'
import { Generations } from '../../../../src/main/engine/generate/generations'
import { absolutePath } from '../../../../src/shared/paths'
import type { StudioEvent } from '../../../../src/shared/events'
import { GENERATED_PAGE } from '../../../../src/shared/runs'
import { selectWasmByEnv } from '../../../helpers/wasmBackend'
import { pngSize, trainedTinyRuns, trainTinyRun } from '../../../helpers/tinyTraining'
import { generateShapes } from '../../../../src/main/engine/data/shapes'

const LABELS = ['circle', 'square', 'triangle', 'cross']
selectWasmByEnv()
const { root, runsDir } = trainedTinyRuns('gan-generate-', {
  cond: {},
  uncond: { conditional: false }
})
const ckpt = join(runsDir, 'cond', 'checkpoints', 'step-4')
afterEach(() => {
  vi.restoreAllMocks()
})

describe('generate', () => {
  it('generates a class by name or by index, seeded', async () => {
    const byName = await generate(runsDir, {
      checkpoint: { runId: 'cond' },
      label: 'triangle',
      count: 6,
      seed: 3
    })
    expect(byName.labels).toEqual(Array(6).fill('triangle'))
    expect(byName.images).toHaveLength(6)
    for (const img of byName.images) expect(await pngSize(img)).toEqual([28, 28])
    // 6 images: 3 columns, 2 rows, each cell 56 px with 1 px gaps.
    expect(await pngSize(byName.grid!)).toEqual([3 * 56 + 4, 2 * 56 + 3])

    const byIndex = await generate(runsDir, {
      checkpoint: { runId: 'cond', step: 4 },
      label: 2,
      count: 6,
      seed: 3
    })
    expect(Buffer.from(byIndex.grid!).equals(Buffer.from(byName.grid!))).toBe(true)
    const other = await generate(runsDir, {
      checkpoint: { runId: 'cond' },
      label: 2,
      count: 6,
      seed: 4
    })
    expect(Buffer.from(other.grid!).equals(Buffer.from(byName.grid!))).toBe(false)
  })

  it('without a label, draws every class, one row each, the same noise down each column', async () => {
    const all = await generateFromCheckpoint(ckpt, { count: 5, seed: 1 })
    expect(all.labels).toEqual(LABELS.flatMap((l) => Array(5).fill(l)))
    expect(await pngSize(all.grid)).toEqual([5 * 56 + 6, 4 * 56 + 5])
    const one = await generateFromCheckpoint(ckpt, { label: 'cross', count: 5, seed: 1 })
    expect(all.images.slice(15).map((b) => Buffer.from(b).toString('hex'))).toEqual(
      one.images.map((b) => Buffer.from(b).toString('hex'))
    )
  })

  it('refuses a label the model lacks, listing its labels', async () => {
    await expect(
      generateFromCheckpoint(ckpt, { label: 'Sneaker', count: 1, seed: 0 })
    ).rejects.toThrow(
      'This model has no label "Sneaker". Its labels are 0: circle, 1: square, 2: triangle, 3: cross.'
    )
    await expect(generateFromCheckpoint(ckpt, { label: 4, count: 1, seed: 0 })).rejects.toThrow(
      /no label 4\. Its labels are 0: circle/
    )
    const uncond = join(runsDir, 'uncond', 'checkpoints', 'step-4')
    await expect(
      generateFromCheckpoint(uncond, { label: 'circle', count: 1, seed: 0 })
    ).rejects.toThrow(/trained without labels/)
    const free = await generateFromCheckpoint(uncond, { count: 4, seed: 0 })
    expect(free.labels).toEqual([])
    expect(free.images).toHaveLength(4)
  })

  it('truncation resamples the components above the threshold', async () => {
    const plain = sampleNoise(100, 20, 7)
    expect(Math.max(...plain.map(Math.abs))).toBeGreaterThan(2)
    const cut = sampleNoise(100, 20, 7, 0.5)
    expect(Math.max(...cut.map(Math.abs))).toBeLessThanOrEqual(0.5)
    // Still centred and spread, not clamped onto ±t.
    expect(cut.filter((v) => Math.abs(v) === 0.5).length).toBe(0)
    expect(Math.abs(cut.reduce((a, b) => a + b, 0) / cut.length)).toBeLessThan(0.05)
    // Vector i of a seed does not depend on how many were asked for.
    expect(sampleNoise(100, 3, 7)).toEqual(plain.slice(0, 300))
    const g = await generateFromCheckpoint(ckpt, { label: 0, count: 4, seed: 7, truncation: 0.5 })
    expect(g.images).toHaveLength(4)
  })

  it('interpolates spherically from z(seedA) to z(seedB), both ends included', async () => {
    const a = sampleNoise(8, 1, 10)
    const b = sampleNoise(8, 1, 11)
    expect(slerp(a, b, 0)).toEqual(a)
    const end = slerp(a, b, 1)
    end.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 5))
    const norm = (v: Float32Array) => Math.hypot(...v)
    const mid = slerp(a, b, 0.5)
    // The great circle keeps the norm between the ends' (lerp would shrink it).
    expect(norm(mid)).toBeGreaterThan(Math.min(norm(a), norm(b)) * 0.9)

    const strip = await interpolate(runsDir, {
      checkpoint: { runId: 'cond' },
      label: 'square',
      seedA: 10,
      seedB: 11,
      steps: 5
    })
    expect(strip.labels).toEqual(Array(5).fill('square'))
    expect(await pngSize(strip.grid!)).toEqual([5 * 56 + 6, 56 + 2])
    const first = await generateFromCheckpoint(ckpt, { label: 'square', count: 1, seed: 10 })
    expect(Buffer.from(strip.images[0]!).equals(Buffer.from(first.images[0]!))).toBe(true)
    const every = await interpolate(runsDir, { checkpoint: { runId: 'cond' }, seedA: 1, seedB: 2 })
    expect(every.images).toHaveLength(4 * 8)
  })

  it('loads each checkpoint once and caches it', async () => {
    const a = await loadGenerator(ckpt)
    const b = await loadGenerator(ckpt)
    expect(b.model).toBe(a.model)
    expect(a.manifest.labels).toEqual(LABELS)
    const before = tf.memory().numTensors
    await generateFromCheckpoint(ckpt, { label: 1, count: 70, seed: 0 })
    expect(tf.memory().numTensors).toBe(before)
  })
})

describe('saveImages', () => {
  it('writes <prefix>-<n>.png, numbering on past earlier saves', async () => {
    const dir = join(root, 'saved')
    const g = await generateFromCheckpoint(ckpt, { label: 0, count: 3, seed: 0 })
    const first = await saveImages(dir, g.images, 'circle')
    expect(first.paths.map((p) => p.slice(dir.length + 1))).toEqual([
      'circle-1.png',
      'circle-2.png',
      'circle-3.png'
    ])
    const second = await saveImages(dir, g.images.slice(0, 1), 'circle')
    expect(second.paths).toEqual([join(dir, 'circle-4.png')])
    expect(
      Buffer.from(await readFile(join(dir, 'circle-4.png'))).equals(Buffer.from(g.images[0]!))
    ).toBe(true)
    await expect(saveImages(dir, g.images, '../up')).rejects.toThrow(/not a file prefix/)
    // A class folder named in Chinese keeps its name.
    const named = await saveImages(dir, g.images.slice(0, 1), '連衣裙-seed3')
    expect(named.paths).toEqual([join(dir, '連衣裙-seed3-1.png')])
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([])
  })
})

describe('createRunsHandlers', () => {
  it('serves the contract over runsDir, forgetting cached generators of what it deletes', async () => {
    await trainTinyRun(runsDir, 'handled')
    const busy = new Set<string>(['handled'])
    const h = createRunsHandlers(runsDir, { isTraining: (id) => busy.has(id) })
    expect((await h.listRuns()).map((r) => r.id)).toContain('handled')
    expect((await h.listCheckpoints('handled')).map((c) => c.step)).toEqual([2, 4])
    const g = await h.generate({
      checkpoint: { runId: 'handled' },
      label: 'cross',
      count: 2,
      seed: 0
    })
    expect(g.labels).toEqual(['cross', 'cross'])
    const strip = await h.interpolate({
      checkpoint: { runId: 'handled' },
      label: 0,
      seedA: 1,
      seedB: 2,
      steps: 3
    })
    expect(strip.images).toHaveLength(3)
    const saved = await h.saveImages({
      generation: g.id,
      dir: absolutePath(join(root, 'handled-images')),
      prefix: 'x'
    })
    expect(saved.paths).toHaveLength(2)

    await expect(h.deleteRun('handled')).rejects.toThrow(/is training; stop it/)
    await expect(h.deleteCheckpoint('handled', 4)).rejects.toThrow(/is training/)
    busy.clear()
    const step4 = join(runsDir, 'handled', 'checkpoints', 'step-4')
    const cached = await loadGenerator(step4)
    expect(await h.deleteCheckpoint('handled', 4)).toEqual({ ok: true })
    // The cached model was freed with its checkpoint.
    expect(() => cached.model.predict([tf.zeros([1, 8]), tf.zeros([1, 4])])).toThrow()
    await expect(
      h.generate({ checkpoint: { runId: 'handled', step: 4 }, count: 1, seed: 0 })
    ).rejects.toThrow(/no checkpoint at step 4/)
    expect(await h.deleteRun('handled')).toEqual({ ok: true })
    expect(await h.listRuns()).not.toContainEqual(expect.objectContaining({ id: 'handled' }))
  })
})

describe('resolveLabel', () => {
  it('takes a name, an index, or digits naming no class as an index', () => {
    const m = { labels: ['a', '7', 'c'], numClasses: 3 }
    expect(resolveLabel(m, 'c')).toBe(2)
    expect(resolveLabel(m, 1)).toBe(1)
    expect(resolveLabel(m, '7')).toBe(1)
    expect(resolveLabel(m, '2')).toBe(2)
    expect(resolveLabel(m, undefined)).toBeNull()
    expect(() => resolveLabel(m, '3')).toThrow(
      'This model has no label "3". Its labels are 0: a, 1: 7, 2: c.'
    )
  })
})

describe('colour, 32 px', () => {
  it('checkpoints and generates a 3-channel 32×32 model', async () => {
    const rgb = generateShapes({ size: 32, channels: 3, perClass: 4 })
    await trainTinyRun(runsDir, 'rgb', { maxSteps: 2 }, rgb)
    const g = await generate(runsDir, { checkpoint: { runId: 'rgb' }, label: 'square', count: 2 })
    const meta = await sharp(g.images[0]!).metadata()
    expect([meta.width, meta.height, meta.channels]).toEqual([32, 32, 3])
    expect((await sharp(g.grid).metadata()).channels).toBe(3)
  }, 60_000)
})

describe('generations held by the engine', () => {
  const dir = (name: string) => absolutePath(join(root, name))

  it('answers with the first page and an id, pages through the rest, and reports progress', async () => {
    const events: StudioEvent[] = []
    const h = createRunsHandlers(runsDir, { emit: (e) => events.push(e) })
    const g = await h.generate({
      checkpoint: { runId: 'cond' },
      count: 20,
      seed: 5,
      id: 'every-class'
    })
    // 20 of each of 4 classes: 80 images, the first 64 in the answer.
    expect(g).toMatchObject({ id: 'every-class', count: 80 })
    expect(g.images).toHaveLength(GENERATED_PAGE)
    expect(g.labels).toHaveLength(80)
    const rest = await h.generatedImages({ id: g.id, start: GENERATED_PAGE, count: GENERATED_PAGE })
    expect(rest.images).toHaveLength(16)
    expect(rest.labels).toEqual(Array(16).fill('cross'))
    const direct = await generateFromCheckpoint(ckpt, { label: 'cross', count: 20, seed: 5 })
    expect(Buffer.from(rest.images[15]!).equals(Buffer.from(direct.images[19]!))).toBe(true)
    const progress = events.filter((e) => e.type === 'generate-progress')
    expect(progress.length).toBeGreaterThan(1)
    expect(progress.at(-1)).toEqual({
      type: 'generate-progress',
      id: 'every-class',
      done: 80,
      total: 80
    })
  })

  it('saves chosen images by id and index, and nothing it did not generate', async () => {
    const h = createRunsHandlers(runsDir)
    const g = await h.generate({ checkpoint: { runId: 'cond' }, label: 1, count: 4, seed: 9 })
    const out = dir('by-reference')
    const saved = await h.saveImages({
      generation: g.id,
      indices: [3, 1, 3],
      dir: out,
      prefix: 'sq'
    })
    expect(saved.paths).toEqual([join(out, 'sq-1.png'), join(out, 'sq-2.png')])
    expect(Buffer.from(await readFile(saved.paths[0]!)).equals(Buffer.from(g.images[3]!))).toBe(
      true
    )
    await expect(
      h.saveImages({ generation: g.id, indices: [4], dir: out, prefix: 'sq' })
    ).rejects.toThrow(/has no image 4: it holds 4 \(0 to 3\)/)
    await expect(
      h.saveImages({ generation: 'never-made', dir: out, prefix: 'sq' })
    ).rejects.toThrow(/no longer holds generation "never-made".*same seed gives the same images/)
  })

  it('keeps only the last few generations', async () => {
    const h = createRunsHandlers(runsDir, { generations: new Generations({ keep: 2 }) })
    const make = (id: string) =>
      h.generate({ checkpoint: { runId: 'cond' }, label: 0, count: 1, seed: 0, id })
    for (const id of ['a', 'b', 'c']) await make(id)
    await expect(h.generatedImages({ id: 'a', start: 0, count: 1 })).rejects.toThrow(
      /no longer holds generation "a"/
    )
    expect((await h.generatedImages({ id: 'c', start: 0, count: 1 })).images).toHaveLength(1)
  })

  it('cancels a generation between chunks', async () => {
    const h = createRunsHandlers(runsDir, {
      emit: (e) => {
        if (e.type === 'generate-progress' && e.done >= 16) void h.cancelGenerate(e.id)
      }
    })
    await expect(
      h.generate({ checkpoint: { runId: 'cond' }, count: 200, seed: 0, id: 'doomed' })
    ).rejects.toMatchObject({ code: 'cancelled' })
    expect(await h.cancelGenerate('doomed')).toEqual({ cancelled: false })
    await expect(h.generatedImages({ id: 'doomed', start: 0, count: 1 })).rejects.toThrow(
      /no longer holds/
    )
  })

  it('refuses more than GENERATE_MAX_IMAGES at once, naming what to do', async () => {
    const h = createRunsHandlers(runsDir)
    // 300 of each of 4 classes.
    await expect(
      h.generate({ checkpoint: { runId: 'cond' }, count: 300, seed: 0 })
    ).rejects.toThrow(
      /300 of each of 4 classes is 1200 images, more than 1024 at once\. Ask for one label/
    )
  })
})
