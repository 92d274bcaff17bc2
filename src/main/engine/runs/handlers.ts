import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { StudioHandlers } from '../../../shared/api'
import type { StudioEvent } from '../../../shared/events'
import { StudioError } from '../../../shared/rpc'
import { clearGeneratorCache, generate, interpolate } from '../generate/generate'
import { Generations } from '../generate/generations'
import { saveImages } from '../generate/saveImages'
import { FileExistsError, writeNewFile } from '../confine/writeNew'
import { RunLayout } from './runLayout'
import {
  deleteCheckpoint,
  deleteRun,
  exportGenerator,
  listCheckpoints,
  listRuns,
  readRunHistory,
  readRunSample,
  renameRun,
  runDirOf
} from './runStore'

export type RunsHandlers = Pick<
  StudioHandlers,
  | 'listRuns'
  | 'listCheckpoints'
  | 'deleteCheckpoint'
  | 'deleteRun'
  | 'renameRun'
  | 'getRunHistory'
  | 'getRunSample'
  | 'exportGenerator'
  | 'generate'
  | 'interpolate'
  | 'generatedImages'
  | 'cancelGenerate'
  | 'saveImages'
>

export interface RunsHandlersOptions {
  /** Guards deleting a run while it trains. */
  isTraining?: (runId: string) => boolean
  /** Where generation progress goes. */
  emit?: (event: StudioEvent) => void
  generations?: Generations
}

/**
 * The engine's handlers for browsing runs and generating, over `runsDir` (resumeRun is the
 * training session's). Generated images stay in the engine (`Generations`): the renderer
 * pages through them and saves them by id.
 */
export function createRunsHandlers(
  runsDir: string,
  options: RunsHandlersOptions = {}
): RunsHandlers {
  const isTraining = options.isTraining ?? (() => false)
  const generations = options.generations ?? new Generations({ emit: options.emit })
  const refuseBusy = (runId: string, what: string) => {
    if (isTraining(runId)) {
      throw new StudioError(
        `Run "${runId}" is training; stop it before deleting ${what}.`,
        'run-is-training',
        { params: { runId } }
      )
    }
  }
  return {
    listRuns: () => listRuns(runsDir, isTraining),
    listCheckpoints: (runId) => listCheckpoints(runsDir, runId),
    deleteCheckpoint: async (runId, step) => {
      refuseBusy(runId, 'its checkpoints')
      await deleteCheckpoint(runsDir, runId, step)
      clearGeneratorCache(new RunLayout(runDirOf(runsDir, runId)).checkpointDir(step))
      return { ok: true as const }
    },
    deleteRun: async (runId) => {
      refuseBusy(runId, 'it')
      const dir = runDirOf(runsDir, runId)
      await deleteRun(runsDir, runId)
      clearGeneratorCache(dir, { under: true })
      return { ok: true as const }
    },
    renameRun: async (runId, name) => {
      await renameRun(runsDir, runId, name)
      return { ok: true as const }
    },
    getRunHistory: (runId) => readRunHistory(runsDir, runId),
    getRunSample: async (runId, step) => ({ png: await readRunSample(runsDir, runId, step) }),
    exportGenerator: (ref, destDir, opts) =>
      exportGenerator(runsDir, ref, destDir, { overwrite: opts?.overwrite ?? false }),
    generate: (request) =>
      generations.run(request.id, (control) => generate(runsDir, request, control)),
    interpolate: (request) =>
      generations.run(request.id, (control) => interpolate(runsDir, request, control)),
    generatedImages: async ({ id, start, count }) => generations.page(id, start, count),
    cancelGenerate: async (id) => generations.cancel(id),
    saveImages: async ({ generation, indices, dir, prefix, numbering }) => {
      const held = generations.get(generation)
      const chosen = indices ? [...new Set(indices)] : held.images.map((_, i) => i)
      const missing = chosen.find((i) => i >= held.images.length)
      if (missing !== undefined) {
        throw new StudioError(
          `Generation "${generation}" has no image ${missing}: it holds ${held.images.length} ` +
            `(0 to ${held.images.length - 1}).`,
          'generation-image-missing',
          {
            field: 'saveImages.args.0.indices',
            params: {
              id: generation,
              index: missing,
              count: held.images.length,
              last: held.images.length - 1
            }
          }
        )
      }
      if (numbering === 'index') {
        await mkdir(dir, { recursive: true })
        const paths: string[] = []
        for (const i of chosen) {
          const path = join(dir, `${prefix}-${i}.png`)
          try {
            await writeNewFile(path, held.images[i]!)
            paths.push(path)
          } catch (err) {
            if (!(err instanceof FileExistsError)) throw err
            // Never over a file: the taken name gets a number after it.
            paths.push(...(await saveImages(dir, [held.images[i]!], `${prefix}-${i}`)).paths)
          }
        }
        return { paths }
      }
      return saveImages(
        dir,
        chosen.map((i) => held.images[i]!),
        prefix
      )
    }
  }
}
