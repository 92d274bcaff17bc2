// Scores a set of generated images against the judge's held-out real images: label fidelity,
// the Fréchet distance of their features, and diversity per class beside the real figure.
import { LOW_DIVERSITY_RATIO, type CheckpointScores, type ClassScore } from '../../../shared/scores'
import type { ImageDataset } from '../data/imageDataset'
import { fitGaussian, frechetDistance, meanPairwiseDistance, type Gaussian } from './frechet'
import { embed, FEATURE_DIM, subsample } from './judge'
import type { Judge } from './judgeStore'

/** Pairwise distances are O(n²): at most this many images per diversity figure. */
const DIVERSITY_MAX = 500

/** The held-out real images as the judge sees them, computed once per scoring session. */
export interface RealReference {
  gaussian: Gaussian
  /** Mean pairwise feature distance of each class's held-out images (null: fewer than two). */
  classDiversity: (number | null)[]
  classCounts: number[]
  overallDiversity: number | null
  count: number
}

export async function realReference(judge: Judge, dataset: ImageDataset): Promise<RealReference> {
  const { heldOut } = judge.split
  const numClasses = dataset.classNames.length
  const { features } = await embed(
    judge.model,
    judge.info.kind,
    dataset.images,
    dataset.size,
    dataset.channels,
    heldOut
  )
  const rowsOf = (positions: number[]) => pick(features, positions)
  const byClass: number[][] = Array.from({ length: numClasses }, () => [])
  heldOut.forEach((i, k) => byClass[dataset.labels[i]!]?.push(k))
  const diversityOf = (positions: number[], seed: number) =>
    positions.length < 2
      ? null
      : meanPairwiseDistance(rowsOf(subsample(positions, DIVERSITY_MAX, seed)), FEATURE_DIM)
  return {
    gaussian: fitGaussian(features, FEATURE_DIM),
    classDiversity: byClass.map((positions, c) => diversityOf(positions, c)),
    classCounts: byClass.map((p) => p.length),
    overallDiversity: diversityOf(
      Array.from(heldOut, (_, k) => k),
      numClasses
    ),
    count: heldOut.length
  }
}

/** Generated uint8 NHWC images, and the label each was asked for (null: an unconditional model). */
export interface GeneratedSet {
  images: Uint8Array
  asked: Int32Array | null
}

export type ScoreBody = Pick<
  CheckpointScores,
  'judge' | 'reliable' | 'fidelity' | 'frechet' | 'diversityRatio' | 'lowDiversity' | 'classes'
>

export async function scoreGenerated(
  judge: Judge,
  reference: RealReference,
  dataset: Pick<ImageDataset, 'size' | 'channels' | 'classNames'>,
  generated: GeneratedSet
): Promise<ScoreBody> {
  const { size, channels, classNames } = dataset
  const count = generated.images.length / (size * size * channels)
  if (!Number.isInteger(count) || count < 2) {
    throw new Error('Scoring needs at least two generated images of the dataset’s size.')
  }
  const out = await embed(judge.model, judge.info.kind, generated.images, size, channels)
  const frechet = frechetDistance(fitGaussian(out.features, FEATURE_DIM), reference.gaussian)
  const diversityOf = (positions: number[], seed: number) =>
    meanPairwiseDistance(pick(out.features, subsample(positions, DIVERSITY_MAX, seed)), FEATURE_DIM)
  const ratio = (gen: number, real: number | null) =>
    real === null || real === 0 ? null : gen / real

  const classes: ClassScore[] = []
  let fidelity: number | null = null
  const { asked } = generated
  if (asked) {
    const byClass: number[][] = classNames.map(() => [])
    asked.forEach((c, k) => byClass[c]?.push(k))
    const judgeLabels = judge.info.kind === 'classifier' ? out.predicted : null
    let right = 0
    byClass.forEach((positions, c) => {
      if (positions.length === 0) return
      const hits = judgeLabels ? positions.filter((k) => judgeLabels[k] === c).length : 0
      right += hits
      const diversity = diversityOf(positions, c)
      const real = reference.classDiversity[c] ?? null
      classes.push({
        label: classNames[c] ?? String(c),
        fidelity: judgeLabels ? hits / positions.length : null,
        diversity,
        realDiversity: real,
        diversityRatio: ratio(diversity, real),
        generated: positions.length,
        real: reference.classCounts[c] ?? 0
      })
    })
    fidelity = judgeLabels ? right / count : null
  } else {
    const diversity = diversityOf(
      Array.from({ length: count }, (_, k) => k),
      classNames.length
    )
    classes.push({
      label: 'all',
      fidelity: null,
      diversity,
      realDiversity: reference.overallDiversity,
      diversityRatio: ratio(diversity, reference.overallDiversity),
      generated: count,
      real: reference.count
    })
  }
  const ratios = classes.map((c) => c.diversityRatio).filter((r): r is number => r !== null)
  return {
    judge: judge.info,
    reliable: judge.info.reliable,
    fidelity,
    frechet,
    diversityRatio: ratios.length > 0 ? ratios.reduce((a, b) => a + b, 0) / ratios.length : null,
    lowDiversity: classes
      .filter((c) => c.diversityRatio !== null && c.diversityRatio < LOW_DIVERSITY_RATIO)
      .map((c) => c.label),
    classes
  }
}

/** The feature rows at `positions`, packed. */
function pick(features: Float32Array, positions: number[]): Float32Array {
  const out = new Float32Array(positions.length * FEATURE_DIM)
  positions.forEach((k, j) =>
    out.set(features.subarray(k * FEATURE_DIM, (k + 1) * FEATURE_DIM), j * FEATURE_DIM)
  )
  return out
}
