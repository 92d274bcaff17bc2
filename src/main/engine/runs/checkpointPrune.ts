import { existsSync } from 'node:fs'
import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import {
  CHECKPOINT_FILES,
  checkpointDirName,
  isPartialSave,
  stepOfDirName,
  stepsOf
} from './runLayout'

/** Step numbers of the complete checkpoints (those with a manifest) under `checkpointsDir`, ascending. */
export async function completeCheckpointSteps(checkpointsDir: string): Promise<number[]> {
  const names = await readdir(checkpointsDir).catch(() => [] as string[])
  return stepsOf(names, stepOfDirName).filter((step) =>
    existsSync(join(checkpointsDir, checkpointDirName(step), CHECKPOINT_FILES.manifest))
  )
}

/** Deletes one checkpoint folder; the manifest goes first, so a half-deleted one is no longer whole. */
export async function removeCheckpoint(dir: string): Promise<void> {
  await rm(join(dir, CHECKPOINT_FILES.manifest), { force: true })
  await rm(dir, { recursive: true, force: true })
}

/** Deletes all but the newest `keep` complete checkpoints, and any leftover partial saves. */
export async function pruneCheckpoints(checkpointsDir: string, keep: number): Promise<void> {
  const steps = await completeCheckpointSteps(checkpointsDir)
  for (const step of steps.slice(0, Math.max(0, steps.length - keep))) {
    await rm(join(checkpointsDir, checkpointDirName(step)), { recursive: true, force: true })
  }
  const names = await readdir(checkpointsDir).catch(() => [] as string[])
  for (const name of names) {
    if (isPartialSave(name)) await rm(join(checkpointsDir, name), { recursive: true, force: true })
  }
}
