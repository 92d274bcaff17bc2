import { z } from 'zod'

/**
 * The Lab: a small GAN on a 1-D mixture of Gaussians, so each claim of the theory
 * (Goodfellow et al. 2014) can be watched coming true, or failing:
 *
 *   D*(x) = p_data(x) / (p_data(x) + p_G(x))            the best D for a fixed G
 *   V(G, D*) = −log 4 + 2·JS(p_data ‖ p_G)              so the optimum is p_G = p_data,
 *                                                        V = −log 4, D* = 1/2 everywhere
 *   JS = log 2 when the supports do not meet             and the minimax G gets no gradient
 *
 * Shared by the engine and the renderer, so it imports nothing but zod.
 */

/** The G losses the Lab compares. Both share D's loss (BCE); only G's objective differs. */
export const LAB_LOSSES = ['minimax', 'non-saturating'] as const
export const LabLossSchema = z.enum(LAB_LOSSES)
export type LabLoss = z.infer<typeof LabLossSchema>

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

export const LabConfigSchema = z.object({
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
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(0),
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
  evalSamples: z.number().int().min(256).max(16_384).default(4096)
})

/** `labStep` runs this many G steps at most in one call: it answers only when they are done. */
export const LAB_STEP_MAX = 200
export type LabConfig = z.output<typeof LabConfigSchema>
export type LabConfigInput = z.input<typeof LabConfigSchema>

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
  modesTotal: z.number().int()
})
export type LabFrame = z.infer<typeof LabFrameSchema>

export const LAB_PRESET_NAMES = [
  'equilibrium',
  'saturation',
  'mode-collapse',
  'disjoint',
  'optimal-d'
] as const
export const LabPresetNameSchema = z.enum(LAB_PRESET_NAMES)
export type LabPresetName = z.infer<typeof LabPresetNameSchema>

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
      grid: { min: -4, max: 6, points: 201 }
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
      grid: { min: -5, max: 5, points: 201 }
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
      grid: { min: -7, max: 7, points: 281 }
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
      grid: { min: -6, max: 6, points: 241 }
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
      grid: { min: -5, max: 5, points: 201 }
    },
    steps: 800
  })
}
