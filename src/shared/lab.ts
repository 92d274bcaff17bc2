import { z } from 'zod'
import { SeedSchema } from './seed'

/**
 * The Lab: a small GAN on a 1-D mixture of Gaussians, so each claim of the theory
 * (Goodfellow et al. 2014) can be watched coming true, or failing:
 *
 *   D*(x) = p_data(x) / (p_data(x) + p_G(x))            the best D for a fixed G
 *   V(G, D*) = −log 4 + 2·JS(p_data ‖ p_G)              so the optimum is p_G = p_data,
 *                                                        V = −log 4, D* = 1/2 everywhere
 *   JS = log 2 when the supports do not meet             and the minimax G gets no gradient
 *
 * Shared by the engine and the renderer, so it imports nothing but zod (and the shared seed).
 */

/**
 * The games the Lab plays. minimax and non-saturating share D's loss (BCE); only G's
 * objective differs. 'wgan-gp' makes D a critic (Wasserstein, gradient penalty), 'kl' an
 * f-GAN critic whose game minimises KL(p_data ‖ p_G) (Nowozin et al. 2016).
 */
export const LAB_LOSSES = ['minimax', 'non-saturating', 'wgan-gp', 'kl'] as const
export const LabLossSchema = z.enum(LAB_LOSSES)
export type LabLoss = z.infer<typeof LabLossSchema>
/** The two losses on D's probability, whose G gradients can be compared on one D. */
export const BCE_LOSSES = ['minimax', 'non-saturating'] as const
export type BceLoss = (typeof BCE_LOSSES)[number]
export function isBceLoss(loss: LabLoss): loss is BceLoss {
  return loss === 'minimax' || loss === 'non-saturating'
}

/** Where the Lab's numbers live: far enough for any experiment, near enough to stay finite. */
export const LAB_RANGE = 1e4

export const MixtureModeSchema = z.object({
  mean: z.number().min(-LAB_RANGE).max(LAB_RANGE),
  std: z.number().min(1e-3).max(LAB_RANGE),
  /** Any positive weight: the mixture normalises them to sum to 1. */
  weight: z.number().positive().max(1e6).default(1)
})
export type MixtureMode = z.output<typeof MixtureModeSchema>

export const MixtureSchema = z.object({ modes: z.array(MixtureModeSchema).min(1).max(8) })
export type Mixture = z.output<typeof MixtureSchema>

/**
 * Where densities, D and D* are evaluated: `points` evenly spaced points from min to max,
 * each the centre of a histogram bin of width (max − min)/(points − 1).
 */
export const LabGridSchema = z
  .object({
    min: z.number().min(-LAB_RANGE).max(LAB_RANGE),
    max: z.number().min(-LAB_RANGE).max(LAB_RANGE),
    points: z.number().int().min(16).max(2000)
  })
  .refine((g) => g.min < g.max, {
    message: 'the grid needs min < max',
    path: ['max'],
    params: { key: 'lab.editor.problems.gridOrder' }
  })
export type LabGrid = z.output<typeof LabGridSchema>

export const LAB_PRESET_NAMES = [
  'equilibrium',
  'saturation',
  'mode-collapse',
  'disjoint',
  'optimal-d',
  'kl-vs-reverse-kl',
  'g-too-fast',
  'instance-noise',
  'wgan-gp-disjoint',
  'conditional'
] as const
export const LabPresetNameSchema = z.enum(LAB_PRESET_NAMES)
export type LabPresetName = z.infer<typeof LabPresetNameSchema>

/**
 * Noise added to every x that D sees, real or generated (instance noise, Sønderby et al.
 * 2016): N(0, s²) with s = std · max(0, 1 − step/decaySteps), so it fades to none.
 */
export const InstanceNoiseSchema = z.object({
  std: z.number().min(0).max(100),
  decaySteps: z.number().int().min(1).max(1_000_000)
})
export type InstanceNoise = z.output<typeof InstanceNoiseSchema>

/**
 * What a variant changes in its own copy of the experiment. It starts from the same seed, so
 * from the same weights whenever the models have the same shape.
 */
