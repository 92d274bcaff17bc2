import { z } from 'zod'
import { ReportedPathSchema, WritePathSchema } from './paths'
import { ScoreHeadlineSchema } from './scores'
import { SeedSchema } from './seed'

/**
 * A number a checkpoint records, or `null` when it is not known (a damaged manifest) or not
 * finite (NaN and ±Infinity do not survive JSON); `nullReasons` then says why.
 */
const RecordedNumber = z.number().nullable()

/**
 * What a checkpoint says about itself, as its manifest records it: the engine's manifest
 * schema extends this, and the browser's summary relaxes it (a damaged manifest leaves
 * numbers unknown), so the two never drift apart.
 */
export const CheckpointHeadSchema = z.object({
  runId: z.string(),
  step: z.number().int().nonnegative(),
  epoch: z.number().int().nonnegative(),
  /** ISO time it was written. */
  time: z.string(),
  /** null: the loss was not finite (JSON writes NaN and ±Infinity as null). */
  dLoss: RecordedNumber,
  gLoss: RecordedNumber,
  backend: z.string(),
  /** Class names G is conditioned on, in label-index order; empty for an unconditional model. */
  labels: z.array(z.string()),
  noiseDim: z.number().int().positive()
})

/**
 * One checkpoint as the browser lists it. Every `step-<n>` folder lists, whole or damaged:
 * `state` says which, and `problem` why a damaged one cannot be loaded.
 */
export const CheckpointSummarySchema = CheckpointHeadSchema.extend({
  state: z.enum(['whole', 'damaged']),
  epoch: RecordedNumber,
  /** ISO time it was written; '' when not known. */
  time: z.string(),
  noiseDim: RecordedNumber,
  /** Why each number above that is null is null, by field name. */
  nullReasons: z.record(z.string(), z.string()).optional(),
  /** The sample grid at this step, small, as PNG. */
  thumbnail: z.instanceof(Uint8Array).optional(),
  path: ReportedPathSchema,
  /** Missing or corrupt files: the checkpoint lists, but will not load. */
  problem: z.string().optional(),
  /** Its scores (scores.json, `gan-studio score` or `--score-every`); absent when not scored. */
  scores: ScoreHeadlineSchema.optional()
}).superRefine((c, ctx) => {
  for (const key of ['epoch', 'dLoss', 'gLoss', 'noiseDim'] as const) {
    if (c[key] === null && !c.nullReasons?.[key]) {
      ctx.addIssue({ code: 'custom', path: [key], message: `${key} is null without a reason` })
    }
  }
  if ((c.state === 'damaged') !== (c.problem !== undefined)) {
    ctx.addIssue({ code: 'custom', path: ['problem'], message: 'a damaged checkpoint says why' })
  }
})
export type CheckpointSummary = z.infer<typeof CheckpointSummarySchema>

export const RunSummarySchema = z.object({
  id: z.string(),
  path: ReportedPathSchema,
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
  thumbnail: z.instanceof(Uint8Array).optional(),
  /** Why the run's config.json cannot be read; its checkpoints still list. */
  problem: z.string().optional(),
  /** The name the user gave it (meta.json); '' when none: show the id. */
  name: z.string().default(''),
  /** Key settings from its config, for the runs table. */
  settings: z
    .object({
      batchSize: z.number(),
      lrG: z.number(),
      lrD: z.number(),
      dSteps: z.number(),
      noiseDim: z.number(),
      modelWidth: z.number(),
      epochs: z.number(),
      maxSteps: z.number().optional()
    })
    .partial()
    .default({}),
  /** The steps the run was set to train (from its last metrics record); 0 when not known. */
  totalSteps: z.number().int().nonnegative().default(0),
  /** Training time so far, in seconds (paused time not counted). */
  durationSeconds: z.number().nonnegative().default(0),
  /** training: the engine trains it now; complete: it reached its total; incomplete: stopped or crashed before. */
  status: z.enum(['training', 'complete', 'incomplete']).default('incomplete'),
  /** The checkpoint with the lowest Fréchet distance, where checkpoints have scores.json. */
  bestScore: z
    .object({ step: z.number().int().nonnegative(), frechet: z.number(), reliable: z.boolean() })
    .optional()
})
export type RunSummary = z.infer<typeof RunSummarySchema>

/** A run id is one folder name; the engine refuses separators and `..`. */
export const RunIdSchema = z.string().min(1).max(255)

/** A run's display name: empty clears it (the id shows instead). */
export const RunNameSchema = z
  .string()
  .trim()
  .max(120, 'a run name is at most 120 characters')
  .refine((s) => ![...s].some((c) => c.charCodeAt(0) < 32), 'a run name is one line of text')

/** One record of metrics.jsonl as the charts use it. */
export const MetricPointSchema = z.object({
  step: z.number().int().nonnegative(),
  dLoss: z.number(),
  gLoss: z.number(),
  dReal: z.number(),
  dFake: z.number(),
  elapsedSeconds: z.number()
})
export type MetricPoint = z.infer<typeof MetricPointSchema>

/** Points a run's history answer holds at most: longer runs are averaged down to this. */
export const HISTORY_MAX_POINTS = 2000

/** A run's whole curves from metrics.jsonl (decimated) and which sample grids it has on disk. */
export const RunHistorySchema = z.object({
  runId: z.string(),
  loss: z.string(),
  labels: z.array(z.string()),
  totalSteps: z.number().int().nonnegative(),
  /** Records in metrics.jsonl; `metrics` holds at most HISTORY_MAX_POINTS of them, averaged. */
  records: z.number().int().nonnegative(),
  metrics: z.array(MetricPointSchema).max(HISTORY_MAX_POINTS),
  /** Steps with a sample grid in samples/, ascending. */
  sampleSteps: z.array(z.number().int().nonnegative()),
  /** The run's config (TrainConfig) as config.json records it; absent when unreadable. */
  config: z.unknown().optional()
})
export type RunHistory = z.infer<typeof RunHistorySchema>

