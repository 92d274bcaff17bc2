import * as tf from '@tensorflow/tfjs'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateShapes } from '../../../../src/main/engine/data/shapes'
import type { ImageDataset } from '../../../../src/main/engine/data/imageDataset'
import { createRng, permutation } from '../../../../src/main/engine/data/prng'
import { clearGeneratorCache } from '../../../../src/main/engine/generate/generate'
import { listCheckpointsIn } from '../../../../src/main/engine/runs/runStore'
import { DEFAULT_JUDGE_SETTINGS, type JudgeSettings } from '../../../../src/main/engine/score/judge'
import { judgeId, loadOrTrainJudge, type Judge } from '../../../../src/main/engine/score/judgeStore'
import {
  defaultCacheDirFor,
  prepareScoring,
  readScores,
  scoreCheckpoint,
  scoringContext,
  type ScoringContext
} from '../../../../src/main/engine/score/scoreCheckpoint'
import { scoreGenerated, type ScoreBody } from '../../../../src/main/engine/score/scoreImages'
import { readManifest } from '../../../../src/main/engine/runs/checkpoint'
import { CheckpointScoresSchema, SCORES_FILE, bestSoFar } from '../../../../src/shared/scores'
import { selectWasmByEnv, useWasmBackend } from '../../../helpers/wasmBackend'
import { tempDir } from '../../../helpers/tempDir'
import { greyShapes, trainTinyRun } from '../../../helpers/tinyTraining'

// A tiny judge: 28×28 gray shapes, 500 per class (100 held out), 200 steps.
const PER_CLASS = 500
const SETTINGS: Partial<JudgeSettings> = { steps: 200 }
const shapes = generateShapes({ size: 28, channels: 1, perClass: PER_CLASS })
const AREA = 28 * 28

const root = tempDir('gan-score-')
const cacheDir = join(root, 'cache')
let judge: Judge
let ctx: ScoringContext

selectWasmByEnv()
beforeAll(async () => {
  await useWasmBackend()
  judge = await loadOrTrainJudge(shapes, { cacheDir, settings: SETTINGS })
  ctx = await scoringContext(shapes, judge)
}, 300_000)

afterAll(() => {
  ctx?.dispose()
  clearGeneratorCache()
})

/** Fresh shapes from another seed: real images the judge has never seen. */
const fresh = generateShapes({ size: 28, channels: 1, perClass: 60, seed: 777 })

function score(
  images: Uint8Array,
  asked: Int32Array | null,
  dataset: ImageDataset = shapes
): Promise<ScoreBody> {
  return scoreGenerated(ctx.judge, ctx.reference, dataset, { images, asked })
}

describe('the judge', () => {
  it('is a classifier clearly better than chance on held-out images, saved beside the cache', async () => {
    expect(judge.trained).toBe(true)
    expect(judge.info.kind).toBe('classifier')
    expect(judge.info.heldOutImages).toBe(4 * 100)
    expect(judge.info.trainImages).toBe(4 * 400)
    expect(judge.info.chance).toBeCloseTo(0.25, 6)
    expect(judge.info.accuracy!).toBeGreaterThan(0.8)
    expect(judge.info.reliable).toBe(true)
    expect(judge.dir).toBe(join(cacheDir, 'judges', judge.info.id))
    for (const f of ['judge.json', 'model.json', 'weights.bin']) {
      expect(existsSync(join(judge.dir, f))).toBe(true)
    }
  })

  it('is loaded, not retrained, for the same dataset; a changed dataset gets another', async () => {
    const again = await loadOrTrainJudge(shapes, { cacheDir, settings: SETTINGS })
    try {
      expect(again.trained).toBe(false)
      expect(again.info).toEqual(judge.info)
    } finally {
      again.dispose()
    }
    const settings = { ...DEFAULT_JUDGE_SETTINGS, ...SETTINGS }
    const changed = { ...shapes, images: shapes.images.slice() }
    changed.images[5] = changed.images[5]! ^ 1
    expect(judgeId(changed, settings)).not.toBe(judgeId(shapes, settings))
    const relabeled = { ...shapes, labels: shapes.labels.slice().reverse() }
    expect(judgeId(relabeled, settings)).not.toBe(judgeId(shapes, settings))
    expect(judgeId({ ...shapes }, settings)).toBe(judgeId(shapes, settings))
  })

  it('is marked unreliable when it cannot beat chance (labels that mean nothing)', async () => {
    const base = generateShapes({ size: 28, channels: 1, perClass: 100, seed: 31 })
    const shuffled = permutation(base.count, 5, 1)
    const noise: ImageDataset = {
      ...base,
      labels: Uint16Array.from(shuffled, (i) => base.labels[i]!)
    }
    const bad = await loadOrTrainJudge(noise, { cacheDir, settings: { steps: 30 } })
    try {
      expect(bad.info.heldOutImages).toBe(80)
      expect(bad.info.accuracy!).toBeLessThan(1.5 * bad.info.chance!)
      expect(bad.info.reliable).toBe(false)
      expect(bad.info.unreliableReason).toMatch(/barely better than chance/)
      const c = await scoringContext(noise, bad)
      const s = await scoreGenerated(bad, c.reference, noise, {
        images: fresh.images,
        asked: Int32Array.from(fresh.labels)
      })
      expect(s.reliable).toBe(false)
    } finally {
      bad.dispose()
    }
  })
})

