import type { SkippedFile } from '../../../shared/dataset'
import type { ErrorCode, ErrorParams } from '../../../shared/errorCodes'

/** The dataset codes (of ERROR_CODES, src/shared/errorCodes.ts). */
export type DatasetErrorCode = Extract<
  ErrorCode,
  | 'not-found'
  | 'not-a-folder'
  | 'empty-folder'
  | 'no-images'
  | 'no-images-other-files'
  | 'no-readable-images'
  | 'no-idx-images'
  | 'dataset-empty'
  | 'unreadable'
  | 'missing-package'
  | 'bad-idx'
  | 'bad-state'
  | 'stream-size-mismatch'
  | 'bad-options'
  | 'batch-too-large'
  | 'aborted'
>

/**
 * A dataset problem a person can act on: `message` says what is wrong and what to do (in
 * English); `code` and `params` (the path, the count it quotes) let the UI say it in theirs.
 */
export class DatasetError extends Error {
  override name = 'DatasetError'
  /** Files passed over on the way to this error (e.g. every image failed to decode). */
  readonly skipped: SkippedFile[]
  readonly params?: ErrorParams

  constructor(
    readonly code: DatasetErrorCode,
    message: string,
    options: { cause?: unknown; skipped?: SkippedFile[]; params?: ErrorParams } = {}
  ) {
    super(message, { cause: options.cause })
    this.skipped = options.skipped ?? []
    if (options.params) this.params = options.params
  }
}

/** Stops an open that was cancelled (its caller no longer waits for it). */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DatasetError('aborted', 'Opening the dataset was cancelled.')
}

/** Node's errno codes in words, for messages a person reads. */
export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  switch (code) {
    case 'ENOENT':
      return 'it no longer exists (deleted or moved while the folder was being read)'
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'EISDIR':
      return 'it is a folder'
    case 'ELOOP':
      return 'too many levels of symbolic links'
    case 'EIO':
      return 'input/output error from the disk'
    default:
      return err instanceof Error ? err.message : String(err)
  }
}
