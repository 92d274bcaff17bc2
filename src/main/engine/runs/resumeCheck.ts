import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { CheckpointManifest } from './checkpointManifest'
import { removeCheckpoint } from './checkpointPrune'
import { stepOfDirName, stepOfSampleName } from './runLayout'

/** What a resumed run must share with its checkpoint. */
export interface ResumeTarget {
  spec: {
    noiseDim: number
    resolution: number
    channels: number
    numClasses: number
    width?: number
  }
  dataset: { name: string; count: number; classNames: string[] }
}

/** Each way the run differs from the checkpoint in architecture or data (empty: resumable). */
export function checkResumable(manifest: CheckpointManifest, target: ResumeTarget): string[] {
  const out: string[] = []
  const { spec, dataset } = target
  const differ = (what: string, saved: unknown, now: unknown) => {
    if (JSON.stringify(saved) !== JSON.stringify(now)) {
      out.push(`${what} (checkpoint: ${fmt(saved)}, now: ${fmt(now)})`)
    }
  }
  differ('noise dimension', manifest.noiseDim, spec.noiseDim)
  differ('resolution', manifest.resolution, spec.resolution)
  differ('channels', manifest.channels, spec.channels)
  differ('model width', manifest.modelWidth, spec.width ?? 64)
  differ('number of classes conditioned on', manifest.numClasses, spec.numClasses)
  differ('class names', manifest.dataset.classNames, dataset.classNames)
  differ('dataset size in images', manifest.dataset.count, dataset.count)
  return out
}

function fmt(v: unknown): string {
  return Array.isArray(v) ? `[${v.join(', ')}]` : String(v)
}

/**
 * Deletes the checkpoints and sample grids of steps after `step`: on resuming from an
 * earlier checkpoint in the same run they describe a future the run is about to replace.
 */
export async function discardAfter(
  checkpointsDir: string,
  samplesDir: string,
  step: number
): Promise<void> {
  for (const name of await readdir(checkpointsDir).catch(() => [] as string[])) {
    const s = stepOfDirName(name)
    if (s !== undefined && s > step) await removeCheckpoint(join(checkpointsDir, name))
  }
  for (const name of await readdir(samplesDir).catch(() => [] as string[])) {
    const s = stepOfSampleName(name)
    if (s !== undefined && s > step) await rm(join(samplesDir, name), { force: true })
  }
}
