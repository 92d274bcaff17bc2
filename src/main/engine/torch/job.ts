import { z } from 'zod'

/** job.json of a PyTorch job folder: what train.py and import-torch read. */
export const JOB_FORMAT = 'gan-studio-torch-job'
export const JOB_VERSION = 1

export const TorchJobSchema = z.object({
  format: z.literal(JOB_FORMAT),
  version: z.literal(JOB_VERSION),
  /** The run id the job's records carry (`<source run>-torch`). */
  runId: z.string(),
  source: z.object({
    run: z.string(),
    runId: z.string(),
    checkpoint: z.string().nullable(),
    step: z.number().int().nonnegative()
  }),
  /** The studio's TrainConfig, checked again by import-torch. */
  config: z.record(z.string(), z.unknown()),
  spec: z.object({
    resolution: z.union([z.literal(28), z.literal(32), z.literal(64)]),
    channels: z.union([z.literal(1), z.literal(3)]),
    noiseDim: z.number().int().positive(),
    numClasses: z.number().int().nonnegative(),
    width: z.number().int().positive(),
    seed: z.number().int().nonnegative(),
    /** How a conditional D sees the label; jobs written before #22 have planes. */
    conditioning: z.enum(['planes', 'projection']).default('planes'),
    /** D's weights spectrally normalised (u vectors in state.safetensors as discriminator.sn.u<i>). */
    spectralNorm: z.boolean().default(false),
    /** dcgan, or resnet (models/resnet.ts; its D always projects the label). */
    architecture: z.enum(['dcgan', 'resnet']).default('dcgan')
  }),
  classNames: z.array(z.string()),
  labeled: z.boolean(),
  dataset: z.object({ name: z.string(), count: z.number().int().nonnegative() }),
  data: z.object({
    path: z.string(),
    fit: z.enum(['crop', 'letterbox']).optional(),
    background: z.string().optional(),
    limitPerClass: z.number().int().positive().optional()
  }),
  grid: z.object({
    noise: z.string(),
    count: z.number().int().positive(),
    rows: z.number().int().positive(),
    labels: z.array(z.number().int().nonnegative()),
    rowLabels: z.array(z.string())
  })
})
export type TorchJob = z.infer<typeof TorchJobSchema>

/** checkpoints/step-<n>/torch.json, written by train.py beside state.safetensors. */
export const TorchCheckpointInfoSchema = z.object({
  format: z.literal('gan-studio-torch'),
  version: z.literal(1),
  step: z.number().int().nonnegative(),
  epoch: z.number().int().nonnegative(),
  time: z.string(),
  dLoss: z.number().nullable(),
  gLoss: z.number().nullable(),
  worldSize: z.number().int().positive().optional(),
  backend: z.string(),
  /** Adaptive augmentation's p at this step (config.augment 'adaptive'). */
  augmentP: z.number().min(0).max(1).optional()
})
export type TorchCheckpointInfo = z.infer<typeof TorchCheckpointInfoSchema>
