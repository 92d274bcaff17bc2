import type { TrainConfig } from './train'
import type { Translate } from './i18n/translate'
import en from './i18n/messages/en/techniques.json'

/**
 * The training techniques beyond DCGAN (issue #22), one row each: the config key, the
 * command-line flag, and the one sentence a user reads beside the control in the Train view
 * and in `train --help`. One table, so the two never say different things; the words live
 * in the message files (messages/<locale>/techniques.json) under the row's keys.
 */
export interface Technique {
  key: keyof TrainConfig
  /** The train command's flag, with its argument. */
  flag: string
  /** Its entry in the `techniques` message area. */
  id: keyof typeof en & string
  /** Message key of the short label in the Train view. */
  labelKey: string
  /** Message key of what it does for the user, in one sentence. */
  helpKey: string
  /** The label in English (the message file's source text). */
  label: string
  /** The sentence in English (the message file's source text). */
  help: string
}

function row<const K extends keyof TrainConfig, const I extends keyof typeof en & string>(
  key: K,
  flag: string,
  id: I
) {
  const words = en[id] as { label: string; help: string }
  return {
    key,
    flag,
    id,
    labelKey: `techniques.${id}.label`,
    helpKey: `techniques.${id}.help`,
    label: words.label,
    help: words.help
  } as const
}

export const TECHNIQUES = [
  row('model', '--model <name>', 'model'),
  row('ema', '--ema', 'ema'),
  row('emaDecay', '--ema-decay <x>', 'emaDecay'),
  row('conditioning', '--conditioning <how>', 'conditioning'),
  row('spectralNorm', '--spectral-norm', 'spectralNorm'),
  row('augment', '--augment <mode>', 'augment'),
  row('augmentOps', '--augment-ops <list>', 'augmentOps'),
  row('augmentStrength', '--augment-strength <p>', 'augmentStrength'),
  row('augmentTarget', '--augment-target <r>', 'augmentTarget'),
  row('r1Gamma', '--r1 <gamma>', 'r1Gamma'),
  row('lrD', '--ttur', 'ttur')
] as const satisfies readonly Technique[]

export type TechniqueKey = (typeof TECHNIQUES)[number]['key']

/** The learning rates --ttur sets (Heusel et al. 2017 use D faster than G). */
export const TTUR_RATES = { lrG: 1e-4, lrD: 4e-4 } as const

function find(key: TechniqueKey): Technique | undefined {
  return TECHNIQUES.find((t) => t.key === key)
}

/**
 * One technique's sentence by key, for a control's hint: in the language of `t` (the
 * renderer's or the CLI's translator), or English without one.
 */
export function techniqueHelp(key: TechniqueKey, t?: Translate): string {
  const row = find(key)
  if (!row) return ''
  return t ? t(row.helpKey) : row.help
}

/** One technique's short label by key, in the language of `t` (English without one). */
export function techniqueLabel(key: TechniqueKey, t?: Translate): string {
  const row = find(key)
  if (!row) return ''
  return t ? t(row.labelKey) : row.label
}
