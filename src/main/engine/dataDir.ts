import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * Where runs, caches and settings live when no one says otherwise: the same folder
 * Electron's `app.getPath('userData')` gives, so the CLI and the desktop app share runs.
 * `GAN_STUDIO_DATA` overrides it (tests, servers).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GAN_STUDIO_DATA) return env.GAN_STUDIO_DATA
  const home = homedir()
  switch (process.platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'gan-studio')
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'gan-studio')
    default:
      return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'gan-studio')
  }
}
