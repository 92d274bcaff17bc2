import { InvalidArgumentError, Option, type Command } from 'commander'
import {
  AUGMENT_MODES,
  AUGMENT_OPS,
  CONDITIONINGS,
  MODELS,
  type AugmentOp,
  type TrainConfigInput
} from '../../shared/train'
import type { Translate } from '../../shared/i18n/translate'
import { TECHNIQUES, TTUR_RATES, type TechniqueKey } from '../../shared/techniques'
import { cliText } from './cliText'

/**
 * The `train` options of the techniques beyond DCGAN (issue #22), built from the one table in
 * src/shared/techniques.ts so `train --help` says what the Train view says, in the language
 * of LANG (the same message files). The train command adds them with
 * `addTechniqueOptions(command)` and merges `techniqueConfig(opts)` into the config it parses.
 */
export interface TechniqueOptions {
  model?: (typeof MODELS)[number]
  ema?: boolean
  emaDecay?: number
  conditioning?: (typeof CONDITIONINGS)[number]
  spectralNorm?: boolean
  augment?: (typeof AUGMENT_MODES)[number]
  augmentOps?: AugmentOp[]
  augmentStrength?: number
  augmentTarget?: number
  r1?: number
  ttur?: boolean
  /** --dcgan: the classic DCGAN (CLASSIC_DCGAN) under whatever else was given. */
  dcgan?: boolean
  /** The train command's own --lr-g / --lr-d: --ttur leaves a given one alone. */
  lrG?: number
  lrD?: number
}

function help(flag: string, t: Translate): string {
  const row = TECHNIQUES.find((r) => r.flag === flag)
  if (!row) throw new Error(`no technique has the flag ${flag}`)
  return t(row.helpKey)
}

function number(flag: string, min: number, max: number, t: Translate) {
  return (value: string): number => {
    const n = Number(value)
    if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
      throw new InvalidArgumentError(t('techniques.cli.numberRange', { flag, min, max, value }))
    }
    return n
  }
}

function augmentOps(t: Translate) {
  return (value: string): AugmentOp[] => {
    const names = value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
    const unknown = names.filter((n) => !(AUGMENT_OPS as readonly string[]).includes(n))
    if (names.length === 0 || unknown.length > 0) {
      const ops = AUGMENT_OPS.join(', ')
      throw new InvalidArgumentError(
        unknown.length
          ? t('techniques.cli.opsUnknown', { ops, names: unknown.join(', ') })
          : t('techniques.cli.opsNone', { ops })
      )
    }
    return [...new Set(names)] as AugmentOp[]
  }
}

/**
 * Adds the technique flags (with their one-sentence help) to the train command. `t` speaks
 * the user's language; by default the one LANG names, read now.
 */
export function addTechniqueOptions(command: Command, t: Translate = cliText().t): Command {
  const option = (flags: string) => new Option(flags, help(flags, t))
  return command
    .addOption(option('--model <name>').choices(MODELS))
    .addOption(new Option('--dcgan', t('techniques.cli.dcgan')))
    .addOption(option('--ema'))
    .addOption(new Option('--no-ema', t('techniques.cli.noEma')))
    .addOption(option('--ema-decay <x>').argParser(number('--ema-decay', 0.5, 0.99999, t)))
    .addOption(option('--conditioning <how>').choices(CONDITIONINGS))
    .addOption(option('--spectral-norm'))
    .addOption(new Option('--no-spectral-norm', t('techniques.cli.noSpectralNorm')))
    .addOption(option('--augment <mode>').choices(AUGMENT_MODES))
    .addOption(option('--augment-ops <list>').argParser(augmentOps(t)))
    .addOption(option('--augment-strength <p>').argParser(number('--augment-strength', 0, 1, t)))
    .addOption(option('--augment-target <r>').argParser(number('--augment-target', 0, 1, t)))
    .addOption(option('--r1 <gamma>').argParser(number('--r1', 0, 1000, t)))
    .addOption(option('--ttur'))
}

/**
 * The config fields the technique flags set (only those given; the schema fills the rest).
 * `--dcgan` is not among them: it is the ground the others stand on (trainConfig).
 */
export function techniqueConfig(opts: TechniqueOptions): Partial<TrainConfigInput> {
  const out: Partial<TrainConfigInput> = {}
  if (opts.model) out.model = opts.model
  if (opts.ema !== undefined) out.ema = opts.ema
  if (opts.emaDecay !== undefined) out.emaDecay = opts.emaDecay
  if (opts.conditioning) out.conditioning = opts.conditioning
  if (opts.spectralNorm !== undefined) out.spectralNorm = opts.spectralNorm
  if (opts.augment) out.augment = opts.augment
  if (opts.augmentOps) out.augmentOps = opts.augmentOps
  if (opts.augmentStrength !== undefined) out.augmentStrength = opts.augmentStrength
  if (opts.augmentTarget !== undefined) out.augmentTarget = opts.augmentTarget
  if (opts.r1 !== undefined) out.r1Gamma = opts.r1
  if (opts.ttur) {
    // Explicit learning rates win over the preset.
    if (opts.lrG === undefined) out.lrG = TTUR_RATES.lrG
    if (opts.lrD === undefined) out.lrD = TTUR_RATES.lrD
  }
  return out
}

/** Config keys back to the flags that set them, so a schema error names the flag. */
export const TECHNIQUE_OPTION_OF: Partial<Record<TechniqueKey | 'r1Gamma', string>> =
  Object.fromEntries(
    TECHNIQUES.filter((t) => t.key !== 'lrD').map((t) => [t.key, t.flag.split(' ')[0]!])
  )
