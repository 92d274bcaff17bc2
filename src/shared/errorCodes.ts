import { z } from 'zod'

/**
 * Every code an engine error (or an event's reason) may carry. The UI maps each to a
 * message in the user's language (messages/<locale>/errors.json, key `errors.codes.<camelCase
 * of the code>`), filled in with the error's `params`; the English `message` the engine
 * sends stays for the command line, logs and codes this list does not know yet.
 *
 * The params each code carries are listed beside it; the messages use exactly these names.
 */
export const ERROR_CODES = [
  // Calls and transports
  'invalid-argument', // field, reason
  'unavailable', // method
  'untrusted-sender',
  'disconnected',
  'closed',
  'malformed-reply',
  // The engine process and its workers
  'engine-crashed', // detail
  'worker-crashed', // detail
  'worker-missing', // path
  // Confinement (gan-studio serve) and the desktop's folder grants
  'path-refused', // where, path, allowed, resolved (outside the folders `serve` may use)
  'path-not-chosen', // where, path (desktop: not in a folder the user chose)
  'path-invalid', // where, reason
  'path-not-absolute', // path
  'path-unfollowable', // path
  // Datasets
  'not-found', // path
  'not-a-folder', // path
  'empty-folder', // path, example
  'no-images', // path, extensions
  'no-images-other-files', // path, extensions, count, example
  'no-readable-images', // path, count
  'no-idx-images', // path
  'dataset-empty',
  'unreadable', // path, reason
  'missing-package', // file, package
  'bad-idx', // file, reason
  'bad-state', // reason
  'stream-size-mismatch', // saved, count
  'bad-options', // reason
  'batch-too-large', // batchSize, count
  'aborted',
  // Dataset notes (DatasetSummary.notes): not errors, things worth a look
  'class-has-one-image', // name
  'class-folder-empty', // name
  'class-unreadable', // name
  'cache-rebuilt', // reason
  // Why a file was skipped (SkippedFile.code)
  'skip-not-image', // ext, extensions
  'skip-no-extension', // extensions
  'skip-loose-image',
  'skip-replaced',
  'skip-unreadable', // detail
  'skip-folder-unreadable', // detail
  'skip-too-large', // size, max
  'skip-changed', // listed, read
  'skip-undecodable', // detail
  // Runs and checkpoints
  'bad-run-id', // runId
  'run-not-found', // runId, dir
  'checkpoint-not-found', // runId, step, steps
  'no-sample', // runId, step
  'not-a-step', // step
  'checkpoint-corrupt', // path, problem
  'no-loadable-checkpoint', // runId
  'checkpoint-config-unusable', // path, reason
  'not-resumable', // path, differences
  'run-is-training', // runId
  'run-folder-taken', // path
  'file-exists', // path, files
  'checkpoint-save-failed', // step, reason
  'checkpoint-prune-failed', // reason
  'metrics-write-failed', // path, reason
  'disk-full', // path
  // Training
  'training-busy', // runId, state
  'not-running', // action
  'nan-loss-discriminator', // step, loss
  'nan-loss-generator', // step, loss
  'resolution-unsupported', // sizes, size
  'too-few-images', // name, count, batchSize
  'stopped-at-step', // step, total
  'training-failed', // detail
  // The Lab
  'lab-running',
  'lab-step-while-running',
  'no-session',
  'lab-diverged', // step, what
  'lab-worker-crashed', // detail
  // Generation
  'cancelled',
  'generation-running', // id
  'too-many-generations', // count
  'generation-not-found', // id, keep
  'generation-image-missing', // id, index, count, last
  'too-many-images', // total, max
  'unlabeled-model', // label
  'unknown-label', // label, labels
  'bad-prefix' // prefix
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

const CODES: ReadonlySet<string> = new Set(ERROR_CODES)

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && CODES.has(code)
}

/** The values an error's message quotes (a path, a count, a class name), by name. */
export const ErrorParamsSchema = z.record(z.string(), z.union([z.string(), z.number()]))
export type ErrorParams = z.infer<typeof ErrorParamsSchema>

/** A reason in code form, for events that say why (a run stopped, the engine crashed). */
export const ReasonSchema = z.object({
  code: z.string(),
  params: ErrorParamsSchema.optional()
})
export type Reason = z.infer<typeof ReasonSchema>

/** `invalid-argument` → `invalidArgument`: the code's key under `errors.codes`. */
export function errorCodeKey(code: string): string {
  return code.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase())
}

/** An error's code and params, if it has them (a StudioError, a DatasetError), for an event. */
export function reasonOf(err: unknown): { code?: string; params?: ErrorParams } {
  const { code, params } = (err ?? {}) as { code?: unknown; params?: unknown }
  if (typeof code !== 'string' || !isErrorCode(code)) return {}
  const checked = ErrorParamsSchema.safeParse(params)
  return checked.success ? { code, params: checked.data } : { code }
}
