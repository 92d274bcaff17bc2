import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { StudioError } from '../../../shared/rpc'
import { readManifest, type CheckpointManifest } from './checkpointManifest'
import { CHECKPOINT_FILES } from './runLayout'
import { StatCache } from './statCache'

/**
 * Whether a checkpoint will load: every file its manifest names is there, of the recorded
 * size and SHA-256. Hashing is the slow part, so each checkpoint is hashed once and the answer
 * kept until one of its files changes (StatCache): listing, loading, exporting and resuming
 * all ask here, and only the first of them reads the bytes.
 */

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

const verified = new StatCache<string | undefined>()
const manifests = new StatCache<CheckpointManifest>()

/** The files whose change invalidates what is known about a checkpoint. */
function filesOf(dir: string, manifest: CheckpointManifest): string[] {
  return [CHECKPOINT_FILES.manifest, ...Object.keys(manifest.files)].map((n) => join(dir, n))
}

/**
 * Checks every file the manifest names: present, the recorded size, the recorded hash.
 * Returns what is wrong, or undefined when the checkpoint will load.
 */
export async function checkFiles(
  dir: string,
  manifest: CheckpointManifest
): Promise<string | undefined> {
  return verified.get(dir, filesOf(dir, manifest), () => hashFiles(dir, manifest))
}

async function hashFiles(dir: string, manifest: CheckpointManifest): Promise<string | undefined> {
  const problems: string[] = []
  for (const [name, record] of Object.entries(manifest.files)) {
    let data: Buffer
    try {
      data = await readFile(join(dir, name))
    } catch {
      problems.push(`${name} is missing`)
      continue
    }
    if (data.byteLength !== record.bytes) {
      problems.push(`${name} has ${data.byteLength} bytes, not ${record.bytes}`)
    } else if (sha256(data) !== record.sha256) {
      problems.push(`${name} is corrupt (its contents changed since it was saved)`)
    }
  }
  return problems.length > 0 ? problems.join('; ') : undefined
}

/** readManifest, parsed once while manifest.json stays the same. */
export function readManifestCached(dir: string): Promise<CheckpointManifest> {
  return manifests.get(dir, [join(dir, CHECKPOINT_FILES.manifest)], () => readManifest(dir))
}

/**
 * Why the checkpoint in `dir` (a `step-<n>` folder) will not load, or undefined when it will:
 * its manifest, that it is of this step, and its files.
 */
export async function checkpointProblem(
  dir: string,
  step: number
): Promise<{ manifest?: CheckpointManifest; problem?: string }> {
  let manifest: CheckpointManifest
  try {
    manifest = await readManifestCached(dir)
  } catch (err) {
    return { problem: err instanceof Error ? err.message : String(err) }
  }
  const problems: string[] = []
  if (manifest.step !== step) {
    problems.push(`its manifest is of step ${manifest.step}, not ${step} (a renamed folder?)`)
  }
  const files = await checkFiles(dir, manifest)
  if (files) problems.push(files)
  return { manifest, ...(problems.length > 0 ? { problem: problems.join('; ') } : {}) }
}

/** The manifest of a checkpoint that will load; throws saying why one will not. */
export async function openCheckpoint(dir: string): Promise<CheckpointManifest> {
  const manifest = await readManifestCached(dir)
  const problem = await checkFiles(dir, manifest)
  if (problem) {
    throw new StudioError(
      `The checkpoint at ${dir} will not load: ${problem}`,
      'checkpoint-corrupt',
      {
        params: { path: dir, problem }
      }
    )
  }
  return manifest
}
