import { z } from 'zod'
import { DatasetOptionsSchema, DatasetSourceSchema, DatasetSummarySchema } from './dataset'
import { LAB_STEP_MAX, LabConfigSchema, LabFrameSchema } from './lab'
import { EngineInfoSchema, SettingsPatchSchema, SettingsSchema } from './info'
import { ReadPathSchema, ReportedPathSchema, WritePathSchema } from './paths'
import {
  CheckpointRefSchema,
  CheckpointSummarySchema,
  ExportOptionsSchema,
  GeneratedPageRequestSchema,
  GeneratedPageSchema,
  GeneratedSchema,
  GenerateRequestSchema,
  GenerationIdSchema,
  InterpolateRequestSchema,
  RunHistorySchema,
  RunIdSchema,
  RunNameSchema,
  RunSummarySchema,
  SaveImagesRequestSchema
} from './runs'
import { StudioTrainConfigSchema, TrainingStatusSchema } from './train'
import type { StudioEvent } from './events'

/**
 * The one contract. Each method names where it runs (`engine`: the engine process,
 * reached over IPC or the WebSocket bridge; `desktop`: Electron's main process, for
 * native dialogs) and the schemas of its arguments and result. Main's IPC handlers,
 * the preload, the engine host and the bridge are all generated from this table, and
 * every end validates what it receives against it.
 *
 * Every argument that names a file or folder is a `ReadPathSchema` or `WritePathSchema`
 * (./paths.ts): main's path policy and the engine's confinement find them from here.
 * Every number has a bound a 2-core laptop survives.
 */
function method<A extends z.ZodTuple, R extends z.ZodType>(
  runsIn: 'engine' | 'desktop',
  args: A,
  result: R
): { runsIn: 'engine' | 'desktop'; args: A; result: R } {
  return { runsIn, args, result }
}

const none = z.tuple([])
const ok = z.object({ ok: z.literal(true) })

