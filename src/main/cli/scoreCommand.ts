import type { Command } from 'commander'
import { resolve } from 'node:path'
import { bestSoFar, type CheckpointScores, type JudgeInfo } from '../../shared/scores'
import { SEED_MAX } from '../../shared/seed'
import { selectBackend } from '../engine/backend/selectBackend'
import { readManifest } from '../engine/runs/checkpoint'
import {
  checkpointsToScore,
  DEFAULT_SCORE_COUNT,
  DEFAULT_SCORE_SEED,
  defaultCacheDirFor,
  prepareScoring,
  scoreCheckpoint
} from '../engine/score/scoreCheckpoint'
import { cliText, wholeNumberOption } from './cliText'

interface ScoreOptions {
  json?: boolean
  count: number
  seed: number
  cacheDir?: string
  rescore?: boolean
  judgeSteps?: number
}

export function registerScoreCommand(program: Command): void {
  program
    .command('score <checkpoint|run>')
    .description(
      'Score checkpoints with a judge trained on the run’s own dataset: label fidelity, ' +
        'a Fréchet distance of its features, diversity per class. They compare checkpoints ' +
        'of the same dataset; they are not Inception FID. Writes scores.json into each checkpoint.'
    )
    .option('--json', 'print the scores as JSON')
    .option(
      '--count <n>',
      'images generated per class',
      wholeNumberOption('--count', 2, 1000),
      DEFAULT_SCORE_COUNT
    )
    .option(
      '--seed <n>',
      'noise seed',
      wholeNumberOption('--seed', 0, SEED_MAX),
      DEFAULT_SCORE_SEED
    )
    .option(
      '--cache-dir <dir>',
      'where the dataset cache and the judge live (default: cache/ in the run’s data folder)'
    )
    .option('--rescore', 'score again even where scores.json is current')
    .option(
      '--judge-steps <n>',
      'train the judge for n steps (default: three epochs, 300 to 1000); another value is another judge',
      wholeNumberOption('--judge-steps', 1, 100_000)
    )
    .action(async (target: string, opts: ScoreOptions) => {
      // With --json, stdout carries only the JSON.
      const log = opts.json
        ? (line: string) => console.error(line)
        : (line: string) => console.log(line)
      const { t, n } = cliText()
      const { checkpoints, skipped } = await checkpointsToScore(target)
      for (const s of skipped) log(t('cli.score.skipped', { path: s.path, problem: s.problem }))
      const backend = await selectBackend()
      log(t('cli.score.backend', { backend: backend.backend, reason: backend.reason }))
      const first = await readManifest(checkpoints[0]!)
      const cacheDir = opts.cacheDir ? resolve(opts.cacheDir) : defaultCacheDirFor(checkpoints[0]!)
      let lastReport = 0
      const ctx = await prepareScoring(first, {
        cacheDir,
        judgeSettings: opts.judgeSteps ? { steps: opts.judgeSteps } : undefined,
        onLog: log,
        onProgress: (p) => {
          const now = Date.now()
          if (now - lastReport < 5000 && p.step !== p.steps) return
          lastReport = now
          const loss = n(p.loss, { minimumFractionDigits: 4, maximumFractionDigits: 4 })
          log(t('cli.score.judgeProgress', { step: p.step, steps: p.steps, loss }))
        }
      })
      const scores: CheckpointScores[] = []
      try {
        log(judgeLine(ctx.judge.info, ctx.judge.trained ? 'trained' : 'loaded', ctx.judge.dir))
        for (const dir of checkpoints) {
          scores.push(await scoreCheckpoint(dir, ctx, opts))
        }
      } finally {
        ctx.dispose()
      }
      if (opts.json) {
        console.log(JSON.stringify({ judge: ctx.judge.info, scores }, null, 2))
        return
      }
      console.log(formatScoresTable(scores))
      if (scores.length === 1) console.log(formatClassTable(scores[0]!))
      if (!ctx.judge.info.reliable) {
        const reason = ctx.judge.info.unreliableReason ?? ''
        console.log(t('cli.score.unreliable', { reason }))
      }
    })
}

function pct(x: number | null | undefined): string {
  return x === null || x === undefined ? '-' : `${(100 * x).toFixed(1)}%`
}

function num(x: number | null | undefined, digits: number): string {
  return x === null || x === undefined ? '-' : x.toFixed(digits)
}

export function judgeLine(info: JudgeInfo, how: string, dir: string): string {
  const quality =
    info.kind === 'classifier'
      ? `held-out accuracy ${pct(info.accuracy)} (chance ${pct(info.chance)})`
      : `held-out reconstruction R² ${num(info.reconstructionR2, 3)}`
  const verdict = info.reliable ? 'reliable' : `UNRELIABLE: ${info.unreliableReason}`
  return (
    `judge:   ${info.kind} (${how}) on ${info.datasetName}, ${info.trainImages} images, ` +
    `${info.heldOutImages} held out; ${quality}; ${verdict}\n         ${dir}`
  )
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd()
    )
    .join('\n')
}

/** One row per checkpoint; `*` marks the lowest Fréchet distance so far. */
export function formatScoresTable(scores: CheckpointScores[]): string {
  const best = bestSoFar(scores)
  const rows = [['step', 'fidelity', 'frechet', 'diversity', 'best', 'low diversity', 'flags']]
  scores.forEach((s, i) => {
    rows.push([
      String(s.step),
      pct(s.fidelity),
      num(s.frechet, 3),
      num(s.diversityRatio, 2),
      best[i] ? '*' : '',
      s.lowDiversity.join(',') || '-',
      s.reliable ? '' : 'unreliable judge'
    ])
  })
  return table(rows)
}

/** Per class: fidelity, diversity of generated images beside real ones, and their ratio. */
export function formatClassTable(s: CheckpointScores): string {
  const rows = [['label', 'fidelity', 'diversity', 'real', 'ratio', 'generated', 'held out']]
  for (const c of s.classes) {
    rows.push([
      c.label,
      pct(c.fidelity),
      num(c.diversity, 3),
      num(c.realDiversity, 3),
      num(c.diversityRatio, 2),
      String(c.generated),
      String(c.real)
    ])
  }
  return table(rows)
}
