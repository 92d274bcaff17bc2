import { existsSync } from 'node:fs'
import { mkdir, open, readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { StudioError } from '../../../shared/rpc'
import { atomicWrite } from '../fs/atomicWrite'
import { isPartialSave, isTempFile, RunLayout } from './runLayout'

/**
 * One run on disk as training writes it (runLayout.ts names its files).
 *
 * config.json, samples and checkpoints are written whole and atomically (atomicWrite.ts), so
 * a crash leaves the previous version intact. metrics.jsonl is only ever appended to, so its
 * cost per record stays the same however long the run; a crash can at worst tear its last
 * line, which every reader ignores.
 */
export class RunFolder extends RunLayout {
  /** Records not yet appended to metrics.jsonl. */
  private pending: string[] = []
  /** Appended since the last fsync. */
  private unsynced = false

  private constructor(dir: string) {
    super(dir)
  }

  /** Creates the folder; refuses one that already holds a run, rather than mixing two. */
  static async create(dir: string): Promise<RunFolder> {
    const folder = new RunFolder(dir)
    if (existsSync(folder.configPath)) {
      throw new StudioError(
        `${dir} already holds a run (it has a config.json). Choose a new run folder.`,
        'run-folder-taken',
        { params: { path: dir } }
      )
    }
    await mkdir(folder.samplesDir, { recursive: true })
    await folder.removeLeftovers()
    return folder
  }

  /**
   * Reopens a run to continue it from a checkpoint at `fromStep`: metrics.jsonl is cut back
   * to the records up to that step (the steps after it are an abandoned future, and a torn
   * last line goes with them) and continues from there.
   */
  static async open(dir: string, fromStep: number): Promise<RunFolder> {
    const folder = new RunFolder(dir)
    if (!existsSync(folder.configPath)) return RunFolder.create(dir)
    await mkdir(folder.samplesDir, { recursive: true })
    await folder.removeLeftovers()
    await truncateMetricsAfter(folder.metricsPath, fromStep)
    return folder
  }

  async writeConfig(record: unknown): Promise<void> {
    await atomicWrite(this.configPath, JSON.stringify(record, null, 2) + '\n')
  }

  async writeSample(step: number, png: Uint8Array): Promise<string> {
    const path = this.samplePath(step)
    await atomicWrite(path, png)
    return path
  }

  /** Queues one record; `flushMetrics` appends every queued record. */
  addMetric(record: unknown): void {
    this.pending.push(JSON.stringify(record) + '\n')
  }

  /**
   * Appends the queued records to metrics.jsonl in one write. With `sync`, also fsyncs the
   * file, so they survive a power cut too (at every checkpoint and at the end of a run).
   * Returns how many records were appended.
   */
  async flushMetrics({ sync = false }: { sync?: boolean } = {}): Promise<number> {
    if (this.pending.length === 0 && !(sync && this.unsynced)) return 0
    const lines = this.pending
    this.pending = []
    let file
    let size = -1
    try {
      file = await open(this.metricsPath, 'a')
      if (lines.length > 0) {
        size = (await file.stat()).size
        await file.writeFile(lines.join(''))
        this.unsynced = true
      }
      if (sync) {
        await file.sync()
        this.unsynced = false
      }
    } catch (err) {
      // Not appended: cut what part of it was, and keep the records for the next flush.
      if (file && size >= 0) await file.truncate(size).catch(() => undefined)
      this.pending = [...lines, ...this.pending]
      throw err
    } finally {
      await file?.close()
    }
    return lines.length
  }

  /**
   * What a crash can leave behind: checkpoint saves that never got renamed into place
   * (`checkpoints/.step-<n>.<hex>.partial`) and atomicWrite's temporary files. Only a run
   * that is starting removes them; a run that trains is the only writer of its folder.
   */
  private async removeLeftovers(): Promise<void> {
    for (const [dir, leftover] of [
      [this.checkpointsDir, isPartialSave],
      [this.dir, isTempFile],
      [this.samplesDir, isTempFile]
    ] as const) {
      for (const name of await readdir(dir).catch(() => [] as string[])) {
        if (leftover(name)) await rm(join(dir, name), { recursive: true, force: true })
      }
    }
  }
}

/**
 * The records of a metrics.jsonl, in order: each whole line that parses as an object. A torn
 * or damaged line is left out (and, last, reported as `torn`).
 */
/** A run's config.json as written (runId, config, dataset…); null when missing or not a JSON object. */
export async function readConfigRecord(runDir: string): Promise<Record<string, unknown> | null> {
  try {
    const parsed = JSON.parse(await readFile(new RunLayout(runDir).configPath, 'utf8')) as unknown
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null
  } catch {
    return null
  }
}

export function parseMetrics(text: string): { records: Record<string, unknown>[]; torn: number } {
  const records: Record<string, unknown>[] = []
  let torn = 0
  for (const line of text.split('\n')) {
    if (!line.trim()) continue
    try {
      const record = JSON.parse(line) as unknown
      if (record && typeof record === 'object' && !Array.isArray(record)) {
        records.push(record as Record<string, unknown>)
      } else torn++
    } catch {
      torn++
    }
  }
  return { records, torn }
}

/**
 * Cuts metrics.jsonl before its first record of a step after `step`, or before a torn last
 * line (one with no newline: a crash mid-append), so appending continues after whole lines.
 */
async function truncateMetricsAfter(path: string, step: number): Promise<void> {
  let file
  try {
    file = await open(path, 'r+')
  } catch {
    return // no metrics yet
  }
  try {
    const bytes = await file.readFile()
    let keep = 0
    for (let start = 0; start < bytes.length;) {
      const newline = bytes.indexOf(0x0a, start)
      // A last line with no newline was torn by a crash mid-append.
      if (newline < 0) break
      const line = bytes.subarray(start, newline).toString('utf8')
      if (line.trim()) {
        let recordStep: unknown
        try {
          recordStep = (JSON.parse(line) as { step?: unknown }).step
        } catch {
          recordStep = undefined // a damaged whole line: readers skip it, so it may stay
        }
        if (typeof recordStep === 'number' && recordStep > step) break
      }
      keep = newline + 1
      start = newline + 1
    }
    if (keep < bytes.length) {
      await file.truncate(keep)
      await file.sync()
    }
  } finally {
    await file.close()
  }
}
