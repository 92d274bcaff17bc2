import type { StudioHandlers } from '../../../shared/api'
import { mapPaths } from '../../../shared/paths'
import { TrainConfigSchema } from '../../../shared/train'
import { readManifest } from '../runs/checkpoint'
import { resolveCheckpoint } from '../runs/runStore'
import { exportTorchJob } from './exportTorch'

export type TorchHandlers = Pick<StudioHandlers, 'exportTorch'>

/**
 * The engine's handler for the Checkpoints view's "Export to PyTorch". `confineRead` checks
 * the dataset path the checkpoint records (the export reads it), as arguments are checked.
 */
export function createTorchHandlers(
  runsDir: string,
  confineRead: (path: string, where: string) => string = (p) => p
): TorchHandlers {
  return {
    exportTorch: async (ref, dir, options) => {
      const checkpoint = await resolveCheckpoint(runsDir, ref)
      const { config } = await readManifest(checkpoint)
      mapPaths(TrainConfigSchema, config, 'exportTorch.checkpoint.config', (found) =>
        found.intent === 'report' ? found.value : confineRead(found.value, found.where)
      )
      const result = await exportTorchJob(checkpoint, dir, {
        dataReference: options?.dataReference ?? false
      })
      return { path: result.dir, step: result.step, images: result.images, command: result.command }
    }
  }
}
