import { InvalidArgumentError, Option, type Command } from 'commander'
import { resolve } from 'node:path'
import { selectBackend } from '../engine/backend/selectBackend'
import {
  issueDatasets,
  QUALITY_VARIANTS,
  qualityTableMarkdown,
  runQualityTable
} from '../bench/qualityTable'

interface QualityOptions {
  out: string
  steps: number
  seeds: number[]
  width: number
  perClass: number
  only?: string[]
  judgeSteps?: number
  scoreCount?: number
}

function whole(flag: string, min: number) {
  return (value: string): number => {
    const n = Number(value)
    if (!Number.isInteger(n) || n < min) {
      throw new InvalidArgumentError(
        `${flag} takes a whole number of at least ${min}; got "${value}".`
      )
    }
    return n
  }
}

function seeds(value: string): number[] {
  const list = value.split(',').map((s) => Number(s.trim()))
  if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n < 0)) {
    throw new InvalidArgumentError(
      `--seeds takes whole numbers separated by commas (0,1,2); got "${value}".`
    )
  }
  return list
}

/**
 * `gan-studio quality-table`: issue #22's measurement. Trains the classic DCGAN, each
 * technique alone and the default at equal steps on Fashion-MNIST and on 50 images per
 * class, scores each run with the studio's judge, and prints the table as Markdown.
 */
export function registerQualityCommand(program: Command): void {
  program
    .command('quality-table')
    .description(
      'Measure each training technique and the default against the classic DCGAN (Fréchet, fidelity, diversity) and print a Markdown table.'
    )
    .requiredOption(
      '--out <dir>',
      'where the runs, the subset, the judges and cells.jsonl go; cells measured there before are reused, so a stopped table picks up where it was'
    )
    .option(
      '--steps <n>',
      'generator steps per run (4690: 5 epochs of Fashion-MNIST at batch 64)',
      whole('--steps', 1),
      4690
    )
    .addOption(
      new Option('--seeds <list>', 'seeds, comma-separated')
        .argParser(seeds)
        .default([0, 1, 2], '0,1,2')
    )
    .option('--width <n>', 'model width of every run', whole('--width', 4), 64)
    .option('--per-class <n>', 'images per class of the small dataset', whole('--per-class', 1), 50)
    .option(
      '--only <names>',
      `variants to run, comma-separated parts of their names (of: ${QUALITY_VARIANTS.map((v) => v.name).join('; ')})`,
      (v: string) => v.split(',').map((s) => s.trim().toLowerCase())
    )
    .option(
      '--judge-steps <n>',
      "the judge's training steps (default: its own rule)",
      whole('--judge-steps', 1)
    )
    .option(
      '--score-count <n>',
      'images per class generated for scoring (default 100)',
      whole('--score-count', 1)
    )
    .action(async (opts: QualityOptions) => {
      const backend = await selectBackend()
      console.log(`backend: ${backend.backend} (${backend.reason})`)
      const variants = opts.only
        ? QUALITY_VARIANTS.filter((v) => opts.only!.some((o) => v.name.toLowerCase().includes(o)))
        : QUALITY_VARIANTS
      if (variants.length === 0)
        throw new Error(
          `--only matched no variant; the variants are: ${QUALITY_VARIANTS.map((v) => v.name).join('; ')}.`
        )
      const out = resolve(opts.out)
      const cells = await runQualityTable({
        datasets: await issueDatasets(out, opts.perClass),
        steps: opts.steps,
        seeds: opts.seeds,
        outDir: out,
        variants,
        base: { modelWidth: opts.width },
        judgeSteps: opts.judgeSteps,
        scoreCount: opts.scoreCount,
        onLog: (line) => console.log(line)
      })
      console.log('\n' + qualityTableMarkdown(cells, opts.steps))
    })
}
