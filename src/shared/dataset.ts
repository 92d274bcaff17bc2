// The dataset contract: what the renderer may ask the engine to open, with which options,
// and what comes back. Imports only zod: the renderer and the engine both load this file.
import { z } from 'zod'
import { ErrorParamsSchema } from './errorCodes'
import { ReadPathSchema, ReportedPathSchema } from './paths'

export const BUILTIN_DATASETS = ['shapes', 'fashion-mnist'] as const
export const RESOLUTIONS = [28, 32, 64] as const

/** Which part of an IDX pair (MNIST layout) to read: `train-*`, `t10k-*`, or both. */
export const IdxSplitSchema = z.enum(['train', 'test', 'all'])
export type IdxSplit = z.infer<typeof IdxSplitSchema>

function datasetSource<P extends z.ZodType<string>>(path: P) {
  return z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('folder'), path }),
    /** `path`: a folder holding `*-images-idx3-ubyte[.gz]` (+ labels), or one images file. */
    z.object({ kind: z.literal('idx'), path, split: IdxSplitSchema.optional() }),
    /** `split` applies to fashion-mnist only (default `train`). */
    z.object({
      kind: z.literal('builtin'),
      name: z.enum(BUILTIN_DATASETS),
      split: IdxSplitSchema.optional()
    })
  ])
}

/** What the engine is asked to open: its path is read (and policed, see ./paths.ts). */
export const DatasetSourceSchema = datasetSource(ReadPathSchema)
/** The same source as a summary reports it back. */
export const ReportedDatasetSourceSchema = datasetSource(ReportedPathSchema)
/** As written by a caller; the engine's handlers receive it validated (its path branded `AbsolutePath`). */
export type DatasetSource = z.input<typeof DatasetSourceSchema>

export const ResolutionSchema = z.literal(RESOLUTIONS)
export type Resolution = z.infer<typeof ResolutionSchema>

export const DatasetOptionsSchema = z.object({
  /** Square side in pixels. Default: 28 for IDX and fashion-mnist, 32 otherwise. */
  resolution: ResolutionSchema,
  /** 'auto': 1 channel when every image is grayscale, else 3 (RGB). */
  channels: z.union([z.literal('auto'), z.literal(1), z.literal(3)]).default('auto'),
  /** 'crop': fill the square and cut the overflow (centre); 'letterbox': fit inside and pad. */
  fit: z.enum(['crop', 'letterbox']).default('crop'),
  /** Composited under transparent pixels and used for letterbox padding. */
  background: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'background must be a colour like #000000')
    .default('#000000'),
  /** Keep at most this many images of each class (the first ones in ImageFolder order). */
  limitPerClass: z.int().positive().optional()
})
export type DatasetOptions = z.infer<typeof DatasetOptionsSchema>

/** What crosses a process boundary before defaults are filled in (see `resolveDatasetOptions`). */
export const PartialDatasetOptionsSchema = DatasetOptionsSchema.partial()
export type PartialDatasetOptions = z.infer<typeof PartialDatasetOptionsSchema>

export function defaultResolution(source: DatasetSource): Resolution {
  const native28 = source.kind === 'idx' || (source.kind === 'builtin' && source.name !== 'shapes')
  return native28 ? 28 : 32
}

/** Fills in the defaults, which depend on the source (IDX sets are 28×28 natively). */
export function resolveDatasetOptions(
  source: DatasetSource,
  partial: PartialDatasetOptions = {}
): DatasetOptions {
  const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined))
  return DatasetOptionsSchema.parse({ resolution: defaultResolution(source), ...defined })
}

/** A file left out, and why: `reason` in English (CLI, logs), `code`/`params` for the UI to word. */
export const SkippedFileSchema = z.object({
  path: z.string(),
  reason: z.string(),
  code: z.string().optional(),
  params: ErrorParamsSchema.optional()
})
export type SkippedFile = z.infer<typeof SkippedFileSchema>

/** A warning in code form (errorCodes.ts) beside its English `message`, for the UI to word. */
export const DatasetNoteSchema = z.object({
  message: z.string(),
  code: z.string().optional(),
  params: ErrorParamsSchema.optional()
})
export type DatasetNote = z.infer<typeof DatasetNoteSchema>

export const DatasetClassSummarySchema = z.object({
  name: z.string(),
  count: z.int().nonnegative(),
  /** A few decoded images of the class as PNG bytes, at the dataset's resolution. */
  thumbnails: z.array(z.instanceof(Uint8Array))
})
export type DatasetClassSummary = z.infer<typeof DatasetClassSummarySchema>

export const DatasetSummarySchema = z.object({
  source: ReportedDatasetSourceSchema,
  name: z.string(),
  classes: z.array(DatasetClassSummarySchema),
  count: z.int().nonnegative(),
  resolution: ResolutionSchema,
  channels: z.union([z.literal(1), z.literal(3)]),
  /** False for a folder of images with no class subfolders: one class, no labels to condition on. */
  labeled: z.boolean(),
  skipped: z.array(SkippedFileSchema),
  /** Things that do not stop training but deserve a look (e.g. a class with one image). */
  warnings: z.array(z.string()),
  /** `warnings` in code form, one for one (the UI words these; the CLI prints `warnings`). */
  notes: z.array(DatasetNoteSchema).optional(),
  fromCache: z.boolean(),
  cacheKey: z.string().optional(),
  /** Files decoded by this open (0 when everything came from the cache). */
  decodedFiles: z.int().nonnegative()
})
export type DatasetSummary = z.infer<typeof DatasetSummarySchema>

export const DatasetProgressSchema = z.object({
  done: z.int().nonnegative(),
  total: z.int().nonnegative(),
  phase: z.enum(['scan', 'decode', 'cache'])
})
export type DatasetProgress = z.infer<typeof DatasetProgressSchema>

/** Where a BatchStream stands; stored in checkpoints so a resumed run sees the same data order. */
export const BatchStreamStateSchema = z.object({
  version: z.literal(1),
  seed: z.int(),
  /** Dataset size the order was drawn for; a different size cannot continue the same order. */
  count: z.int().nonnegative(),
  batchSize: z.int().positive(),
  dropLast: z.boolean(),
  epoch: z.int().nonnegative(),
  /** Index into this epoch's permutation of the next image to hand out. */
  position: z.int().nonnegative(),
  globalStep: z.int().nonnegative()
})
export type BatchStreamState = z.infer<typeof BatchStreamStateSchema>
