// The messages between the engine's serving thread and its training/Lab worker. Each end
// validates what it receives, never what it sends: the worker is another realm, and a bug
// on one side must surface as a clear error, not as a malformed value travelling on.
import { z } from 'zod'
import { studioMethods } from '../../../shared/api'
import { StudioEventSchema } from '../../../shared/events'
import { BackendNameSchema, type BackendName } from '../../../shared/info'
import { RpcErrorSchema } from '../../../shared/rpc'
import { CheckpointRefSchema } from '../../../shared/runs'
import { TrainConfigSchema, TrainingStatusSchema } from '../../../shared/train'
import { parseOrThrow } from '../../../shared/validation'

const ok = z.object({ ok: z.literal(true) })

/** TrainingSession's RunOptions: what the command line sets beside a run's config. */
export const RunOptionsSchema = z.object({
  /** `train --judge-steps`, as `score --judge-steps`. */
  judgeSteps: z.number().int().min(1).max(100_000).optional(),
  scoreEvery: TrainConfigSchema.shape.scoreEvery
})

/** TrainingSession's ResumePlan: a checkpoint prepareResume has opened and checked. */
const ResumePlanSchema = z.object({
  runId: z.string(),
  runDir: z.string(),
  checkpointDir: z.string(),
  config: TrainConfigSchema
})

/**
 * What the worker serves: the contract's training and Lab methods (same results), plus
 * `dispose`. A run's config is checked against TrainConfigSchema, not the studio's tighter
 * limits: those are the engine's to apply to a page's calls, and the command line's runs
 * (which may be bigger) train here too.
 */
export const workerMethods = {
  openDataset: studioMethods.openDataset,
  startTraining: {
    args: z.tuple([TrainConfigSchema, RunOptionsSchema.optional()]),
    result: studioMethods.startTraining.result
  },
  resumeRun: {
    // A ref, or a checkpoint the caller has opened (TrainingSession.resume): plan first, as
    // a ref's schema would take a plan and drop what makes it one.
    args: z.tuple([z.union([ResumePlanSchema, CheckpointRefSchema]), RunOptionsSchema.optional()]),
    result: studioMethods.resumeRun.result
  },
  stopTraining: studioMethods.stopTraining,
  labReset: studioMethods.labReset,
  labRun: studioMethods.labRun,
  labStep: studioMethods.labStep,
  labStop: studioMethods.labStop,
  /** Stops what runs and releases the models; the worker can then be terminated. */
  dispose: { args: z.tuple([]), result: ok }
}
export type WorkerMethodName = keyof typeof workerMethods
export const WORKER_METHOD_NAMES = Object.keys(workerMethods) as [
  WorkerMethodName,
  ...WorkerMethodName[]
]
export type WorkerArgs<M extends WorkerMethodName> = z.input<(typeof workerMethods)[M]['args']>
export type WorkerResult<M extends WorkerMethodName> = z.output<(typeof workerMethods)[M]['result']>

/** The Lab's calls: the worker runs them one after another, in the order they came. */
export const LAB_METHODS: readonly WorkerMethodName[] = ['labReset', 'labRun', 'labStep', 'labStop']

/** Which half of the engine a worker hosts: each gets its own thread. */
export const WorkerRoleSchema = z.enum(['training', 'lab'])
export type WorkerRole = z.infer<typeof WorkerRoleSchema>

/** `workerData`: what a worker needs before its first message. */
export const WorkerSetupSchema = z.object({
  role: WorkerRoleSchema,
  /** The backend the engine chose: the worker loads exactly this one, or fails to start. */
  backend: BackendNameSchema,
  runsDir: z.string().min(1),
  cacheDir: z.string().min(1),
  /** XNNPACK threads on wasm; default GAN_STUDIO_WASM_THREADS, else every core. */
  wasmThreads: z.number().int().min(1).optional()
})
export type WorkerSetup = z.infer<typeof WorkerSetupSchema>

export const ToWorkerSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('call'),
    id: z.number().int().nonnegative(),
    method: z.enum(WORKER_METHOD_NAMES),
    args: z.array(z.unknown())
  }),
  /**
   * Pause and resume take effect at the next step boundary and answer nothing: the serving
   * thread answers from the status it mirrors, so the caller never waits for a step.
   */
  z.object({ kind: z.literal('command'), command: z.enum(['pause', 'resume']) })
])
export type ToWorker = z.infer<typeof ToWorkerSchema>

export const FromWorkerSchema = z.discriminatedUnion('kind', [
  /** The worker's backend is up: the same one the engine chose, how it runs, on how many threads. */
  z.object({
    kind: z.literal('ready'),
    backend: BackendNameSchema,
    reason: z.string(),
    threads: z.number().int().min(1)
  }),
  z.object({ kind: z.literal('start-failed'), message: z.string() }),
  z.discriminatedUnion('ok', [
    z.object({
      kind: z.literal('result'),
      id: z.number().int().nonnegative(),
      ok: z.literal(true),
      value: z.unknown()
    }),
    z.object({
      kind: z.literal('result'),
      id: z.number().int().nonnegative(),
      ok: z.literal(false),
      error: RpcErrorSchema
    })
  ]),
  z.object({ kind: z.literal('event'), event: StudioEventSchema }),
  /** The session's full status, sent before each `training-state` event it goes with. */
  z.object({ kind: z.literal('status'), status: TrainingStatusSchema })
])
export type FromWorker = z.infer<typeof FromWorkerSchema>

export function parseToWorker(raw: unknown): ToWorker {
  return parseOrThrow(ToWorkerSchema, raw, 'message to the worker')
}

export function parseFromWorker(raw: unknown): FromWorker {
  return parseOrThrow(FromWorkerSchema, raw, 'message from the worker')
}

export function parseWorkerArgs<M extends WorkerMethodName>(method: M, args: unknown): unknown[] {
  return parseOrThrow(workerMethods[method].args, args, `${method}.args`) as unknown[]
}

export function parseWorkerResult<M extends WorkerMethodName>(
  method: M,
  value: unknown
): WorkerResult<M> {
  return parseOrThrow(workerMethods[method].result, value, `${method}.result`) as WorkerResult<M>
}

export type { BackendName }