export const CheckpointRefSchema = z.object({
  runId: RunIdSchema,
  /** Omitted: the run's latest loadable checkpoint. */
  step: z.number().int().nonnegative().optional()
})
export type CheckpointRef = z.infer<typeof CheckpointRefSchema>

/**
 * Limits a 2-core laptop survives: one generation or interpolation makes at most
 * GENERATE_MAX_IMAGES images, in chunks, and no message carries more than a page of them.
 */
export const GENERATE_MAX_IMAGES = 1024
/** Images per answer: `generate` returns the first page, `generatedImages` the others. */
export const GENERATED_PAGE = 64
/** The grid PNG comes with generations of at most this many images (a bigger one is megabytes). */
export const GRID_MAX_IMAGES = 256

/** Names a generation the engine holds, for its pages, saving and cancelling. */
export const GenerationIdSchema = z
  .string()
  .regex(/^[\w-]{1,64}$/, 'a generation id is 1 to 64 letters, digits, _ or -')

export const GenerateRequestSchema = z.object({
  checkpoint: CheckpointRefSchema,
  /** A class by name or index; omitted for an unconditional model (or: every class, one row each). */
  label: z.union([z.string().min(1).max(255), z.number().int().nonnegative()]).optional(),
  /** Images (of each class, when no label is given); all together at most GENERATE_MAX_IMAGES. */
  count: z.number().int().min(1).max(GENERATE_MAX_IMAGES).default(16),
  seed: SeedSchema.default(0),
  /**
   * Resample |z| components above this threshold (the truncation trick); omitted: none.
   * Below 0.05 almost every draw is rejected, so generation would crawl.
   */
  truncation: z.number().min(0.05, 'truncation is at least 0.05').max(10).optional(),
  /** Chosen by the caller so it can cancel (`cancelGenerate`) and follow progress; default: the engine picks one. */
  id: GenerationIdSchema.optional()
})
export type GenerateRequest = z.input<typeof GenerateRequestSchema>

export const InterpolateRequestSchema = z.object({
  checkpoint: CheckpointRefSchema,
  label: z.union([z.string().min(1).max(255), z.number().int().nonnegative()]).optional(),
  seedA: SeedSchema,
  seedB: SeedSchema,
  /** Images along the spherical path from z(seedA) to z(seedB), both ends included. */
  steps: z.number().int().min(2).max(64).default(8),
  id: GenerationIdSchema.optional()
})
export type InterpolateRequest = z.input<typeof InterpolateRequestSchema>

/**
 * A generation the engine made and holds (the last few), so its images can be fetched a
 * page at a time and saved by reference: no image bytes ever travel back to the engine.
 */
export const GeneratedSchema = z.object({
  id: GenerationIdSchema,
  /** How many images the generation holds. */
  count: z.number().int().nonnegative(),
  /** All images as one PNG grid (a strip for an interpolation); only up to GRID_MAX_IMAGES images. */
  grid: z.instanceof(Uint8Array).optional(),
  /** The first images (up to GENERATED_PAGE) as PNGs, in order; `generatedImages` gives the rest. */
  images: z.array(z.instanceof(Uint8Array)).max(GENERATED_PAGE),
  /** The label of every image (empty for an unconditional model). */
  labels: z.array(z.string())
})
export type Generated = z.infer<typeof GeneratedSchema>

export const GeneratedPageRequestSchema = z.object({
  id: GenerationIdSchema,
  start: z.number().int().min(0).max(GENERATE_MAX_IMAGES),
  count: z.number().int().min(1).max(GENERATED_PAGE).default(GENERATED_PAGE)
})
export type GeneratedPageRequest = z.input<typeof GeneratedPageRequestSchema>

export const GeneratedPageSchema = z.object({
  /** Images start … start + count − 1 (fewer at the end). */
  images: z.array(z.instanceof(Uint8Array)).max(GENERATED_PAGE),
  labels: z.array(z.string())
})
export type GeneratedPage = z.infer<typeof GeneratedPageSchema>

/** Saves images of a generation the engine holds, by index, as `<prefix>-<n>.png` in `dir`. */
export const SaveImagesRequestSchema = z.object({
  /** Images are saved by reference: the id from `generate`'s or `interpolate`'s answer, never bytes. */
  generation: z
    .string({
      error:
        'give the id of a generation the engine made (from generate or interpolate); images are saved by reference, never sent'
    })
    .pipe(GenerationIdSchema),
  /** Which images (0-based); omitted: all of them. */
  indices: z
    .array(
      z
        .number()
        .int()
        .min(0)
        .max(GENERATE_MAX_IMAGES - 1)
    )
    .min(1)
    .max(GENERATE_MAX_IMAGES)
    .optional(),
  dir: WritePathSchema,
  prefix: z
    .string()
    .regex(/^[\p{L}\p{N}_.-]{1,64}$/u, 'a prefix is 1 to 64 letters, digits, . _ or -')
    .default('image'),
  /**
   * `sequence` (the default): `<prefix>-<n>.png`, numbering on from the folder's highest. `index`: each image
   * as `<prefix>-<its index in the generation>.png` (a taken name gets `-<n>` added).
   */
  numbering: z.enum(['sequence', 'index']).optional()
})
export type SaveImagesRequest = z.input<typeof SaveImagesRequestSchema>

export const ExportOptionsSchema = z.object({
  /** Replace files already in the folder. Without it an export never overwrites anything. */
  overwrite: z.boolean().default(false)
})
export type ExportOptions = z.input<typeof ExportOptionsSchema>
