import { InvalidArgumentError, Option, type Command } from 'commander'
import type { z } from 'zod'
import type { DatasetSource } from '../../shared/dataset'
import {
  CLASSIC_DCGAN,
  TrainConfigSchema,
  type LossName,
  type TrainConfig
} from '../../shared/train'
import { RunOptionsSchema, WorkerSetupSchema } from '../engine/worker/protocol'
import type { Translate } from '../../shared/i18n/translate'
import { cliText, wholeNumberOption } from './cliText'
import {
  techniqueConfig,
  TECHNIQUE_OPTION_OF,
  type TechniqueOptions
} from './trainTechniqueOptions'

/**
 * `train`'s own flags: what `--help` says of each, how its value is read, and the TrainConfig
 * field it sets. One table, so adding a flag is one row (and one sentence).
 */

/** What commander reads from `train`'s flags (its own and the techniques'). */
export interface TrainOptions extends TechniqueOptions {
  data: string
  out: string
  epochs?: number
  steps?: number
  loss?: LossName
  noiseDim?: number
  labels: boolean
  batch?: number
  k?: number
  lrG?: number
  lrD?: number
  seed?: number
  resolution?: 28 | 32 | 64
  sampleEvery?: number
  width?: number
  resume?: string
  checkpointEvery?: number
  keepCheckpoints?: number
  scoreEvery?: number
  judgeSteps?: number
  wasmThreads?: number
  inThread?: boolean
}

/** One of `train`'s own flags. */
interface TrainFlag {
  /** commander's flags; what --help says of it is `cli.train.flags.<its attribute name>`. */
  flags: string
  /** The TrainConfig field its value goes to; a schema error on that field names this flag. */
  sets?: keyof TrainConfig
  /** Reads the argument while commander parses, so a refusal names `flag` in LANG's words. */
  parse?: (raw: string, flag: string) => unknown
  hidden?: boolean
}

const config = TrainConfigSchema.shape

const LOSS_NAMES: Record<string, LossName> = {
  ns: 'non-saturating',
  'non-saturating': 'non-saturating',
  minimax: 'minimax',
  'wgan-gp': 'wgan-gp',
  hinge: 'hinge'
}

/** A number schema's bounds, through its default and optional wrappers: the contract's limits. */
function boundsOf(schema: z.ZodType): { min: number; max: number } {
  let inner: unknown = schema
  while (inner && typeof (inner as { unwrap?: unknown }).unwrap === 'function') {
    inner = (inner as { unwrap(): unknown }).unwrap()
  }
  const n = inner as { minValue?: number | null; maxValue?: number | null }
  return { min: n.minValue ?? -Infinity, max: n.maxValue ?? Infinity }
}

function wholeNumber(schema: z.ZodType) {
  const { min, max } = boundsOf(schema)
  return (raw: string, flag: string): number => wholeNumberOption(flag, min, max)(raw)
}

function learningRate(schema: z.ZodType) {
  const { max } = boundsOf(schema)
  return (raw: string, option: string): number => {
    const n = Number(raw)
    if (!Number.isFinite(n) || n <= 0 || n > max) {
      throw new InvalidArgumentError(cliText().t('cli.options.learningRate', { option, max }))
    }
    return n
  }
}

function lossName(raw: string): LossName {
  const loss = LOSS_NAMES[raw]
  if (!loss) throw new InvalidArgumentError(cliText().t('cli.train.errors.loss'))
  return loss
}

function resolution(raw: string): 28 | 32 | 64 {
  if (raw === '28' || raw === '32' || raw === '64') return Number(raw) as 28 | 32 | 64
  throw new InvalidArgumentError(cliText().t('cli.train.errors.resolution'))
}

/**
 * `train`'s own flags in the order `train --help` lists them; the techniques' flags follow
 * from their own table (trainTechniqueOptions.ts). Numbers are bounded by the contract's
 * schemas, so a flag refuses what the engine would.
 */
