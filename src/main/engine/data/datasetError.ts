import type { SkippedFile } from '../../../shared/dataset'

export type DatasetErrorCode =
  | 'not-found'
  | 'not-a-folder'
  | 'empty-folder'
  | 'no-images'
  | 'unreadable'
  | 'missing-package'
  | 'bad-idx'
  | 'bad-state'
  | 'bad-options'
  | 'aborted'

/** A dataset problem a person can act on: `message` says what is wrong and what to do. */
export class DatasetError extends Error {
  override name = 'DatasetError'
  /** Files passed over on the way to this error (e.g. every image failed to decode). */
  readonly skipped: SkippedFile[]

  constructor(
    readonly code: DatasetErrorCode,
    message: string,
    options: { cause?: unknown; skipped?: SkippedFile[] } = {}
  ) {
    super(message, { cause: options.cause })
    this.skipped = options.skipped ?? []
  }
}

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
