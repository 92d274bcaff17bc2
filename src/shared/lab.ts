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
  .refine((g) => g.min < g.max, { message: 'the grid needs min < max', path: ['max'] })
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
    const bad = (message: string, path: string): void => {
      ctx.addIssue({ code: 'custom', message, path: [path] })
    }
    if (c.compareLoss && !(isBceLoss(c.loss) && isBceLoss(c.compareLoss)))
      bad('compare G gradients only between minimax and non-saturating', 'compareLoss')
    if (c.conditional && c.data.modes.length < 2)
      bad('a conditional Lab needs at least two modes, one per class', 'data')
    if (c.conditional && c.generator === 'affine')
      bad('the affine generator cannot take a class: use the mlp generator', 'generator')
    if (c.variants.some((v) => c.conditional && v.changes.generator === 'affine'))
      bad('the affine generator cannot take a class: use the mlp generator', 'variants')
  })

/** `labStep` runs this many G steps at most in one call: it answers only when they are done. */
export const LAB_STEP_MAX = 200
export type LabConfig = z.output<typeof LabConfigSchema>
export type LabConfigInput = z.input<typeof LabConfigSchema>

/** One class of a conditional Lab: p_data(x | c), G(z, c) and D(c, x) on the grid. */
export const LabClassFrameSchema = z.object({
  dataDensity: z.array(z.number()),
  genHistogram: z.array(z.number()),
  genKde: z.array(z.number()),
  dOnGrid: z.array(z.number()),
  dStar: z.array(z.number()),
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
  /** p_data on the grid, exact. */
  dataDensity: z.array(z.number()),
  /** G's samples binned on the grid, normalised as a density (integrates to the share inside). */
  genHistogram: z.array(z.number()),
  /** G's density by a Gaussian KDE (Silverman's bandwidth). */
  genKde: z.array(z.number()),
  /** D(x) = σ(logit) on the grid. */
  dOnGrid: z.array(z.number()),
  /** D*(x) = p_data / (p_data + p_G), with p_G from the KDE; 1/2 where both densities underflow. */
  dStar: z.array(z.number()),
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
  title: string
  /** One line, for `gan-studio lab --help` and the preset picker. */
  summary: string
  /** One paragraph: what to watch for. */
  explanation: string
  config: LabConfig
  /** Steps that show the claim (the CLI's default). */
  steps: number
  /** Also run the same start under the other loss, for a side-by-side verdict (the CLI does). */
  twin?: boolean
}

function preset(p: Omit<LabPreset, 'config'> & { config: LabConfigInput }): LabPreset {
  return { ...p, config: LabConfigSchema.parse(p.config) }
}

export const LAB_PRESETS: Record<LabPresetName, LabPreset> = {
  equilibrium: preset({
    name: 'equilibrium',
    title: 'Equilibrium',
    summary: 'G learns the data: D drifts to 1/2 everywhere and V(G, D) to −log 4.',
    explanation:
      'The global optimum of the minimax game is p_G = p_data. There D* = p_data / (p_data + p_G) ' +
      'is 1/2 at every x, and V(G, D*) = −log 4 + 2·JS = −log 4 because JS is 0. Watch the ' +
      "generator's histogram settle onto the data density, the JS estimate fall toward 0, D(x) " +
      'flatten to the 1/2 line, and V approach −log 4 ≈ −1.386. It hovers rather than lands: both ' +
      'players keep taking noisy steps, so D wobbles around 1/2 by a few hundredths.',
    config: {
      data: { modes: [{ mean: 1, std: 0.8, weight: 1 }] },
      loss: 'non-saturating',
      lrG: 1e-3,
      lrD: 1e-3,
      grid: { min: -4, max: 6, points: 201 },
      preset: 'equilibrium'
    },
    steps: 800
  }),
  saturation: preset({
    name: 'saturation',
    title: 'Saturation',
    summary: 'Minimax vs non-saturating G from a bad start: log(1 − D(G(z))) goes flat.',
    explanation:
      'G starts far from the data and D soon rejects its samples with confidence, D(G(z)) ≈ 0. The ' +
      'minimax generator minimises log(1 − D(G(z))), whose slope in D’s logit l is −σ(l) = −D(G(z)): ' +
      'almost nothing. The non-saturating loss −log D(G(z)) has slope −(1 − D(G(z))) ≈ −1 at the ' +
      "same point, so its gradient is larger by about the odds (1 − D)/D. Each frame shows G's " +
      'gradient norm under both losses, on the same D, G and noise: the minimax one shrinks as D grows ' +
      'surer, and G stays where it started, while the same start under the non-saturating loss reaches ' +
      'the data in a few dozen steps. G learns by plain SGD here: Adam would rescale even a vanishing ' +
      'gradient to full-size steps and hide the effect.',
    config: {
      data: { modes: [{ mean: -1.5, std: 0.5, weight: 1 }] },
      loss: 'minimax',
      compareLoss: 'non-saturating',
      gOptimizer: 'sgd',
      lrG: 0.05,
      dSteps: 2,
      lrD: 3e-3,
      gInit: { shift: 2.5, scale: 0.5 },
      grid: { min: -5, max: 5, points: 201 },
      preset: 'saturation'
    },
    steps: 300,
    twin: true
  }),
  'mode-collapse': preset({
    name: 'mode-collapse',
    title: 'Mode collapse',
    summary: 'Three far-apart modes, G started on one: it never spreads to all three.',
    explanation:
      'The data has three narrow modes with wide empty gaps between them, and G starts as a narrow ' +
      'spike on the middle one, as GANs often are early on. D soon says "data" (D ≈ 1) over the modes ' +
      "G misses, but G only feels D's slope where its own samples are, and a sample that strays into " +
      'a gap meets D ≈ 0 there and is pushed back. With D near D*, the non-saturating G descends ' +
      'KL(p_G ‖ p_data) − 2·JS (Arjovsky & Bottou 2017), and that reverse KL is mode-seeking: it ' +
      'punishes mass where the data has none far more than it punishes a missing mode. Watch the ' +
      'histogram stay on one or two modes (modes covered < 3) while D sits near 1 over the others, ' +
      'and JS stay well above 0: it would be 0.32 for a G that is exactly one of the three modes, ' +
      '0.13 for exactly two.',
    config: {
      data: {
        modes: [
          { mean: -5, std: 0.2, weight: 1 },
          { mean: 0, std: 0.2, weight: 1 },
          { mean: 5, std: 0.2, weight: 1 }
        ]
      },
      loss: 'non-saturating',
      noiseDim: 1,
      gInit: { shift: 0, scale: 0.1 },
      lrG: 5e-4,
      lrD: 3e-3,
      grid: { min: -7, max: 7, points: 281 },
      preset: 'mode-collapse'
    },
    steps: 1000
  }),
  disjoint: preset({
    name: 'disjoint',
    title: 'Disjoint supports',
    summary: 'Data and G do not overlap: JS = log 2, V(G, D*) = 0, the minimax G gets no gradient.',
    explanation:
      'The data and the generator start on supports that do not meet. Then JS(p_data ‖ p_G) = log 2 ' +
      '≈ 0.693 whatever the distance between them, so V(G, D*) = −log 4 + 2·log 2 = 0 is flat in G: ' +
      'moving G a little changes nothing the best D can see. D separates the two perfectly, ' +
      "D(G(z)) → 0, and the minimax generator's gradient, proportional to D(G(z)), falls toward 0. " +
      "Watch JS stay pinned at log 2, V climb to 0, and G's gradient norm shrink step after step " +
      'while G stays put (G learns by plain SGD, which does not rescale a vanishing gradient).',
    config: {
      data: { modes: [{ mean: -3, std: 0.3, weight: 1 }] },
      loss: 'minimax',
      compareLoss: 'non-saturating',
      gOptimizer: 'sgd',
      lrG: 0.05,
      dSteps: 3,
      lrD: 3e-3,
      gInit: { shift: 3, scale: 0.3 },
      grid: { min: -6, max: 6, points: 241 },
      preset: 'disjoint'
    },
    steps: 400
  }),
  'optimal-d': preset({
    name: 'optimal-d',
    title: 'The optimal discriminator',
    summary: 'G frozen at a known Gaussian: D converges to D* = p_data / (p_data + p_G).',
    explanation:
      'G is frozen at x = b + w·z, so p_G is the Gaussian N(b, w²), and only D trains. For a fixed G ' +
      'the D that maximises V is D*(x) = p_data(x) / (p_data(x) + p_G(x)). Watch D(x) trace the D* ' +
      'curve where either density has mass: near 1 where only data lives, near 0 where only G does, ' +
      '1/2 where they are equal. Far from both, no sample tells D anything and it may wander. And V ' +
      'settles at −log 4 + 2·JS, the value the theory gives V(G, D*).',
    config: {
      data: {
        modes: [
          { mean: -1.5, std: 0.6, weight: 1 },
          { mean: 1.5, std: 0.6, weight: 1 }
        ]
      },
      generator: 'affine',
      freezeG: true,
      gInit: { shift: 0.5, scale: 1.5 },
      lrD: 3e-3,
      grid: { min: -5, max: 5, points: 201 },
      preset: 'optimal-d'
    },
    steps: 800
  }),
  'kl-vs-reverse-kl': preset({
    name: 'kl-vs-reverse-kl',
    title: 'KL against reverse KL',
    summary:
      'One Gaussian fitted to two modes by KL, reverse KL and a GAN; and an f-GAN minimising KL.',
    explanation:
      'Maximising likelihood minimises KL(p_data ‖ p_G), which punishes a model for missing any of ' +
      'the data: a single Gaussian fitted that way spreads over both modes, blurring the gap. The ' +
      'reverse KL(p_G ‖ p_data) punishes mass where the data has none, so its Gaussian sits on one ' +
      'mode and ignores the other. Dashed curves show the two, and the Gaussian that minimises JS, ' +
      "the GAN's divergence, which sits between. The GAN's own generator is a Gaussian here " +
      '(x = b + w·z): watch where adversarial training puts it. The notes add that the divergence ' +
      'alone does not explain mode collapse: a second run, an f-GAN whose game minimises KL ' +
      '(the mode-covering one) with a flexible generator, is drawn too; the verdict says whether it ' +
      'covered both modes.',
    config: {
      data: {
        modes: [
          { mean: -2, std: 0.5, weight: 1 },
          { mean: 2, std: 0.5, weight: 1 }
        ]
      },
      generator: 'affine',
      loss: 'non-saturating',
      gInit: { shift: 0.3, scale: 1 },
      lrG: 3e-3,
      lrD: 3e-3,
      gaussianFits: true,
      variants: [{ label: 'f-GAN, KL objective', changes: { loss: 'kl', generator: 'mlp' } }],
      grid: { min: -6, max: 6, points: 241 },
      preset: 'kl-vs-reverse-kl'
    },
    steps: 600
  }),
  'g-too-fast': preset({
    name: 'g-too-fast',
    title: 'G too fast',
    summary:
      'Ten G steps per D step against k = 5 D steps per G step: D* is only optimal for one G.',
    explanation:
      'The argument that G minimises JS assumes D is (near) D* for the current G. But D* is optimal ' +
      'only for the G it was trained against: when G takes many steps while D stands still, G ' +
      "chases D's old opinion, overshoots the data, and D must catch up from far away. The main run " +
      'takes 10 G steps per D step; the dashed run, from the same start, takes the remedy the ' +
      'algorithm names, k = 5 D steps per G step. Compare JS over time and mean |D − D*|: how far D ' +
      'is from the best D for the G of the moment.',
    config: {
      data: { modes: [{ mean: 1, std: 0.8, weight: 1 }] },
      loss: 'non-saturating',
      dSteps: 1,
      gSteps: 10,
      lrG: 2e-3,
      lrD: 1e-3,
      variants: [{ label: 'k = 5 D steps per G step', changes: { dSteps: 5, gSteps: 1 } }],
      grid: { min: -4, max: 6, points: 201 },
      preset: 'g-too-fast'
    },
    steps: 300
  }),
  'instance-noise': preset({
    name: 'instance-noise',
    title: 'Instance noise',
    summary:
      'Disjoint supports, with noise on D’s inputs that fades: the minimax G gets a gradient.',
    explanation:
      'When the supports do not meet, JS is stuck at log 2 and the minimax G gets no gradient (see ' +
      'Disjoint supports). Adding Gaussian noise to every x that D sees, real or generated, ' +
      'smears both distributions until they overlap: D can no longer be certain, D(G(z)) stays away ' +
      "from 0, and G's gradient returns. The noise's width shrinks to nothing over the run, so at " +
      'the end D judges the true distributions again. The dashed run is the same start without ' +
      "noise. Compare G's gradient norm and the final JS.",
    config: {
      data: { modes: [{ mean: -3, std: 0.3, weight: 1 }] },
      loss: 'minimax',
      gOptimizer: 'sgd',
      lrG: 0.05,
      dSteps: 3,
      lrD: 3e-3,
      gInit: { shift: 3, scale: 0.3 },
      instanceNoise: { std: 2, decaySteps: 400 },
      variants: [{ label: 'no noise', changes: { instanceNoise: null } }],
      grid: { min: -6, max: 6, points: 241 },
      preset: 'instance-noise'
    },
    steps: 500
  }),
  'wgan-gp-disjoint': preset({
    name: 'wgan-gp-disjoint',
    title: 'WGAN-GP, disjoint',
    summary: 'Disjoint supports again, now with a WGAN-GP critic: G gets a useful gradient.',
    explanation:
      'A Wasserstein critic C is not a probability: it scores x, and E C(x) − E C(G(z)) estimates ' +
      'the earth-mover distance W₁, which keeps shrinking as G moves toward the data even when the ' +
      'supports do not meet (JS stays at log 2 until they touch). The gradient penalty keeps C close ' +
      "to 1-Lipschitz, so its slope between the two supports is about 1: G's gradient neither " +
      'vanishes nor explodes. The solid orange curve is the critic’s output (right axis). The dashed ' +
      'run is the minimax GAN from the same start. Compare how far each G moves toward the data.',
    config: {
      data: { modes: [{ mean: -3, std: 0.3, weight: 1 }] },
      loss: 'wgan-gp',
      gOptimizer: 'sgd',
      lrG: 0.05,
      dSteps: 5,
      lrD: 3e-3,
      gpWeight: 10,
      gInit: { shift: 3, scale: 0.3 },
      variants: [{ label: 'minimax, same start', changes: { loss: 'minimax', dSteps: 3 } }],
      grid: { min: -6, max: 6, points: 241 },
      preset: 'wgan-gp-disjoint'
    },
    steps: 300
  }),
  conditional: preset({
    name: 'conditional',
    title: 'Conditional GAN',
    summary:
      'Three classes, each its own p_data; D judges (c, x), with and without wrong-label negatives.',
    explanation:
      'G gets a class c with its noise z, and D judges the pair (c, x): real pairs are positive, ' +
      'generated pairs negative. With wrong-label negatives, a real x paired with another class’s ' +
      'label is negative too. Without them, nothing teaches D that a realistic x with the wrong c is ' +
      'wrong: D(c, x) is trained only where class c’s data and G(·, c) live, and elsewhere may say ' +
      'anything. Each class has its own chart: p_data(x | c), G(z, c) and D(c, x). The verdict ' +
      'reports, per class, how much of G’s mass lands in that class’s region, how much D accepts ' +
      'real x of the other classes, and whether G’s output still depends on z (a G that ignores z ' +
      'draws one x per class). The dashed run is the same start without wrong-label negatives.',
    config: {
      data: {
        modes: [
          { mean: -3, std: 0.4, weight: 1 },
          { mean: 0, std: 0.4, weight: 1 },
          { mean: 3, std: 0.4, weight: 1 }
        ]
      },
      conditional: true,
      wrongLabelNegatives: true,
      loss: 'non-saturating',
      noiseDim: 2,
      lrG: 2e-3,
      lrD: 2e-3,
      variants: [
        { label: 'without wrong-label negatives', changes: { wrongLabelNegatives: false } }
      ],
      grid: { min: -6, max: 6, points: 241 },
      preset: 'conditional'
    },
    steps: 800
  })
}