const TRAIN_FLAGS: readonly TrainFlag[] = [
  { flags: '--data <source>' },
  { flags: '--out <dir>' },
  {
    flags: '--checkpoint-every <n>',
    sets: 'checkpointEvery',
    parse: wholeNumber(config.checkpointEvery)
  },
  {
    flags: '--keep-checkpoints <n>',
    sets: 'keepCheckpoints',
    parse: wholeNumber(config.keepCheckpoints)
  },
  { flags: '--score-every <n>', sets: 'scoreEvery', parse: wholeNumber(config.scoreEvery) },
  { flags: '--judge-steps <n>', parse: wholeNumber(RunOptionsSchema.shape.judgeSteps) },
  { flags: '--resume <dir>' },
  { flags: '--epochs <n>', sets: 'epochs', parse: wholeNumber(config.epochs) },
  { flags: '--steps <n>', sets: 'maxSteps', parse: wholeNumber(config.maxSteps) },
  { flags: '--loss <name>', sets: 'loss', parse: lossName },
  { flags: '--noise-dim <n>', sets: 'noiseDim', parse: wholeNumber(config.noiseDim) },
  { flags: '--no-labels', sets: 'conditional' },
  { flags: '--batch <n>', sets: 'batchSize', parse: wholeNumber(config.batchSize) },
  { flags: '--k <n>', sets: 'dSteps', parse: wholeNumber(config.dSteps) },
  { flags: '--lr-g <x>', sets: 'lrG', parse: learningRate(config.lrG) },
  { flags: '--lr-d <x>', sets: 'lrD', parse: learningRate(config.lrD) },
  { flags: '--seed <n>', sets: 'seed', parse: wholeNumber(config.seed) },
  // The size goes into the dataset's options: trainConfig places it.
  { flags: '--resolution <n>', parse: resolution },
  { flags: '--sample-every <n>', sets: 'sampleEvery', parse: wholeNumber(config.sampleEvery) },
  { flags: '--width <n>', sets: 'modelWidth', parse: wholeNumber(config.modelWidth) },
  { flags: '--wasm-threads <n>', parse: wholeNumber(WorkerSetupSchema.shape.wasmThreads) },
  // The soak watches the loop's tensors and file writes from this thread.
  { flags: '--in-thread', hidden: true }
]

/** Adds `train`'s own flags to the command, in --help's order. */
export function addTrainOptions(command: Command, t: Translate = cliText().t): Command {
  for (const row of TRAIN_FLAGS) {
    const option = new Option(row.flags)
    option.description = t(`cli.train.flags.${option.attributeName()}`)
    const parse = row.parse
    if (parse) option.argParser((raw: string) => parse(raw, option.long!))
    command.addOption(row.hidden ? option.hideHelp() : option)
  }
  return command
}

/** The flags that set a config field, with the name commander gives their value. */
const FIELD_FLAGS = TRAIN_FLAGS.flatMap(({ flags, sets }) => {
  const option = new Option(flags)
  return sets ? [{ sets, flag: option.long!, value: option.attributeName() }] : []
})

/** Config keys back to the flags that set them, so a schema error names the flag. */
const OPTION_OF: Partial<Record<keyof TrainConfig, string>> = {
  ...Object.fromEntries(FIELD_FLAGS.map(({ sets, flag }) => [sets, flag])),
  ...TECHNIQUE_OPTION_OF
}

/**
 * The options as a TrainConfig, validated; an invalid value is reported by its option.
 * `--dcgan` puts the classic DCGAN under the flags given, so `--dcgan --loss hinge` is it
 * with the hinge loss.
 */
export function trainConfig(opts: TrainOptions, source: DatasetSource): TrainConfig {
  const given = opts as unknown as Record<string, unknown>
  const parsed = TrainConfigSchema.safeParse({
    dataset: source,
    datasetOptions: opts.resolution ? { resolution: opts.resolution } : {},
    ...(opts.dcgan ? CLASSIC_DCGAN : {}),
    ...Object.fromEntries(
      FIELD_FLAGS.filter(({ value }) => given[value] !== undefined).map(({ sets, value }) => [
        sets,
        given[value]
      ])
    ),
    ...techniqueConfig(opts)
  })
  if (parsed.success) return parsed.data
  const problems = parsed.error.issues.map((issue) => {
    const key = issue.path[0] as keyof TrainConfig | undefined
    return `${(key && OPTION_OF[key]) ?? issue.path.join('.')}: ${issue.message}`
  })
  throw new Error(problems.join('; '))
}
