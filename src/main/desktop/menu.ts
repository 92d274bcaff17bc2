import type { MenuItemConstructorOptions } from 'electron'
import type { StudioEvent } from '../../shared/events'

/** The project's README, opened in the system browser from Help. */
export const README_URL = 'https://github.com/gan-studio/gan-studio#readme'

/** The only addresses the app opens in the system browser: the project's documentation. */
export const DOCUMENTATION_LINKS: readonly URL[] = [
  new URL('https://github.com/gan-studio/gan-studio'),
  new URL('https://js.tensorflow.org/api/latest')
]

export type ThemeSource = 'system' | 'light' | 'dark'
export type MenuCommand = 'open-dataset' | 'open-run' | 'export'

export interface MenuActions {
  openDatasetFolder(): void
  openRunFolder(): void
  exportTo(): void
  restartEngine(): void
  setTheme(theme: ThemeSource): void
  showAbout(): void
  openReadme(): void
}

export interface MenuOptions {
  isDev: boolean
  isMac: boolean
  appName: string
  theme: ThemeSource
  actions: MenuActions
}

/** The application menu as a plain template (Electron builds it); rebuilt when the theme changes. */
export function buildMenuTemplate(o: MenuOptions): MenuItemConstructorOptions[] {
  const { actions } = o
  const themeItem = (theme: ThemeSource, label: string): MenuItemConstructorOptions => ({
    label,
    type: 'radio',
    checked: o.theme === theme,
    click: () => actions.setTheme(theme)
  })

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      {
        label: 'Open Dataset Folder…',
        accelerator: 'CmdOrCtrl+O',
        click: () => actions.openDatasetFolder()
      },
      {
        label: 'Open Run Folder…',
        accelerator: 'CmdOrCtrl+Shift+O',
        click: () => actions.openRunFolder()
      },
      { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: () => actions.exportTo() },
      { type: 'separator' },
      { label: 'Restart Engine', click: () => actions.restartEngine() },
      ...(o.isMac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const])
    ]
  }

  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...(o.isDev
        ? [
            { role: 'reload' } as const,
            { role: 'forceReload' } as const,
            { role: 'toggleDevTools' } as const,
            { type: 'separator' } as const
          ]
        : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      {
        label: 'Appearance',
        submenu: [
          themeItem('system', 'Follow System'),
          themeItem('light', 'Light'),
          themeItem('dark', 'Dark')
        ]
      },
      { type: 'separator' },
      { role: 'togglefullscreen' }
    ]
  }

  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: '&Help',
    submenu: [
      { label: 'GAN Studio on the Web (README)', click: () => actions.openReadme() },
      ...(o.isMac
        ? []
        : [
            { type: 'separator' } as const,
            { label: 'About GAN Studio', click: () => actions.showAbout() }
          ])
    ]
  }

  const app: MenuItemConstructorOptions[] = o.isMac
    ? [
        {
          label: o.appName,
          submenu: [
            { label: `About ${o.appName}`, click: () => actions.showAbout() },
            { type: 'separator' },
            { role: 'services' },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            { role: 'quit' }
          ]
        }
      ]
    : []

  // The Edit menu carries copy and paste for text fields (on macOS they need it).
  const edit: MenuItemConstructorOptions = { role: 'editMenu' }
  const windowMenu: MenuItemConstructorOptions[] = o.isMac ? [{ role: 'windowMenu' }] : []

  return [...app, file, edit, view, ...windowMenu, help]
}

/** Tells the renderer that a File menu command chose a folder (granted already). */
export function menuCommandEvent(command: MenuCommand, path: string): StudioEvent {
  return { type: 'menu-command', command, path }
}