describe('scores', () => {
  let real: ScoreBody
  beforeAll(async () => {
    real = await score(fresh.images, Int32Array.from(fresh.labels))
  })

  it('held-out-like real images: high fidelity, small distance, real-like diversity', () => {
    expect(real.fidelity!).toBeGreaterThan(0.8)
    expect(real.classes.map((c) => c.label)).toEqual(['circle', 'square', 'triangle', 'cross'])
    for (const c of real.classes) {
      expect(c.generated).toBe(60)
      expect(c.real).toBe(100)
      expect(c.diversityRatio!).toBeGreaterThan(0.75)
      expect(c.diversityRatio!).toBeLessThan(1.33)
    }
    expect(real.lowDiversity).toEqual([])
  })

  it('a collapsed generator (one image repeated): no diversity and a large distance', async () => {
    const one = fresh.images.subarray(0, AREA)
    const images = new Uint8Array(fresh.count * AREA)
    for (let i = 0; i < fresh.count; i++) images.set(one, i * AREA)
    const collapsed = await score(images, Int32Array.from(fresh.labels))
    for (const c of collapsed.classes) expect(c.diversityRatio).toBe(0)
    expect(collapsed.lowDiversity).toEqual(['circle', 'square', 'triangle', 'cross'])
    expect(collapsed.diversityRatio).toBe(0)
    expect(collapsed.frechet).toBeGreaterThan(5 * real.frechet)
  })

  it('a generator that ignores its label: fidelity near 1 / number of classes', async () => {
    // The same real images, each asked for a label drawn at random.
    const rng = createRng(4)
    const asked = Int32Array.from({ length: fresh.count }, () => Math.floor(rng() * 4))
    const ignoring = await score(fresh.images, asked)
    expect(Math.abs(ignoring.fidelity! - 0.25)).toBeLessThan(0.1)
    // The images are real, so the distance stays small; only the labels are wrong.
    expect(ignoring.frechet).toBeLessThan(2 * real.frechet + 1e-6)
  })

  it('leaves no tensors behind', async () => {
    const before = tf.memory().numTensors
    await score(fresh.images, Int32Array.from(fresh.labels))
    expect(tf.memory().numTensors).toBe(before)
  })

  it('an unconditional set scores one entry over all images, without fidelity', async () => {
    const s = await score(fresh.images, null)
    expect(s.fidelity).toBeNull()
    expect(s.classes).toHaveLength(1)
    expect(s.classes[0]!.label).toBe('all')
    expect(s.classes[0]!.diversityRatio!).toBeGreaterThan(0.75)
    expect(s.frechet).toBeCloseTo(real.frechet, 10)
  })
})

