import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Conditioning, ModelName } from '../../../shared/train'
import type { CheckpointManifest } from './checkpointManifest'
import { removeCheckpoint } from './checkpointPrune'
import { stepOfDirName, stepOfSampleName } from './runLayout'
import type { DcganSpec } from '../models/dcgan'
import { fullSpec } from '../models/fullSpec'

/** What a resumed run must share with its checkpoint. */
export interface ResumeTarget {
  /** The model the run would build (defaults as fullSpec fills them). */
  spec: DcganSpec
  /** Whether the run keeps an EMA of G (default false). */
  ema?: boolean
  dataset: { name: string; count: number; classNames: string[] }
}

/** The architecture settings (TrainConfig keys) a checkpoint's weights are tied to. */
interface Architecture {
  model: ModelName
  conditioning: Conditioning | 'none'
  spectralNorm: boolean
  ema: boolean
}

/**
 * The checkpoint's architecture from the config its manifest records: a config saved before
 * these settings existed trained with their defaults (dcgan, planes, no spectral norm, no EMA).
 */
function savedArchitecture(manifest: CheckpointManifest): Architecture {
  const c = manifest.config
  return effective(manifest.numClasses, {
    model: c.model === 'resnet' ? 'resnet' : 'dcgan',
    conditioning: c.conditioning === 'projection' ? 'projection' : 'planes',
    spectralNorm: c.spectralNorm === true,
    ema: c.ema === true
  })
}

/** How D really sees the label: not at all when unconditional; the resnet D always projects. */
function effective(numClasses: number, a: Architecture): Architecture {
  const conditioning =
    numClasses === 0 ? 'none' : a.model === 'resnet' ? 'projection' : a.conditioning
  return { ...a, conditioning }
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
  const saved = savedArchitecture(manifest)
  const full = fullSpec(spec)
  const now = effective(spec.numClasses, {
    model: full.architecture,
    conditioning: full.conditioning,
    spectralNorm: full.spectralNorm,
    ema: target.ema ?? false
  })
  // Named by their TrainConfig keys, so a person knows which setting to put back.
  for (const key of ['model', 'conditioning', 'spectralNorm', 'ema'] as const) {
    if (saved[key] === now[key]) continue
    const why =
      key === 'ema'
        ? saved.ema
          ? 'the checkpoint keeps an EMA of G that this run would drop'
          : 'the checkpoint has no EMA of G to continue'
        : "the checkpoint's weights only fit the architecture they were trained with"
    out.push(
      `${key} (checkpoint: ${fmt(saved[key])}, now: ${fmt(now[key])}; ${why}: resume with ` +
        `${key} ${fmt(saved[key])}, or start a new run with ${key} ${fmt(now[key])})`
    )
  }
  differ('noise dimension', manifest.noiseDim, spec.noiseDim)
  differ('resolution', manifest.resolution, spec.resolution)
  differ('channels', manifest.channels, spec.channels)
  differ('model width', manifest.modelWidth, full.width)
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