export const LabVariantChangesSchema = z.object({
  loss: LabLossSchema.optional(),
  dSteps: z.number().int().min(1).max(10).optional(),
  gSteps: z.number().int().min(1).max(20).optional(),
  lrG: z.number().positive().max(1).optional(),
  lrD: z.number().positive().max(1).optional(),
  gOptimizer: z.enum(['adam', 'sgd']).optional(),
  generator: z.enum(['mlp', 'affine']).optional(),
  /** null: no instance noise in the variant. */
  instanceNoise: InstanceNoiseSchema.nullable().optional(),
  wrongLabelNegatives: z.boolean().optional()
})
export type LabVariantChanges = z.output<typeof LabVariantChangesSchema>

export const LabVariantSchema = z.object({
  /** What the charts and the verdict call it, e.g. "k = 5 D steps per G step". */
  label: z.string().min(1).max(80),
  changes: LabVariantChangesSchema
})
export type LabVariant = z.output<typeof LabVariantSchema>

export const LabConfigSchema = z
  .object({
    data: MixtureSchema,
    /**
     * 'mlp': noise → two hidden layers → x. 'affine': x = b + w·z, so p_G is exactly the
     * Gaussian N(b, ‖w‖²): the D* experiment needs a p_G known in closed form.
     */
    generator: z.enum(['mlp', 'affine']).default('mlp'),
    loss: LabLossSchema.default('non-saturating'),
    /** Also measure G's gradient under this loss at every G step (same D, same G, same z). */
    compareLoss: LabLossSchema.optional(),
    /** k: D steps per G step. */
    dSteps: z.number().int().min(1).max(10).default(1),
    /** G steps per iteration (after the k D steps): more than 1 lets G run ahead of D. */
    gSteps: z.number().int().min(1).max(20).default(1),
    lrG: z.number().positive().max(1).default(1e-3),
    /**
     * G's optimizer. Adam divides each step by a running RMS of the gradient, so it takes
     * lr-sized steps even on a 1e-4 gradient: the very rescue that hides saturation. Plain SGD
     * (the paper's choice) moves G in proportion to its gradient, so a vanishing one shows.
     */
    gOptimizer: z.enum(['adam', 'sgd']).default('adam'),
    lrD: z.number().positive().max(1).default(1e-3),
    noiseDim: z.number().int().min(1).max(64).default(4),
    hiddenUnits: z.number().int().min(2).max(128).default(32),
    batchSize: z.number().int().min(8).max(1024).default(256),
    seed: SeedSchema.default(0),
    /**
     * A bad start: G's last layer is initialised so that its output is shift + scale·(its
     * usual output). The weights stay trainable; only the start moves.
     */
    gInit: z
      .object({
        shift: z.number().min(-LAB_RANGE).max(LAB_RANGE).default(0),
        scale: z.number().positive().max(LAB_RANGE).default(1)
      })
      .optional(),
    /** Train D only: with G fixed, D should converge to D* (the first proposition). */
    freezeG: z.boolean().default(false),
    grid: LabGridSchema.default({ min: -6, max: 6, points: 241 }),
    /** Fixed noise and data samples each frame is measured on (histogram, KDE, JS, V). */
    evalSamples: z.number().int().min(256).max(16_384).default(4096),
    instanceNoise: InstanceNoiseSchema.optional(),
    /** WGAN-GP's λ, the weight of the gradient penalty (loss 'wgan-gp' only). */
    gpWeight: z.number().min(0).max(1000).default(10),
    /**
     * A conditional GAN: each mode of `data` is a class c with its own p_data(x | c); G gets
     * (z, c) and D judges the pair (c, x).
     */
    conditional: z.boolean().default(false),
    /** Conditional only: real x with a wrong label are negatives for D too (Reed et al. 2016). */
    wrongLabelNegatives: z.boolean().default(false),
    /** Also fit one Gaussian to the data by minimising KL, reverse KL and JS (drawn and reported). */
    gaussianFits: z.boolean().default(false),
    /** The same experiment with changes, trained side by side from the same start. */
    variants: z.array(LabVariantSchema).max(3).default([]),
    /** The preset this config came from: its claim is judged on every frame. */
    preset: LabPresetNameSchema.optional()
  })
  .superRefine((c, ctx) => {
    // `params.key` names the message that says it in the user's language (labConfigProblem).
    const bad = (message: string, path: string, key: string): void => {
      ctx.addIssue({
        code: 'custom',
        message,
        path: [path],
        params: { key: `lab.editor.problems.${key}` }
      })
    }
    if (c.compareLoss && !(isBceLoss(c.loss) && isBceLoss(c.compareLoss)))
      bad(
        'compare G gradients only between minimax and non-saturating',
        'compareLoss',
        'compareLoss'
      )
    if (c.conditional && c.data.modes.length < 2)
      bad('a conditional Lab needs at least two modes, one per class', 'data', 'conditionalModes')
    if (c.conditional && c.generator === 'affine')
      bad(
        'the affine generator cannot take a class: use the mlp generator',
        'generator',
        'affineConditional'
      )
    if (c.variants.some((v) => c.conditional && v.changes.generator === 'affine'))
      bad(
        'the affine generator cannot take a class: use the mlp generator',
        'variants',
        'affineConditional'
      )
  })