describe('unlabeled data: an autoencoder judge', () => {
  it('scores fresh images near and a collapsed set far, and says which extractor it used', async () => {
    const circles = (seed: number, perClass: number): ImageDataset => {
      const all = generateShapes({ size: 28, channels: 1, perClass, seed })
      const keep = Array.from({ length: all.count }, (_, i) => i).filter((i) => all.labels[i] === 0)
      const images = new Uint8Array(keep.length * AREA)
      keep.forEach((i, k) => images.set(all.images.subarray(i * AREA, (i + 1) * AREA), k * AREA))
      return {
        ...all,
        name: 'circles',
        classNames: ['circles'],
        labeled: false,
        count: keep.length,
        images,
        labels: new Uint16Array(keep.length)
      }
    }
    const data = circles(11, 150)
    const ae = await loadOrTrainJudge(data, {
      cacheDir,
      settings: { steps: 150, heldOutPerClass: 40 }
    })
    try {
      expect(ae.info.kind).toBe('autoencoder')
      expect(ae.info.accuracy).toBeNull()
      expect(ae.info.reconstructionR2!).toBeGreaterThan(0.5)
      const c = await scoringContext(data, ae)
      const other = circles(12, 80)
      const near = await scoreGenerated(ae, c.reference, data, {
        images: other.images,
        asked: null
      })
      const one = new Uint8Array(other.images.length)
      for (let i = 0; i < other.count; i++) one.set(other.images.subarray(0, AREA), i * AREA)
      const far = await scoreGenerated(ae, c.reference, data, { images: one, asked: null })
      expect(near.judge.kind).toBe('autoencoder')
      expect(near.classes[0]!.diversityRatio!).toBeGreaterThan(0.75)
      expect(far.classes[0]!.diversityRatio).toBe(0)
      expect(far.frechet).toBeGreaterThan(3 * near.frechet)
    } finally {
      ae.dispose()
    }
  }, 300_000)
})

describe('checkpoints', () => {
  let runDir: string
  beforeAll(async () => {
    // The run records shapes at 28×28×1, 120 per class: the very set the judge above learned.
    runDir = await trainTinyRun(join(root, 'runs'), 'cond', greyShapes(PER_CLASS), shapes)
  }, 300_000)

  it('writes scores.json, reproducible for a fixed seed, and leaves the checkpoint whole', async () => {
    const ckpt = join(runDir, 'checkpoints', 'step-4')
    expect(defaultCacheDirFor(ckpt)).toBe(cacheDir)
    const prepared = await prepareScoring(await readManifest(ckpt), {
      cacheDir,
      judgeSettings: SETTINGS
    })
    try {
      expect(prepared.judge.trained).toBe(false)
      const a = await scoreCheckpoint(ckpt, prepared, { count: 12, seed: 5 })
      const saved = CheckpointScoresSchema.parse(
        JSON.parse(await readFile(join(ckpt, SCORES_FILE), 'utf8'))
      )
      expect(saved).toEqual(a)
      expect(a.step).toBe(4)
      expect(a.count).toBe(12)
      expect(a.classes.every((c) => c.generated === 12)).toBe(true)
      const b = await scoreCheckpoint(ckpt, prepared, { count: 12, seed: 5, rescore: true })
      const { scoredAt: _a, ...restA } = a
      const { scoredAt: _b, ...restB } = b
      expect(restB).toEqual(restA)
      // Current scores are read back, not computed again.
      expect(await scoreCheckpoint(ckpt, prepared, { count: 12, seed: 5 })).toEqual(b)
      const other = await scoreCheckpoint(ckpt, prepared, { count: 12, seed: 6 })
      expect(other.frechet).not.toBe(a.frechet)
      expect(await readScores(ckpt)).toEqual(other)
      const listed = await listCheckpointsIn(runDir)
      expect(listed.map((c) => c.state)).toEqual(['whole', 'whole'])
    } finally {
      prepared.dispose()
    }
  }, 300_000)
})

describe('best so far', () => {
  it('marks each new lowest distance, per judge', () => {
    const s = (frechet: number, id = 'a') =>
      ({ frechet, judge: { id } }) as unknown as Parameters<typeof bestSoFar>[0][number]
    expect(bestSoFar([s(5), s(3), s(4), undefined, s(2), s(9, 'b')])).toEqual([
      true,
      true,
      false,
      false,
      true,
      true
    ])
  })
})
