import { z } from 'zod'
import { DatasetOptionsSchema, DatasetSourceSchema } from './dataset'
import { SeedSchema } from './seed'

export const LOSSES = ['non-saturating', 'minimax', 'wgan-gp', 'hinge'] as const
export const LossSchema = z.enum(LOSSES)
export type LossName = z.infer<typeof LossSchema>

export const MODELS = ['dcgan', 'resnet'] as const
export const ModelSchema = z.enum(MODELS)
export type ModelName = z.infer<typeof ModelSchema>

/** How D sees the label: constant planes beside the image (cGAN), or projection (Miyato & Koyama 2018). */
export const CONDITIONINGS = ['planes', 'projection'] as const
export type Conditioning = (typeof CONDITIONINGS)[number]

/** DiffAugment's transforms (Zhao et al. 2020), applied to real and fake images before D. */
export const AUGMENT_OPS = ['translation', 'cutout', 'color'] as const
export type AugmentOp = (typeof AUGMENT_OPS)[number]
/** off; fixed: each transform with probability `augmentStrength`; adaptive: that probability tuned as in ADA. */
export const AUGMENT_MODES = ['off', 'fixed', 'adaptive'] as const
export type AugmentMode = (typeof AUGMENT_MODES)[number]

/**
 * The classic conditional DCGAN (Radford et al. 2015, with cGAN's label planes in D): the
 * peer's model (scripts/bench/peer_dcgan.py) and the studio's default until issue #22's table
 * chose the one below. `train --dcgan` and the Train view's "Classic DCGAN" ask for it, and
 * a stored config that predates a key reads it with this value (`parseStoredConfig`).
 */
export const CLASSIC_DCGAN = {
  model: 'dcgan',
  conditioning: 'planes',
  spectralNorm: false,
  loss: 'non-saturating',
  ema: false,
  augment: 'off',
  r1Gamma: 0
} as const satisfies Partial<TrainConfigInput>

/**
 * The default techniques, chosen by measurement (README, "Techniques beyond DCGAN"): at equal
 * steps they beat the classic DCGAN on Fréchet distance and fidelity on all of Fashion-MNIST
 * and on 50 images a class. The quality table's "default" variant is exactly these.
 */
export const DEFAULT_TECHNIQUES = {
  conditioning: 'projection',
  spectralNorm: true,
  loss: 'hinge',
  ema: false,
  augment: 'adaptive'
} as const

/**
 * The fields the techniques set, the loss and learning rates they pair with among them: what
 * the Train view's presets switch, and what `export-torch` carries to train.py.
 */
export const TECHNIQUE_FIELDS = [
  'model',
  'conditioning',
  'spectralNorm',
  'loss',
  'ema',
  'emaDecay',
  'augment',
  'augmentOps',
  'augmentStrength',
  'augmentTarget',
  'r1Gamma',
  'lrG',
  'lrD'
] as const satisfies readonly (keyof TrainConfigInput)[]