/** `labStep` runs this many G steps at most in one call: it answers only when they are done. */
export const LAB_STEP_MAX = 200
export type LabConfig = z.output<typeof LabConfigSchema>
export type LabConfigInput = z.input<typeof LabConfigSchema>

/** What is wrong with a config, as a message key (lab.editor.problems) and its values. */
export interface LabConfigProblem {
  key: string
  named: Record<string, string | number>
}

/** The first thing wrong with a config, for a form to say in the user's language. */
export function labConfigProblem(issue: z.core.$ZodIssue): LabConfigProblem {
  const problem = (key: string, named: Record<string, string | number> = {}): LabConfigProblem => ({
    key: `lab.editor.problems.${key}`,
    named: { field: issue.path.join('.'), ...named }
  })
  switch (issue.code) {
    case 'custom': {
      const key = (issue.params as { key?: unknown } | undefined)?.key
      if (typeof key === 'string') return { key, named: { field: issue.path.join('.') } }
      break
    }
    case 'too_small':
      if (issue.origin === 'array') return problem('tooFewItems', { min: Number(issue.minimum) })
      return problem(issue.inclusive === false ? 'tooSmallExclusive' : 'tooSmall', {
        min: Number(issue.minimum)
      })
    case 'too_big':
      if (issue.origin === 'array') return problem('tooManyItems', { max: Number(issue.maximum) })
      return problem('tooBig', { max: Number(issue.maximum) })
    case 'invalid_type':
      return problem(issue.expected === 'int' ? 'notWhole' : 'notANumber')
  }
  return problem('other', { message: issue.message })
}

/** The Lab's picture on the grid, of the whole data or of one class. */
export const LabCurvesSchema = z.object({
  /** p_data on the grid, exact. */
  dataDensity: z.array(z.number()),
  /** G's samples binned on the grid, normalised as a density (integrates to the share inside). */
  genHistogram: z.array(z.number()),
  /** G's density by a Gaussian KDE (Silverman's bandwidth). */
  genKde: z.array(z.number()),
  /** D(x) = σ(logit) on the grid. */
  dOnGrid: z.array(z.number()),
  /** D*(x) = p_data / (p_data + p_G), with p_G from the KDE; 1/2 where both densities underflow. */
  dStar: z.array(z.number())
})
export type LabCurves = z.infer<typeof LabCurvesSchema>

/** One class of a conditional Lab: p_data(x | c), G(z, c) and D(c, x) on the grid. */
export const LabClassFrameSchema = LabCurvesSchema.extend({
  /** The share of G(z, c) within 2σ of class c's mean: its own region. */
  rightShare: z.number(),
  /** std over z of G(z, c), relative to the class's σ: near 0 when G ignores z. */
  zSpread: z.number(),
  /** Mean D(c, x) over real x of the other classes (weighted by their density). */
  wrongAccept: z.number(),
  js: z.number()
})
export type LabClassFrame = z.infer<typeof LabClassFrameSchema>

