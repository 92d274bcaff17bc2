import { join } from 'node:path'
import type { OpenDialogOptions, OpenDialogReturnValue } from 'electron'
import { createTranslator } from '../../shared/i18n/coreTranslator'
import type { Translate } from '../../shared/i18n/translate'
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
  /** The dialogs' language, read at each call (it follows the studio's switch); English if absent. */
  translate?(): Translate
}

export function folderDialogOptions(
  purpose: FolderPurpose,
  dataDir: string,
  t: Translate = createTranslator('en')
): OpenDialogOptions {
  switch (purpose) {
    case 'dataset':
      return {
        title: t('menu.dialogs.dataset.title'),
        buttonLabel: t('menu.dialogs.dataset.button'),
        message: t('menu.dialogs.dataset.message'),
        properties: ['openDirectory']
      }
    case 'run':
      return {
        title: t('menu.dialogs.run.title'),
        buttonLabel: t('menu.dialogs.run.button'),
        defaultPath: join(dataDir, 'runs'),
        properties: ['openDirectory']
      }
    case 'export':
      return {
        title: t('menu.dialogs.export.title'),
        buttonLabel: t('menu.dialogs.export.button'),
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
      const result = await deps.showOpenDialog(
        folderDialogOptions(purpose, deps.dataDir, deps.translate?.())
      )
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
