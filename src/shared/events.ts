import { z } from 'zod'
import { ErrorParamsSchema } from './errorCodes'
import { LabFrameSchema } from './lab'
import { ReportedPathSchema } from './paths'
import { ProgressSchema, TrainingStateSchema } from './train'

/**
 * Why, in code form, beside an event's English `message` (kept for the CLI and logs): one of
 * ERROR_CODES (errorCodes.ts) and the values the message quotes. The UI words it itself.
 */
const reason = {
  code: z.string().optional(),
  params: ErrorParamsSchema.optional()
}

/** Everything the engine (or main) pushes to the renderer without being asked. */
export const StudioEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), progress: ProgressSchema }),
  z.object({
    type: z.literal('samples'),
    runId: z.string(),
    step: z.number().int(),
    /** PNG of the sample grid from fixed noise: one row per class. */
    png: z.instanceof(Uint8Array),
    rowLabels: z.array(z.string())
  }),
  z.object({
    type: z.literal('training-state'),
    runId: z.string().optional(),
    state: TrainingStateSchema,
    message: z.string().optional(),
    ...reason
  }),
  z.object({
    type: z.literal('checkpoint'),
    runId: z.string(),
    step: z.number().int()
  }),
  z.object({
    type: z.literal('dataset-progress'),
    phase: z.enum(['scan', 'decode', 'cache']),
    done: z.number().int(),
    total: z.number().int()
  }),
  z.object({
    type: z.literal('log'),
    level: z.enum(['info', 'warn', 'error']),
    message: z.string(),
    ...reason
  }),
  z.object({
    /** A generation advanced by a chunk; its images are fetched with `generatedImages` when it answers. */
    type: z.literal('generate-progress'),
    id: z.string(),
    done: z.number().int(),
    total: z.number().int()
  }),
  z.object({ type: z.literal('lab-frame'), frame: LabFrameSchema }),
  z.object({
    type: z.literal('lab-state'),
    state: z.enum(['idle', 'running', 'paused']),
    message: z.string().optional(),
    ...reason
  }),
  z.object({
    /** A File menu command chose a folder (already granted by main): the renderer opens it. */
    type: z.literal('menu-command'),
    command: z.enum(['open-dataset', 'open-run', 'export']),
    path: ReportedPathSchema
  }),
  z.object({
    /** The engine process itself: main reports a crash and a restart here. */
    type: z.literal('engine-state'),
    state: z.enum(['ready', 'crashed', 'restarting', 'disconnected']),
    message: z.string().optional(),
    ...reason,
    /** The last lines the engine printed before it died. */
    lastOutput: z.string().optional()
  })
])
export type StudioEvent = z.infer<typeof StudioEventSchema>
export type StudioEventType = StudioEvent['type']
