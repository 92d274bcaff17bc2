import type { TrainConfig } from './train'

/**
 * The training techniques beyond DCGAN (issue #22), one row each: the config key, the
 * command-line flag, and the one sentence a user reads beside the control in the Train view
 * and in `train --help`. One table, so the two never say different things.
 */
export interface Technique {
  key: keyof TrainConfig
  /** The train command's flag, with its argument. */
  flag: string
  /** Short label in the Train view. */
  label: string
  /** What it does for the user, in one sentence. */
  help: string
}

export const TECHNIQUES = [
  {
    key: 'model',
    flag: '--model <name>',
    label: 'Architecture',
    help: 'dcgan (default) or resnet: residual blocks in G and D, slower per step but sharper at 64×64 and up.'
  },
  {
    key: 'ema',
    flag: '--ema',
    label: 'EMA of G',
    help: "Samples, previews, scores and exports come from a moving average of G's weights, which smooths out the step-to-step jitter and usually gives cleaner pictures."
  },
  {
    key: 'emaDecay',
    flag: '--ema-decay <x>',
    label: 'EMA decay',
    help: 'How slowly the average follows G (0.999 by default): higher is smoother but lags further behind.'
  },
  {
    key: 'conditioning',
    flag: '--conditioning <how>',
    label: 'D sees labels by',
    help: 'planes (classic cGAN) or projection: D scores how well an image matches its class through a learned class vector, which keeps similar classes (shirts, pullovers) apart better.'
  },
  {
    key: 'spectralNorm',
    flag: '--spectral-norm',
    label: 'Spectral norm in D',
    help: 'Caps how sharply D can change its mind about an image, which keeps training stable; pairs well with the hinge loss.'
  },
  {
    key: 'augment',
    flag: '--augment <mode>',
    label: 'DiffAugment',
    help: 'Shifts, cuts out and recolours real and fake images alike before D sees them, so D cannot memorise a small folder; adaptive turns it up only when D starts to overfit.'
  },
  {
    key: 'augmentOps',
    flag: '--augment-ops <list>',
    label: 'Augment with',
    help: 'Which transforms augmentation uses: translation, cutout, color (comma-separated; all three by default).'
  },
  {
    key: 'augmentStrength',
    flag: '--augment-strength <p>',
    label: 'Augment strength',
    help: 'With fixed augmentation, the chance (0–1) that each transform is applied to an image.'
  },
  {
    key: 'augmentTarget',
    flag: '--augment-target <r>',
    label: 'Adaptive target',
    help: 'With adaptive augmentation, how sure D may be of real images (0.6 by default) before augmentation rises.'
  },
  {
    key: 'r1Gamma',
    flag: '--r1 <gamma>',
    label: 'R1 penalty γ',
    help: "Penalises D's steepness on real images (0 is off; try 1 to 10), which calms oscillation and helps G converge."
  },
  {
    key: 'lrD',
    flag: '--ttur',
    label: 'TTUR',
    help: 'Two time-scale learning rates: D learns four times faster than G (lr D 4e-4, G 1e-4), so D stays a good judge without G chasing it.'
  }
] as const satisfies readonly Technique[]

export type TechniqueKey = (typeof TECHNIQUES)[number]['key']

/** The learning rates --ttur sets (Heusel et al. 2017 use D faster than G). */
export const TTUR_RATES = { lrG: 1e-4, lrD: 4e-4 } as const

/** One technique's sentence by key, for a control's hint. */
export function techniqueHelp(key: TechniqueKey): string {
  return TECHNIQUES.find((t) => t.key === key)?.help ?? ''
}
