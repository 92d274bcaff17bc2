import { z } from 'zod'

/** One checkpoint as the browser lists it; `problem` says why it cannot be loaded, if so. */
export const CheckpointSummarySchema = z.object({
  runId: z.string(),
  step: z.number().int().nonnegative(),
  epoch: z.number().int().nonnegative(),
  /** ISO time it was written. */
  time: z.string(),
  dLoss: z.number(),
  gLoss: z.number(),
  backend: z.string(),
  labels: z.array(z.string()),
  noiseDim: z.number().int(),
  /** The sample grid at this step, small, as PNG. */
  thumbnail: z.instanceof(Uint8Array).optional(),
  path: z.string(),
  /** Missing or corrupt files: the checkpoint lists, but will not load. */
  problem: z.string().optional()
})
export type CheckpointSummary = z.infer<typeof CheckpointSummarySchema>

export const RunSummarySchema = z.object({
  id: z.string(),
  path: z.string(),
  /** ISO time the run started. */
  createdAt: z.string(),
  datasetName: z.string(),
  labels: z.array(z.string()),
  loss: z.string(),
  resolution: z.number().int(),
  channels: z.number().int(),
  conditional: z.boolean(),
  /** The last step with metrics on disk. */
  lastStep: z.number().int().nonnegative(),
  checkpoints: z.number().int().nonnegative(),
  /** The latest sample grid, as PNG. */
  thumbnail: z.instanceof(Uint8Array).optional()
})
export type RunSummary = z.infer<typeof RunSummarySchema>

export const CheckpointRefSchema = z.object({
  runId: z.string().min(1),
  /** Omitted: the run's latest loadable checkpoint. */
  step: z.number().int().nonnegative().optional()
})
export type CheckpointRef = z.infer<typeof CheckpointRefSchema>

export const GenerateRequestSchema = z.object({
  checkpoint: CheckpointRefSchema,
  /** A class by name or index; omitted for an unconditional model (or: every class, one row each). */
  label: z.union([z.string().min(1), z.number().int().nonnegative()]).optional(),
  count: z.number().int().min(1).max(1024).default(16),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(0),
  /** Resample |z| components above this threshold (the truncation trick); omitted: none. */
  truncation: z.number().positive().max(10).optional()
})
export type GenerateRequest = z.input<typeof GenerateRequestSchema>

export const InterpolateRequestSchema = z.object({
  checkpoint: CheckpointRefSchema,
  label: z.union([z.string().min(1), z.number().int().nonnegative()]).optional(),
  seedA: z.number().int().min(0),
  seedB: z.number().int().min(0),
  /** Images along the spherical path from z(seedA) to z(seedB), both ends included. */
  steps: z.number().int().min(2).max(64).default(8)
})
export type InterpolateRequest = z.input<typeof InterpolateRequestSchema>

export const GeneratedSchema = z.object({
  /** All images as one PNG grid (a strip for an interpolation). */
  grid: z.instanceof(Uint8Array),
  /** Each image as its own PNG, in order. */
  images: z.array(z.instanceof(Uint8Array)),
  /** The label each image was generated for (empty for an unconditional model). */
  labels: z.array(z.string())
})
export type Generated = z.infer<typeof GeneratedSchema>