/** Everything that defines a training run. The architecture is the peer's DCGAN-28; the techniques are DEFAULT_TECHNIQUES. */
export const TrainConfigSchema = z
  .object({
    dataset: DatasetSourceSchema,
    datasetOptions: DatasetOptionsSchema.partial().default({}),
    /** dcgan: Radford et al.; resnet: SNGAN-style residual G and D (for 64×64). */
    model: ModelSchema.default('dcgan'),
    /** Filters of the full-size hidden layer; the others double towards 4×4. 64 is the peer's; smaller trains faster on a CPU. */
    modelWidth: z.number().int().min(4).max(256).default(64),
    /** Label joins z in G and reaches D (as `conditioning` says). Off: an unconditional GAN. */
    conditional: z.boolean().default(true),
    noiseDim: z.number().int().min(1).max(1024).default(100),
    loss: LossSchema.default(DEFAULT_TECHNIQUES.loss),
    /** k: discriminator (critic) steps per generator step. */
    dSteps: z.number().int().min(1).max(50).default(1),
    batchSize: z.number().int().min(2).max(1024).default(64),
    lrG: z.number().positive().max(1).default(2e-4),
    lrD: z.number().positive().max(1).default(2e-4),
    beta1: z.number().min(0).max(0.999).default(0.5),
    beta2: z.number().min(0).max(0.99999).default(0.999),
    epochs: z.number().int().min(1).max(10_000).default(5),
    /** Stop after this many generator steps, whatever the epochs say. */
    maxSteps: z.number().int().min(1).max(1e8).optional(),
    /** One-sided label smoothing: real targets become 1 − s. */
    labelSmoothing: z.number().min(0).max(0.5).default(0),
    /** Gaussian instance noise added to D's inputs, its std decaying linearly to 0. */
    instanceNoise: z
      .object({ std: z.number().min(0).max(2), decaySteps: z.number().int().min(1).max(1e8) })
      .default({ std: 0, decaySteps: 1 }),
    /** Conditional only: D also sees real images with wrong labels as fakes. */
    mismatchedLabels: z.boolean().default(false),
    /** WGAN-GP's gradient-penalty weight λ. */
    gpWeight: z.number().min(0).max(1000).default(10),
    // The techniques of issue #22 (src/shared/techniques.ts explains each in one sentence).
    // Older runs' config.json lack some; parseStoredConfig reads those as they trained.
    /** How a conditional D sees the label (the resnet D always projects). */
    conditioning: z.enum(CONDITIONINGS).default(DEFAULT_TECHNIQUES.conditioning),
    /** Spectral normalisation of every D weight (one power iteration per update). */
    spectralNorm: z.boolean().default(DEFAULT_TECHNIQUES.spectralNorm),
    /** Keep an exponential moving average of G's weights and sample from it. */
    ema: z.boolean().default(DEFAULT_TECHNIQUES.ema),
    /** The EMA's decay β (ramped up as min(β, (1 + t)/(10 + t)) over the first steps). */
    emaDecay: z.number().min(0.5).max(0.99999).default(0.999),
    augment: z.enum(AUGMENT_MODES).default(DEFAULT_TECHNIQUES.augment),
    augmentOps: z.array(z.enum(AUGMENT_OPS)).min(1).default(['translation', 'cutout', 'color']),
    /** Fixed: the probability each transform is applied to an image (adaptive starts at 0 and tunes it). */
    augmentStrength: z.number().min(0).max(1).default(0.5),
    /** Adaptive: p rises while the mean sign of D's output on reals exceeds this (ADA's r_t). */
    augmentTarget: z.number().min(0).max(1).default(0.6),
    /** R1 penalty weight γ on reals (γ/2 · E‖∇x D(x)‖²); 0 is off. */
    r1Gamma: z.number().min(0).max(1000).default(0),
    seed: SeedSchema.default(0),
    sampleEvery: z.number().int().min(1).max(1e8).default(100),
    checkpointEvery: z.number().int().min(1).max(1e8).default(500),
    keepCheckpoints: z.number().int().min(1).max(1000).default(5),
    /**
     * Score every n-th checkpoint this run saves (scores.json, by a judge trained once on the
     * dataset); omitted: none. Scoring pauses training while it runs.
     */
    scoreEvery: z.number().int().min(1).max(1e6).optional()
  })
  .refine((c) => !c.mismatchedLabels || c.conditional, {
    message: 'mismatched labels need a conditional model (turn labels on)',
    path: ['mismatchedLabels']
  })
export type TrainConfig = z.output<typeof TrainConfigSchema>

/**
 * A config as a run folder or checkpoint stored it: a key it lacks was written before that
 * key existed, when the run trained as CLASSIC_DCGAN says, so it reads as that, not as
 * today's default (which would resume or export another model than the one trained).
 */
export function parseStoredConfig(raw: unknown) {
  const record = raw && typeof raw === 'object' && !Array.isArray(raw)
  return TrainConfigSchema.safeParse(record ? { ...CLASSIC_DCGAN, ...raw } : raw)
}

/**
 * What the studio may ask for (`startTraining`): the command line takes bigger models on a
 * machine its user knows, but a call from a page must not exhaust a 2-core laptop's memory
 * (a 64×64 batch of 256 at width 128 already needs about a gigabyte for activations).
 */
export const STUDIO_TRAIN_LIMITS = { batchSize: 256, modelWidth: 128, keepCheckpoints: 50 } as const
export const StudioTrainConfigSchema = TrainConfigSchema.superRefine((c, ctx) => {
  for (const key of Object.keys(STUDIO_TRAIN_LIMITS) as (keyof typeof STUDIO_TRAIN_LIMITS)[]) {
    const max = STUDIO_TRAIN_LIMITS[key]
    if (c[key] > max) {
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `at most ${max} in the studio (the command line, gan-studio train, allows more)`
      })
    }
  }
})
export type TrainConfigInput = z.input<typeof TrainConfigSchema>

export const TrainingStateSchema = z.enum([
  'idle',
  'starting',
  'running',
  'paused',
  'stopping',
  'finished',
  'stopped',
  'failed'
])
export type TrainingState = z.infer<typeof TrainingStateSchema>

export const ProgressSchema = z.object({
  runId: z.string(),
  step: z.number().int(),
  epoch: z.number().int(),
  totalSteps: z.number().int(),
  dLoss: z.number(),
  gLoss: z.number(),
  /** Mean D(x) on real images and mean D(G(z)) on fakes (sigmoid of the logit; the raw score for WGAN-GP and hinge). */
  dReal: z.number(),
  dFake: z.number(),
  imagesPerSecond: z.number(),
  etaSeconds: z.number(),
  elapsedSeconds: z.number()
})
export type Progress = z.infer<typeof ProgressSchema>

export const TrainingStatusSchema = z.object({
  state: TrainingStateSchema,
  runId: z.string().optional(),
  /** The run's settings, defaults filled in (what the Train view shows while it runs). */
  config: TrainConfigSchema.optional(),
  last: ProgressSchema.optional(),
  message: z.string().optional(),
  /** `message` in code form (errorCodes.ts) and the values it quotes, for the UI to word it. */
  code: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional()
})
export type TrainingStatus = z.infer<typeof TrainingStatusSchema>