export const LAB_FIT_KINDS = ['kl', 'reverse-kl', 'js', 'gan'] as const
/** One Gaussian N(mean, std²) against p_data, with the three divergences from it (nats). */
export const LabGaussianFitSchema = z.object({
  /** kl, reverse-kl, js: the Gaussian minimising that divergence; gan: G's own samples. */
  kind: z.enum(LAB_FIT_KINDS),
  mean: z.number(),
  std: z.number(),
  density: z.array(z.number()),
  /** KL(p_data ‖ q), KL(q ‖ p_data), JS(p_data ‖ q), by integration. */
  kl: z.number(),
  reverseKl: z.number(),
  js: z.number()
})
export type LabGaussianFit = z.infer<typeof LabGaussianFitSchema>

/** A variant's figures at the same step as the main run. */
export const LabVariantFrameSchema = z.object({
  label: z.string(),
  loss: LabLossSchema,
  genKde: z.array(z.number()),
  js: z.number(),
  value: z.number(),
  dStarGap: z.number(),
  gGradNorm: z.number(),
  genMean: z.number(),
  genStd: z.number(),
  modesCovered: z.number().int(),
  noiseStd: z.number().optional(),
  critic: z.array(z.number()).optional(),
  classes: z
    .array(z.object({ rightShare: z.number(), zSpread: z.number(), wrongAccept: z.number() }))
    .optional()
})
export type LabVariantFrame = z.infer<typeof LabVariantFrameSchema>

/**
 * A verdict as data: `key` names the sentence (see labVerdictText.ts), `values` its numbers
 * and `words` the names it quotes (a loss, a variant's label), so a translation can reword it.
 */
export const LabVerdictSchema = z.object({
  holds: z.boolean(),
  key: z.string().max(80),
  values: z.record(z.string(), z.number()),
  words: z.record(z.string(), z.string().max(200)).optional(),
  /** Per class, when the verdict reports classes. */
  perClass: z.array(z.record(z.string(), z.number())).optional()
})
export type LabVerdictData = z.infer<typeof LabVerdictSchema>

/** One snapshot of the Lab: every array is on `grid`, every number finite. */
export const LabFrameSchema = z.object({
  /** G steps taken so far (each after k D steps). */
  step: z.number().int().min(0),
  grid: z.array(z.number()),
  ...LabCurvesSchema.shape,
  /** Mean |D − D*| on the grid points where (p_data + p_G)/2 is at least 1% of its peak. */
  dStarGap: z.number(),
  /** JS(p_data ‖ p_G) in nats, from bin masses (with tail bins); at most log 2. */
  js: z.number(),
  /** V(G, D) = E log D(x) + E log(1 − D(G(z))) on the fixed evaluation samples. */
  value: z.number(),
  minusLog4: z.number(),
  /** Losses of the last training iteration (BCE for D; G's configured loss). */
  dLoss: z.number(),
  gLoss: z.number(),
  /** ‖∂(G loss)/∂θ_G‖₂ over all of G's weights, at the last G step. */
  gGradNorm: z.number(),
  /** The same gradient under `compareLoss`, when the config asks for it. */
  compare: z.object({ loss: LabLossSchema, gGradNorm: z.number() }).optional(),
  /** Per data mode, in config order: does G cover it (rule in engine/lab/modes.ts)? */
  modeCovered: z.array(z.boolean()),
  modesCovered: z.number().int(),
  modesTotal: z.number().int(),
  /** Mean and standard deviation of G's samples. */
  genMean: z.number().optional(),
  genStd: z.number().optional(),
  /** The instance noise's width at this step, when the config adds noise. */
  noiseStd: z.number().optional(),
  /**
   * A critic's raw output on the grid (losses 'wgan-gp' and 'kl', whose D is not a
   * probability), and what it estimates: W₁ = E C(x) − E C(G(z)) for WGAN-GP, the lower
   * bound E T(x) − E exp(T(G(z)) − 1) on KL(p_data ‖ p_G) for the f-GAN.
   */
  critic: z.array(z.number()).optional(),
  criticEstimate: z.number().optional(),
  /** Conditional only: the picture per class, in the order of the data's modes. */
  classes: z.array(LabClassFrameSchema).optional(),
  /** gaussianFits only: one Gaussian fitted to p_data three ways, and G's own. */
  fits: z.array(LabGaussianFitSchema).optional(),
  /** The config's variants, trained side by side from the same start. */
  variants: z.array(LabVariantFrameSchema).optional(),
  /** The preset's claim, judged on the run so far. */
  verdict: LabVerdictSchema.optional()
})
export type LabFrame = z.infer<typeof LabFrameSchema>

