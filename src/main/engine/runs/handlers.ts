import { join } from 'node:path'
import type { StudioHandlers } from '../../../shared/api'
import { clearGeneratorCache, generate, interpolate } from '../generate/generate'
import { saveImages } from '../generate/saveImages'
import { checkpointDirName } from './checkpoint'
import {
  deleteCheckpoint,
  deleteRun,
  exportGenerator,
  listCheckpoints,
  listRuns,
  runDirOf
} from './runStore'

export type RunsHandlers = Pick<
  StudioHandlers,
  | 'listRuns'
  | 'listCheckpoints'
  | 'deleteCheckpoint'
  | 'deleteRun'
  | 'exportGenerator'
  | 'generate'
  | 'interpolate'
  | 'saveImages'
>

/**
 * The engine's handlers for browsing runs and generating, over `runsDir` (resumeRun is the
 * training session's). `isTraining(runId)` guards deleting a run while it trains.
 */
export function createRunsHandlers(
  runsDir: string,
  isTraining: (runId: string) => boolean = () => false
): RunsHandlers {
  const refuseBusy = (runId: string, what: string) => {
    if (isTraining(runId)) {
      throw new Error(`Run "${runId}" is training; stop it before deleting ${what}.`)
    }
  }
  return {
    listRuns: () => listRuns(runsDir),
    listCheckpoints: (runId) => listCheckpoints(runsDir, runId),
    deleteCheckpoint: async (runId, step) => {
      refuseBusy(runId, 'its checkpoints')
      await deleteCheckpoint(runsDir, runId, step)
      clearGeneratorCache(join(runDirOf(runsDir, runId), 'checkpoints', checkpointDirName(step)))
      return { ok: true as const }
    },
    deleteRun: async (runId) => {
      refuseBusy(runId, 'it')
      const dir = runDirOf(runsDir, runId)
      await deleteRun(runsDir, runId)
      clearGeneratorCache(dir, { under: true })
      return { ok: true as const }
    },
    exportGenerator: (ref, destDir) => exportGenerator(runsDir, ref, destDir),
    generate: (request) => generate(runsDir, request),
    interpolate: (request) => interpolate(runsDir, request),
    saveImages: ({ dir, images, prefix }) => saveImages(dir, images, prefix)
  }
}
