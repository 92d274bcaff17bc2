import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { BatchStreamStateSchema } from '../../../shared/dataset'
import { StudioError } from '../../../shared/rpc'
import { CheckpointHeadSchema } from '../../../shared/runs'
import type { DcganSpec } from '../models/dcgan'
import { fullSpec } from '../models/fullSpec'
import { CHECKPOINT_FILES } from './runLayout'

/** The manifest.json of a checkpoint (see runLayout.ts for the folder it describes). */

export const CHECKPOINT_VERSION = 1

const FileRecordSchema = z.object({ bytes: z.number().int().nonnegative(), sha256: z.string() })
export type FileRecord = z.infer<typeof FileRecordSchema>

export const CheckpointManifestSchema = CheckpointHeadSchema.extend({
  version: z.literal(CHECKPOINT_VERSION),
  resolution: z.number().int().positive(),
  channels: z.number().int().positive(),
  numClasses: z.number().int().nonnegative(),
  modelWidth: z.number().int().positive(),
  /** The TrainConfig the run trained with. */
  config: z.record(z.string(), z.unknown()),
  dataset: z.object({
    name: z.string(),
    count: z.number().int().nonnegative(),
    classNames: z.array(z.string())
  }),
  /** Where the data order stands (BatchStream.getState()). */
  stream: BatchStreamStateSchema,
  /** Every noise draw derives from (seed, step): this is the whole RNG state. */
  rng: z.object({ seed: z.number().int(), step: z.number().int().nonnegative() }),
  /**
   * Adaptive augmentation's probability p where the run left it (config.augment 'adaptive'),
   * so a resumed run goes on from it. Absent in checkpoints saved before it was kept.
   */
  augment: z.object({ p: z.number().min(0).max(1) }).optional(),
  /** Size and hash of every file, so a truncated or altered file is caught before loading. */
  files: z.record(z.string(), FileRecordSchema),
  thumbnail: z.string().optional()
})
export type CheckpointManifest = z.infer<typeof CheckpointManifestSchema>

/** What a manifest records of G's and D's architecture, from the spec they were built with. */
export function architectureOf(
  spec: DcganSpec
): Pick<CheckpointManifest, 'noiseDim' | 'resolution' | 'channels' | 'numClasses' | 'modelWidth'> {
  return {
    noiseDim: spec.noiseDim,
    resolution: spec.resolution,
    channels: spec.channels,
    numClasses: spec.numClasses,
    modelWidth: fullSpec(spec).width
  }
}

/** A checkpoint that will not load, coded for the UI (errorCodes.ts). */
function corrupt(message: string, path: string, problem: string): StudioError {
  return new StudioError(message, 'checkpoint-corrupt', { params: { path, problem } })
}

/** Reads and checks a checkpoint's manifest; throws with what is wrong. */
export async function readManifest(dir: string): Promise<CheckpointManifest> {
  const { manifest } = CHECKPOINT_FILES
  const path = join(dir, manifest)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    throw corrupt(
      `${dir} is not a complete checkpoint: it has no ${manifest}.`,
      dir,
      `no ${manifest}`
    )
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    throw corrupt(`${path} is not valid JSON.`, dir, `${manifest}: not valid JSON`)
  }
  const parsed = CheckpointManifestSchema.safeParse(raw)
  if (!parsed.success)
    throw corrupt(
      `${path} is not a checkpoint manifest: ${parsed.error.message}`,
      dir,
      parsed.error.message
    )
  return parsed.data
}