export interface LabPreset {
  name: LabPresetName
  /**
   * Its words are messages (messages/<locale>/lab.json), read in the user's language: the
   * title, one line (for `gan-studio lab --help` and the preset picker) and one paragraph
   * (what to watch for).
   */
  titleKey: string
  summaryKey: string
  explanationKey: string
  config: LabConfig
  /** Steps that show the claim (the CLI's default). */
  steps: number
  /** Also run the same start under the other loss, for a side-by-side verdict (the CLI does). */
  twin?: boolean
}

/** 'mode-collapse' → 'modeCollapse': a name as a message key's segment. */
function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())
}

/** The message key of a preset's words: `lab.presets.modeCollapse.title`, …. */
export function labPresetKey(
  name: LabPresetName,
  part: 'title' | 'summary' | 'explanation'
): string {
  return `lab.presets.${camel(name)}.${part}`
}

/** The message key of a loss's name (`lab.losses.nonSaturating`). */
export function labLossKey(loss: LabLoss): string {
  return `lab.losses.${camel(loss)}`
}

/**
 * The presets' second runs go by an English label (the engine's data, the CLI's tests);
 * these are the messages that say it in the user's language.
 */
const VARIANT_LABEL_KEYS: Record<string, string> = {
  'f-GAN, KL objective': 'lab.variants.fGanKl',
  'k = 5 D steps per G step': 'lab.variants.kDSteps',
  'no noise': 'lab.variants.noNoise',
  'minimax, same start': 'lab.variants.minimaxSameStart',
  'without wrong-label negatives': 'lab.variants.withoutWrongLabel',
  'with wrong-label negatives': 'lab.variants.withWrongLabel'
}

/** A variant's label in the user's language; a label of the user's own stays as written. */
export function labVariantLabel(label: string, t: (key: string) => string): string {
  const key = VARIANT_LABEL_KEYS[label]
  return key ? t(key) : label
}

/** A loss's name in the user's language; anything else (a variant's words) as it is. */
export function labLossName(loss: string, t: (key: string) => string): string {
  return (LAB_LOSSES as readonly string[]).includes(loss) ? t(labLossKey(loss as LabLoss)) : loss
}

/** Equal Gaussians of one width at `means`: every preset's data. */
function modes(std: number, ...means: number[]): LabConfigInput['data'] {
  return { modes: means.map((mean) => ({ mean, std, weight: 1 })) }
}

/** A preset by its name, which also marks its config (the verdict goes by it). */
function preset(
  name: LabPresetName,
  { config, ...run }: Pick<LabPreset, 'steps' | 'twin'> & { config: Omit<LabConfigInput, 'preset'> }
): LabPreset {
  return {
    name,
    config: LabConfigSchema.parse({ ...config, preset: name }),
    ...run,
    titleKey: labPresetKey(name, 'title'),
    summaryKey: labPresetKey(name, 'summary'),
    explanationKey: labPresetKey(name, 'explanation')
  }
}

/**
 * The start the disjoint presets share: a narrow mode, G's samples far to its right (no overlap),
 * G moved by plain SGD, so a vanishing gradient shows as G standing still.
 */
const DISJOINT_START = {
  data: modes(0.3, -3),
  gOptimizer: 'sgd',
  lrG: 0.05,
  lrD: 3e-3,
  gInit: { shift: 3, scale: 0.3 },
  grid: { min: -6, max: 6, points: 241 }
} satisfies Partial<LabConfigInput>

