import type { StudioApi } from '../shared/api'

/** What the preload exposes: the renderer is typed against the contract, never against Electron. */
declare global {
  interface Window {
    studio: StudioApi
  }
}

export {}
