import { existsSync } from 'node:fs'
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { atomicWrite } from '../fs/atomicWrite'

/**
 * One run on disk:
 *
 *   runs/<id>/config.json          what was trained, on what, where
 *   runs/<id>/metrics.jsonl        one progress record a line
 *   runs/<id>/samples/step-<n>.png the fixed-noise grid at step n
 *   runs/<id>/checkpoints/step-<n>/ G and D (TF.js layers format), optimiser state, manifest
 *
 * Every file is written whole and atomically (atomicWrite.ts), so a crash leaves the
 * previous version intact.
 */
export class RunFolder {
  private readonly metricLines: string[] = []
  private metricsWritten = 0

  private constructor(readonly dir: string) {}

  /** Creates the folder; refuses one that already holds a run, rather than mixing two. */
  static async create(dir: string): Promise<RunFolder> {
    if (existsSync(join(dir, 'config.json'))) {
      throw new Error(`${dir} already holds a run (it has a config.json). Choose a new run folder.`)
    }
    await mkdir(join(dir, 'samples'), { recursive: true })
    return new RunFolder(dir)
  }

  /**
   * Reopens a run to continue it from a checkpoint at `fromStep`: the metrics of the steps
   * after it (an abandoned future) are dropped at the next flush.
   */
  static async open(dir: string, fromStep: number): Promise<RunFolder> {
    if (!existsSync(join(dir, 'config.json'))) return RunFolder.create(dir)
    await mkdir(join(dir, 'samples'), { recursive: true })
    const folder = new RunFolder(dir)
    const text = await readFile(folder.metricsPath, 'utf8').catch(() => '')
    for (const line of text.split('\n')) {
      if (!line.trim()) continue
      try {
        const record = JSON.parse(line) as { step?: unknown }
        if (typeof record.step === 'number' && record.step <= fromStep)
          folder.metricLines.push(line)
      } catch {
        // A torn line cannot be, as metrics.jsonl is written whole; skip it if it is.
      }
    }
    // Rewritten at the next flush even if nothing is added.
    folder.metricsWritten = -1
    return folder
  }

  get checkpointsDir(): string {
    return join(this.dir, 'checkpoints')
  }

  get configPath(): string {
    return join(this.dir, 'config.json')
  }

  get metricsPath(): string {
    return join(this.dir, 'metrics.jsonl')
  }

  get samplesDir(): string {
    return join(this.dir, 'samples')
  }

  samplePath(step: number): string {
    return join(this.samplesDir, `step-${step}.png`)
  }

  /** Where the checkpoint of `step` goes (written by the checkpoint module). */
  checkpointDir(step: number): string {
    return join(this.checkpointsDir, `step-${step}`)
  }

  async writeConfig(record: unknown): Promise<void> {
    await atomicWrite(this.configPath, JSON.stringify(record, null, 2) + '\n')
  }

  async writeSample(step: number, png: Uint8Array): Promise<string> {
    const path = this.samplePath(step)
    await atomicWrite(path, png)
    return path
  }

  /** Queues one record; `flushMetrics` puts every queued record on disk. */
  addMetric(record: unknown): void {
    this.metricLines.push(JSON.stringify(record))
  }

  /**
   * Rewrites metrics.jsonl whole (atomic, unlike an append that a crash can tear), so the
   * caller flushes now and then rather than per record.
   */
  async flushMetrics(): Promise<void> {
    if (this.metricsWritten === this.metricLines.length) return
    const count = this.metricLines.length
    await atomicWrite(this.metricsPath, this.metricLines.join('\n') + '\n')
    this.metricsWritten = count
  }
}