export const studioMethods = {
  getInfo: method('engine', none, EngineInfoSchema),
  getSettings: method('engine', none, SettingsSchema),
  setSettings: method('engine', z.tuple([SettingsPatchSchema]), SettingsSchema),

  openDataset: method(
    'engine',
    z.tuple([DatasetSourceSchema, DatasetOptionsSchema.partial().optional()]),
    DatasetSummarySchema
  ),

  startTraining: method('engine', z.tuple([StudioTrainConfigSchema]), TrainingStatusSchema),
  pauseTraining: method('engine', none, TrainingStatusSchema),
  resumeTraining: method('engine', none, TrainingStatusSchema),
  stopTraining: method('engine', none, TrainingStatusSchema),
  getTrainingStatus: method('engine', none, TrainingStatusSchema),

  listRuns: method('engine', none, z.array(RunSummarySchema)),
  listCheckpoints: method('engine', z.tuple([RunIdSchema]), z.array(CheckpointSummarySchema)),
  deleteCheckpoint: method(
    'engine',
    z.tuple([RunIdSchema, z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)]),
    ok
  ),
  deleteRun: method('engine', z.tuple([RunIdSchema]), ok),
  /** Names a run (kept in its meta.json); an empty name clears it. */
  renameRun: method('engine', z.tuple([RunIdSchema, RunNameSchema]), ok),
  /** A run's curves from metrics.jsonl (averaged down for long runs) and its sample steps. */
  getRunHistory: method('engine', z.tuple([RunIdSchema]), RunHistorySchema),
  /** The sample grid a run wrote at a step (samples/step-<n>.png). */
  getRunSample: method(
    'engine',
    z.tuple([RunIdSchema, z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)]),
    z.object({ png: z.instanceof(Uint8Array) })
  ),
  /** Continues a run from a checkpoint (default: its latest), in the same run folder. */
  resumeRun: method('engine', z.tuple([CheckpointRefSchema]), TrainingStatusSchema),
  /**
   * Writes the generator as a folder plain `tf.loadLayersModel` loads, with a manifest.
   * Refuses a folder that already holds any of those files unless `overwrite` is set.
   */
  exportGenerator: method(
    'engine',
    z.tuple([CheckpointRefSchema, WritePathSchema, ExportOptionsSchema.optional()]),
    z.object({ path: ReportedPathSchema })
  ),
  /**
   * Writes a PyTorch job folder for a checkpoint (train.py for torchrun with DDP, the data as
   * an ImageFolder or a reference to the run's folder, weights and Adam state converted), in
   * which training continues from it; `gan-studio import-torch` brings it back. New or empty folder only.
   */
  exportTorch: method(
    'engine',
    z.tuple([
      CheckpointRefSchema,
      WritePathSchema,
      z.object({ dataReference: z.boolean().default(false) }).optional()
    ]),
    z.object({
      path: ReportedPathSchema,
      step: z.number().int().nonnegative(),
      images: z.number().int().nonnegative(),
      command: z.string()
    })
  ),
  /** Generates in chunks (`generate-progress` events); answers with the first page of images. */
  generate: method('engine', z.tuple([GenerateRequestSchema]), GeneratedSchema),
  interpolate: method('engine', z.tuple([InterpolateRequestSchema]), GeneratedSchema),
  /** More images of a generation the engine holds, a page at a time. */
  generatedImages: method('engine', z.tuple([GeneratedPageRequestSchema]), GeneratedPageSchema),
  /** Stops a generation in progress (its `generate` call fails with code `cancelled`). */
  cancelGenerate: method(
    'engine',
    z.tuple([GenerationIdSchema]),
    z.object({ cancelled: z.boolean() })
  ),
  /** Writes images of a generation the engine holds into a folder: `<prefix>-<n>.png`, never over a file. */
  saveImages: method(
    'engine',
    z.tuple([SaveImagesRequestSchema]),
    z.object({ paths: z.array(ReportedPathSchema) })
  ),

  /** The Lab: a fresh 1-D GAN experiment, returning its untrained frame. */
  labReset: method('engine', z.tuple([LabConfigSchema]), LabFrameSchema),
  /** Trains in the background, emitting `lab-frame` events; `lab-state` says when it pauses. */
  labRun: method(
    'engine',
    z.tuple([
      z.object({
        steps: z.number().int().min(1).max(1_000_000),
        frameEvery: z.number().int().min(1).max(100_000)
      })
    ]),
    z.object({ state: z.enum(['idle', 'running', 'paused']) })
  ),
  /** Step mode: this many G steps now (the Lab must be paused). */
  labStep: method(
    'engine',
    z.tuple([z.number().int().min(1).max(LAB_STEP_MAX, `at most ${LAB_STEP_MAX} steps at once`)]),
    LabFrameSchema
  ),
  labStop: method('engine', none, z.object({ state: z.enum(['idle', 'running', 'paused']) })),

  /** Native folder picker. Null when cancelled, and always in the browser (type a path there). */
  chooseFolder: method(
    'desktop',
    z.tuple([z.enum(['dataset', 'run', 'export'])]),
    ReportedPathSchema.nullable()
  ),
  /** Shows a path in the system's file manager (desktop only; a no-op in the browser). */
  revealPath: method('desktop', z.tuple([ReadPathSchema]), ok),
  /** Restarts a stopped or crashed engine process (desktop; in a browser, restart `gan-studio serve`). */
  restartEngine: method('desktop', none, ok)
}

export type StudioMethods = typeof studioMethods
export type StudioMethodName = keyof StudioMethods
export const STUDIO_METHOD_NAMES = Object.keys(studioMethods) as StudioMethodName[]

export type MethodArgs<K extends StudioMethodName> = z.input<StudioMethods[K]['args']>
export type MethodResult<K extends StudioMethodName> = z.output<StudioMethods[K]['result']>

/** What the renderer sees as `window.studio`: every method, and the event stream. */
export type StudioApi = {
  [K in StudioMethodName]: (...args: MethodArgs<K>) => Promise<MethodResult<K>>
} & {
  /** Subscribes to engine events; returns the unsubscribe function. */
  onEvent(listener: (event: StudioEvent) => void): () => void
  /**
   * The folder path of a dropped `File` (desktop: resolved by the preload and granted
   * to main as a user-chosen folder). Null in the browser, where dropped files have no path.
   */
  droppedPath(file: object): Promise<string | null>
}

/**
 * `window.studio` as a shell provides it: the contract and, from the desktop preload, the
 * system's preferred languages (Electron's app.getPreferredSystemLanguages(), then
 * app.getLocale()). A browser has no such member: navigator.languages says the same there.
 */
export type ShellStudioApi = StudioApi & { readonly systemLanguages?: readonly string[] }

/** The part of the API that some process serves: the methods, minus events and drops. */
export type StudioHandlers = {
  [K in StudioMethodName]: (...args: z.output<StudioMethods[K]['args']>) => Promise<MethodResult<K>>
}
