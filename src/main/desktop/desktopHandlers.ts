import { join } from 'node:path'
import type { OpenDialogOptions, OpenDialogReturnValue } from 'electron'
import type { FolderGrants } from './pathPolicy'

/**
 * The methods of the contract that run in main (`runsIn: 'desktop'`): native dialogs
 * and the file manager. A folder chosen here is granted to the session.
 */

export type FolderPurpose = 'dataset' | 'run' | 'export'

export interface DesktopDeps {
  /** `dialog.showOpenDialog`, attached to the window when there is one. */
  showOpenDialog(options: OpenDialogOptions): Promise<OpenDialogReturnValue>
  showItemInFolder(path: string): void
  grants: FolderGrants
  dataDir: string
  restartEngine(): void
}

export function folderDialogOptions(purpose: FolderPurpose, dataDir: string): OpenDialogOptions {
  switch (purpose) {
    case 'dataset':
      return {
        title: 'Open dataset folder',
        buttonLabel: 'Open',
        message: 'A folder of images, one sub-folder per class.',
        properties: ['openDirectory']
      }
    case 'run':
      return {
        title: 'Open run folder',
        buttonLabel: 'Open',
        defaultPath: join(dataDir, 'runs'),
        properties: ['openDirectory']
      }
    case 'export':
      return {
        title: 'Export to folder',
        buttonLabel: 'Export here',
        properties: ['openDirectory', 'createDirectory', 'promptToCreate']
      }
  }
}

export function createDesktopHandlers(deps: DesktopDeps): {
  chooseFolder(purpose: FolderPurpose): Promise<string | null>
  revealPath(path: string): Promise<{ ok: true }>
  restartEngine(): Promise<{ ok: true }>
} {
  return {
    async chooseFolder(purpose) {
      const result = await deps.showOpenDialog(folderDialogOptions(purpose, deps.dataDir))
      const chosen = result.filePaths[0]
      if (result.canceled || !chosen) return null
      deps.grants.grant(chosen)
      return chosen
    },
    async revealPath(path) {
      deps.showItemInFolder(path)
      return { ok: true }
    },
    async restartEngine() {
      deps.restartEngine()
      return { ok: true }
    }
  }
}
