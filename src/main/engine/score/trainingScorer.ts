// Scoring during training (`scoreEvery`): the trainer hands over every n-th checkpoint it
// saved. The judge is loaded (or trained, once per dataset) at the first one, from the very
// dataset the run holds, so it is the judge `gan-studio score` later uses for the same data.
// A failure is a warning: training goes on.
import { bestSoFar, type CheckpointScores } from '../../../shared/scores'
import type { ImageDataset } from '../data/imageDataset'
import { clearGeneratorCache } from '../generate/generate'
import type { JudgeSettings } from './judge'
import { loadOrTrainJudge } from './judgeStore'
import {
  defaultCacheDirFor,
  scoreCheckpoint,
  scoringContext,
  type ScoringContext
} from './scoreCheckpoint'

export interface TrainingScoringOptions {
  /** Where the judge is kept; default: cache/ in the data folder the run lives in. */
  cacheDir?: string
  /** Another value is another judge (see `gan-studio score --judge-steps`). */
  judgeSettings?: Partial<JudgeSettings>
  /** Images per class (default: the `score` command's). */
  count?: number
  seed?: number
}

/** Least time between the judge's training-progress lines. */
const JUDGE_LOG_MS = 10_000

export class TrainingScorer {
  private ctx: ScoringContext | undefined
  /** The judge could not be had: said once, then no more scoring this run. */
  private unavailable = false
  /** This run's scores so far, for the "best so far" mark. */
  private readonly scored: CheckpointScores[] = []

  constructor(
    private readonly dataset: ImageDataset,
    private readonly opts: TrainingScoringOptions & {
      onLog: (message: string) => void
      onWarning: (message: string) => void
    }
  ) {}

  /** Scores one saved checkpoint (writing its scores.json) and logs the headline; never throws. */
  async score(checkpointDir: string, step: number): Promise<CheckpointScores | undefined> {
    if (this.unavailable) return undefined
    const ctx = await this.context(checkpointDir)
    if (!ctx) return undefined
    try {
      const scores = await scoreCheckpoint(checkpointDir, ctx, {
        count: this.opts.count,
        seed: this.opts.seed
      })
      this.scored.push(scores)
      this.opts.onLog(formatHeadline(scores, bestSoFar(this.scored).at(-1) ?? false))
      return scores
    } catch (err) {
      this.opts.onWarning(
        `The checkpoint at step ${step} could not be scored (${messageOf(err)}); training goes on. ` +
          `Score it later with: gan-studio score ${checkpointDir}`
      )
      return undefined
    } finally {
      // The run's own generator trains on; the checkpoint's copy is not needed again.
      clearGeneratorCache(checkpointDir)
    }
  }

  private async context(checkpointDir: string): Promise<ScoringContext | undefined> {
    if (this.ctx) return this.ctx
    const cacheDir = this.opts.cacheDir ?? defaultCacheDirFor(checkpointDir)
    let lastLog = Date.now()
    try {
      const judge = await loadOrTrainJudge(this.dataset, {
        cacheDir,
        settings: this.opts.judgeSettings,
        onLog: this.opts.onLog,
        onProgress: (p) => {
          if (Date.now() - lastLog < JUDGE_LOG_MS && p.step !== p.steps) return
          lastLog = Date.now()
          this.opts.onLog(`judge: step ${p.step}/${p.steps}, loss ${p.loss.toFixed(4)}`)
        }
      })
      try {
        this.ctx = await scoringContext(this.dataset, judge)
      } catch (err) {
        judge.dispose()
        throw err
      }
      const { info } = this.ctx.judge
      const quality =
        info.kind === 'classifier'
          ? `held-out accuracy ${pct(info.accuracy)} (chance ${pct(info.chance)})`
          : `held-out reconstruction R² ${info.reconstructionR2?.toFixed(3) ?? '-'}`
      this.opts.onLog(
        `judge: ${info.kind} ${judge.trained ? 'trained' : 'loaded'} for "${info.datasetName}", ${quality}` +
          (info.reliable ? '' : `; UNRELIABLE: ${info.unreliableReason}`)
      )
      return this.ctx
    } catch (err) {
      this.unavailable = true
      this.opts.onWarning(
        `Checkpoints will not be scored during this run: no judge for "${this.dataset.name}" (${messageOf(err)}). ` +
          'Training goes on.'
      )
      return undefined
    }
  }

  dispose(): void {
    this.ctx?.dispose()
    this.ctx = undefined
  }
}

/** One line per scored checkpoint, as the log shows it. */
export function formatHeadline(s: CheckpointScores, best: boolean): string {
  const parts = [
    `fidelity ${pct(s.fidelity)}`,
    `frechet ${s.frechet.toFixed(3)}`,
    `diversity ${s.diversityRatio === null ? '-' : s.diversityRatio.toFixed(2)}`
  ]
  if (s.lowDiversity.length > 0) parts.push(`low diversity: ${s.lowDiversity.join(', ')}`)
  return (
    `scores at step ${s.step}: ${parts.join(', ')}` +
    (best ? ' (best so far)' : '') +
    (s.reliable ? '' : ' [unreliable judge]')
  )
}

function pct(x: number | null): string {
  return x === null ? '-' : `${(100 * x).toFixed(1)}%`
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
