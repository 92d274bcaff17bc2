// Scores of one checkpoint (`checkpoints/step-<n>/scores.json`), measured by a judge the engine
// trained on the run's own dataset. They compare checkpoints trained on the same dataset; they
// are not Inception FID and mean nothing across datasets. Imports only zod.
import { z } from 'zod'

export const SCORES_VERSION = 1
export const SCORES_FILE = 'scores.json'

/**
 * The network whose features the scores use: a classifier trained on the labels (labeled
 * data), or an autoencoder trained without them (one unlabeled class).
 */
export const ExtractorKindSchema = z.enum(['classifier', 'autoencoder'])
export type ExtractorKind = z.infer<typeof ExtractorKindSchema>

export const JudgeInfoSchema = z.object({
  kind: ExtractorKindSchema,
  /** Content hash of the dataset and judge settings: scores with different ids do not compare. */
  id: z.string(),
  /** Length of the feature vectors (the classifier's penultimate layer, the autoencoder's code). */
  featureDim: z.int().positive(),
  datasetName: z.string(),
  classNames: z.array(z.string()),
  /** Images it trained on, and those held out of training (per class) to test it and to score against. */
  trainImages: z.int().nonnegative(),
  heldOutImages: z.int().nonnegative(),
  /** Classifier: share of held-out images it labels right; null for an autoencoder. */
  accuracy: z.number().min(0).max(1).nullable(),
  perClassAccuracy: z.array(z.number().min(0).max(1).nullable()),
  /** Classifier: the accuracy of always answering the largest held-out class. */
  chance: z.number().min(0).max(1).nullable(),
  /** Autoencoder: 1 − held-out reconstruction error / error of the mean image (R²); null for a classifier. */
  reconstructionR2: z.number().nullable(),
  /** False when the judge is barely better than chance: its scores say little. */
  reliable: z.boolean(),
  /** Why it is unreliable (absent when reliable). */
  unreliableReason: z.string().optional(),
  trainedAt: z.string(),
  trainSteps: z.int().nonnegative(),
  backend: z.string()
})
export type JudgeInfo = z.infer<typeof JudgeInfoSchema>

export const ClassScoreSchema = z.object({
  label: z.string(),
  /** Share of the images generated for this label the judge assigns to it; null unconditional. */
  fidelity: z.number().min(0).max(1).nullable(),
  /** Mean pairwise feature distance of generated images, and of held-out real ones. */
  diversity: z.number().nonnegative(),
  realDiversity: z.number().nonnegative().nullable(),
  /** diversity / realDiversity (1: as varied as the data; near 0: collapsed); null without real images. */
  diversityRatio: z.number().nonnegative().nullable(),
  generated: z.int().nonnegative(),
  real: z.int().nonnegative()
})
export type ClassScore = z.infer<typeof ClassScoreSchema>

/** Below this diversity ratio a class is flagged as (near) mode collapse. */
export const LOW_DIVERSITY_RATIO = 0.5

export const CheckpointScoresSchema = z.object({
  version: z.literal(SCORES_VERSION),
  runId: z.string(),
  step: z.int().nonnegative(),
  /** The manifest's save time: scores of a replaced checkpoint are stale. */
  checkpointTime: z.string(),
  scoredAt: z.string(),
  seed: z.int().nonnegative(),
  /** Images generated per class (per checkpoint in all, for an unconditional model). */
  count: z.int().positive(),
  judge: JudgeInfoSchema,
  /** Copied from the judge: false marks every number here as doubtful. */
  reliable: z.boolean(),
  /** Share of all generated images the judge assigns to their label; null for an unconditional model. */
  fidelity: z.number().min(0).max(1).nullable(),
  /** Fréchet distance between Gaussians fitted to generated and held-out real features. Lower is better. */
  frechet: z.number().nonnegative(),
  /** Mean of the classes' diversity ratios. */
  diversityRatio: z.number().nonnegative().nullable(),
  /** Labels whose diversity ratio is below LOW_DIVERSITY_RATIO. */
  lowDiversity: z.array(z.string()),
  /** Per class for a conditional model; one entry ('all') otherwise. */
  classes: z.array(ClassScoreSchema)
})
export type CheckpointScores = z.infer<typeof CheckpointScoresSchema>

/** What a listing shows per checkpoint (CheckpointSummary.scores); SCORE_BETTER says which way each figure is better. */
export const ScoreHeadlineSchema = z.object({
  frechet: z.number().nonnegative(),
  fidelity: z.number().min(0).max(1).nullable(),
  diversityRatio: z.number().nonnegative().nullable(),
  lowDiversity: z.array(z.string()),
  reliable: z.boolean(),
  /** Headlines by different judges (another dataset, or the same one changed) do not compare. */
  judgeId: z.string()
})
export type ScoreHeadline = z.infer<typeof ScoreHeadlineSchema>

export const SCORE_BETTER = {
  frechet: 'lower',
  fidelity: 'higher',
  diversityRatio: 'closer to 1'
} as const

export function scoreHeadline(s: CheckpointScores): ScoreHeadline {
  return {
    frechet: s.frechet,
    fidelity: s.fidelity,
    diversityRatio: s.diversityRatio,
    lowDiversity: s.lowDiversity,
    reliable: s.reliable,
    judgeId: s.judge.id
  }
}

/**
 * The "best so far" mark: for each checkpoint in step order, whether its Fréchet distance is
 * the lowest yet among checkpoints scored by the same judge (scores by another judge, e.g.
 * after the dataset changed, start a fresh comparison).
 */
/** What `bestSoFar` reads of a checkpoint's scores: a listing's headline carries it too. */
export type ScoredByJudge = Pick<CheckpointScores, 'frechet'> & { judge: { id: string } }

export function bestSoFar(scores: (ScoredByJudge | undefined)[]): boolean[] {
  const best = new Map<string, number>()
  return scores.map((s) => {
    if (!s) return false
    const prev = best.get(s.judge.id)
    if (prev !== undefined && s.frechet >= prev) return false
    best.set(s.judge.id, s.frechet)
    return true
  })
}
