import type { ShellStudioApi } from '../shared/api'

/** What the preload exposes: the renderer is typed against the contract, never against Electron. */
declare global {
  interface Window {
    studio: ShellStudioApi
  }
}

export {}
