// Many image files → decoded pixels, in parallel, with memory and the event loop in bounds.
import os from 'node:os'
import type { DatasetProgress, SkippedFile } from '../../../shared/dataset'
import { FileTooLarge, readWhole, readWholeSync } from '../fs/readWhole'
import { describeFsError, throwIfAborted } from './datasetError'
import {
  decodeWithoutSharp,
  decodeWithSharp,
  ImageDecodeError,
  type DecodedImage,
  type DecodeOptions
} from './decodeImage'
import { runPool, Slots } from './runPool'
import type { ScannedFile } from './scanFolder'

export type DecodeOutcome =
  | { from: 'decoded'; image: DecodedImage }
  /** `keep`: the failure is the file's content, worth remembering in the cache. */
  | ({ from: 'skipped'; reason: string; keep: boolean } & Pick<SkippedFile, 'code' | 'params'>)

/** Reads in flight: enough to hide file-system latency for many small files. */
const READ_LANES = 16
/** Files above this size are read and decoded a couple at a time, to bound memory. */
const LARGE_FILE_BYTES = 8 * 1024 * 1024
/** Files up to this size are read synchronously (see decodeFile). */
const SYNC_READ_BYTES = 256 * 1024
/**
 * Files above this size are skipped unread: with at most two large files in flight, reading
 * never holds more than twice this, whatever the folder holds.
 */
export const MAX_FILE_BYTES = 512 * 1024 * 1024
/** Longest stretch of synchronous work between two turns of the event loop. */
const PACE_MS = 15

/** Decodes `files` in parallel; one outcome per file, in order. */
export async function decodeFiles(
  files: ScannedFile[],
  decodeOptions: DecodeOptions,
  { onProgress, signal }: { onProgress?: (p: DatasetProgress) => void; signal?: AbortSignal }
): Promise<DecodeOutcome[]> {
  const outcomes: DecodeOutcome[] = new Array(files.length)
  const large = new Slots(2)
  // sharp runs on libuv's thread pool; more decodes in flight than threads only queue there.
  const sharpSlots = new Slots(Math.max(2, Math.min(os.availableParallelism(), 4)))
  const pacer = new Pacer(signal)
  const total = files.length
  const every = Math.max(1, Math.floor(total / 100))
  let done = 0
  onProgress?.({ phase: 'decode', done: 0, total })
  await runPool(files, READ_LANES, async (file, i) => {
    await pacer.pace()
    const work = () => decodeFile(file, decodeOptions, sharpSlots)
    outcomes[i] = file.size > LARGE_FILE_BYTES ? await large.use(work) : await work()
    done++
    if (done % every === 0 || done === total) onProgress?.({ phase: 'decode', done, total })
  })
  throwIfAborted(signal)
  return outcomes
}

async function decodeFile(
  file: ScannedFile,
  options: DecodeOptions,
  sharpSlots: Slots
): Promise<DecodeOutcome> {
  let buf: Buffer
  try {
    // Small files are read synchronously: a few microseconds each, against tens for the
    // thread-pool round trips of an asynchronous read. The Pacer keeps the event loop turning.
    buf =
      file.size <= SYNC_READ_BYTES
        ? readWholeSync(file.path, MAX_FILE_BYTES)
        : await readWhole(file.path, MAX_FILE_BYTES)
  } catch (err) {
    if (err instanceof FileTooLarge) {
      return {
        from: 'skipped',
        reason:
          `too large a file (${megabytes(err.size)}; the studio reads image files up to ` +
          `${megabytes(MAX_FILE_BYTES)}): scale it down or save it compressed`,
        keep: true,
        code: 'skip-too-large',
        params: { size: megabytes(err.size), max: megabytes(MAX_FILE_BYTES) }
      }
    }
    // Not kept in the cache: permissions get fixed and files come back.
    const detail = describeFsError(err)
    return {
      from: 'skipped',
      reason: `cannot read: ${detail}`,
      keep: false,
      code: 'skip-unreadable',
      params: { detail }
    }
  }
  if (buf.length !== file.size) {
    // Written to, or replaced, since the scan: what was read may be half a file.
    return {
      from: 'skipped',
      reason:
        `changed while the folder was being read (${file.size} bytes when listed, ` +
        `${buf.length} when read); open the folder again once it has finished copying`,
      keep: false,
      code: 'skip-changed',
      params: { listed: file.size, read: buf.length }
    }
  }
  try {
    const image =
      decodeWithoutSharp(buf, options) ??
      (await sharpSlots.use(() => decodeWithSharp(buf, options)))
    return { from: 'decoded', image }
  } catch (err) {
    const undecodable = { code: 'skip-undecodable', params: { detail: String(err) } }
    if (err instanceof ImageDecodeError) {
      undecodable.params.detail = err.message
      return { from: 'skipped', reason: err.message, keep: true, ...undecodable }
    }
    return { from: 'skipped', reason: `cannot decode: ${String(err)}`, keep: false, ...undecodable }
  }
}

const megabytes = (bytes: number): string => `${Math.round(bytes / (1024 * 1024))} MB`

/**
 * Work that never waits on I/O runs as one long chain of microtasks and starves the event
 * loop (progress messages, the WebSocket bridge, abort). Every few milliseconds all lanes
 * park on one setImmediate so the loop can turn; then the abort signal is checked.
 */
class Pacer {
  private last = performance.now()
  private parked: Promise<void> | undefined

  constructor(private signal: AbortSignal | undefined) {}

  async pace(): Promise<void> {
    if (!this.parked && performance.now() - this.last > PACE_MS) {
      this.parked = new Promise((resolve) =>
        setImmediate(() => {
          this.parked = undefined
          this.last = performance.now()
          resolve()
        })
      )
    }
    if (this.parked) await this.parked
    throwIfAborted(this.signal)
  }
}