export const LAB_PRESETS: Record<LabPresetName, LabPreset> = {
  equilibrium: preset('equilibrium', {
    steps: 800,
    config: {
      data: modes(0.8, 1),
      loss: 'non-saturating',
      lrG: 1e-3,
      lrD: 1e-3,
      grid: { min: -4, max: 6, points: 201 }
    }
  }),
  saturation: preset('saturation', {
    steps: 300,
    twin: true,
    config: {
      data: modes(0.5, -1.5),
      loss: 'minimax',
      compareLoss: 'non-saturating',
      gOptimizer: 'sgd',
      lrG: 0.05,
      dSteps: 2,
      lrD: 3e-3,
      gInit: { shift: 2.5, scale: 0.5 },
      grid: { min: -5, max: 5, points: 201 }
    }
  }),
  'mode-collapse': preset('mode-collapse', {
    steps: 1000,
    config: {
      data: modes(0.2, -5, 0, 5),
      loss: 'non-saturating',
      noiseDim: 1,
      gInit: { shift: 0, scale: 0.1 },
      lrG: 5e-4,
      lrD: 3e-3,
      grid: { min: -7, max: 7, points: 281 }
    }
  }),
  disjoint: preset('disjoint', {
    steps: 400,
    config: { ...DISJOINT_START, loss: 'minimax', compareLoss: 'non-saturating', dSteps: 3 }
  }),
  'optimal-d': preset('optimal-d', {
    steps: 800,
    config: {
      data: modes(0.6, -1.5, 1.5),
      generator: 'affine',
      freezeG: true,
      gInit: { shift: 0.5, scale: 1.5 },
      lrD: 3e-3,
      grid: { min: -5, max: 5, points: 201 }
    }
  }),
  'kl-vs-reverse-kl': preset('kl-vs-reverse-kl', {
    steps: 600,
    config: {
      data: modes(0.5, -2, 2),
      generator: 'affine',
      loss: 'non-saturating',
      gInit: { shift: 0.3, scale: 1 },
      lrG: 3e-3,
      lrD: 3e-3,
      gaussianFits: true,
      variants: [{ label: 'f-GAN, KL objective', changes: { loss: 'kl', generator: 'mlp' } }],
      grid: { min: -6, max: 6, points: 241 }
    }
  }),
  'g-too-fast': preset('g-too-fast', {
    steps: 300,
    config: {
      data: modes(0.8, 1),
      loss: 'non-saturating',
      dSteps: 1,
      gSteps: 10,
      lrG: 2e-3,
      lrD: 1e-3,
      variants: [{ label: 'k = 5 D steps per G step', changes: { dSteps: 5, gSteps: 1 } }],
      grid: { min: -4, max: 6, points: 201 }
    }
  }),
  'instance-noise': preset('instance-noise', {
    steps: 500,
    config: {
      ...DISJOINT_START,
      loss: 'minimax',
      dSteps: 3,
      instanceNoise: { std: 2, decaySteps: 400 },
      variants: [{ label: 'no noise', changes: { instanceNoise: null } }]
    }
  }),
  'wgan-gp-disjoint': preset('wgan-gp-disjoint', {
    steps: 300,
    config: {
      ...DISJOINT_START,
      loss: 'wgan-gp',
      dSteps: 5,
      gpWeight: 10,
      variants: [{ label: 'minimax, same start', changes: { loss: 'minimax', dSteps: 3 } }]
    }
  }),
  conditional: preset('conditional', {
    steps: 800,
    config: {
      data: modes(0.4, -3, 0, 3),
      conditional: true,
      wrongLabelNegatives: true,
      loss: 'non-saturating',
      noiseDim: 2,
      lrG: 2e-3,
      lrD: 2e-3,
      variants: [
        { label: 'without wrong-label negatives', changes: { wrongLabelNegatives: false } }
      ],
      grid: { min: -6, max: 6, points: 241 }
    }
  })
}
