import type { MenuItemConstructorOptions } from 'electron'
import type { StudioEvent } from '../../shared/events'
import { createTranslator } from '../../shared/i18n/coreTranslator'
import type { Translate } from '../../shared/i18n/translate'

/** The project's README, opened in the system browser from Help. */
export const README_URL = 'https://github.com/gan-studio/gan-studio#readme'

/** The only addresses the app opens in the system browser: the project's documentation. */
export const DOCUMENTATION_LINKS: readonly URL[] = [
  new URL('https://github.com/gan-studio/gan-studio'),
  new URL('https://js.tensorflow.org/api/latest')
]

export type ThemeSource = 'system' | 'light' | 'dark'
type Role = NonNullable<MenuItemConstructorOptions['role']>
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
  /** The menu's language (the `menu` messages); English when not given. */
  t?: Translate
}

/**
 * The application menu as a plain template (Electron builds it), every label from the `menu`
 * messages: rebuilt when the theme or the language changes. Role items carry labels too, as
 * Electron's own are English only.
 */
export function buildMenuTemplate(o: MenuOptions): MenuItemConstructorOptions[] {
  const { actions } = o
  const t = o.t ?? createTranslator('en')
  const app = { app: o.appName }
  const themeItem = (theme: ThemeSource, label: string): MenuItemConstructorOptions => ({
    label,
    type: 'radio',
    checked: o.theme === theme,
    click: () => actions.setTheme(theme)
  })
  const separator: MenuItemConstructorOptions = { type: 'separator' }
  /** Items Electron carries out by role, each labelled by the message `menu.<area>.<role>`. */
  const roleItems = (area: string, roles: (Role | '-')[]): MenuItemConstructorOptions[] =>
    roles.map((role) => (role === '-' ? separator : { role, label: t(`menu.${area}.${role}`) }))

  const file: MenuItemConstructorOptions = {
    label: t('menu.file.title'),
    submenu: [
      {
        label: t('menu.file.openDataset'),
        accelerator: 'CmdOrCtrl+O',
        click: () => actions.openDatasetFolder()
      },
      {
        label: t('menu.file.openRun'),
        accelerator: 'CmdOrCtrl+Shift+O',
        click: () => actions.openRunFolder()
      },
      { label: t('menu.file.export'), accelerator: 'CmdOrCtrl+E', click: () => actions.exportTo() },
      separator,
      { label: t('menu.file.restartEngine'), click: () => actions.restartEngine() },
      ...(o.isMac ? [] : [separator, { role: 'quit', label: t('menu.file.quit') } as const])
    ]
  }

  // The Edit menu carries copy and paste for text fields (on macOS they need it).
  const edit: MenuItemConstructorOptions = {
    label: t('menu.edit.title'),
    submenu: roleItems('edit', [
      'undo',
      'redo',
      '-',
      'cut',
      'copy',
      'paste',
      ...(o.isMac ? (['pasteAndMatchStyle'] as const) : []),
      'delete',
      '-',
      'selectAll'
    ])
  }

  const view: MenuItemConstructorOptions = {
    label: t('menu.view.title'),
    submenu: [
      ...roleItems('view', [
        ...(o.isDev ? (['reload', 'forceReload', 'toggleDevTools', '-'] as const) : []),
        'resetZoom',
        'zoomIn',
        'zoomOut',
        '-'
      ]),
      {
        label: t('menu.view.appearance'),
        submenu: [
          themeItem('system', t('menu.view.followSystem')),
          themeItem('light', t('menu.view.light')),
          themeItem('dark', t('menu.view.dark'))
        ]
      },
      separator,
      { role: 'togglefullscreen', label: t('menu.view.fullScreen') }
    ]
  }

  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: t('menu.help.title'),
    submenu: [
      { label: t('menu.help.readme'), click: () => actions.openReadme() },
      ...(o.isMac
        ? []
        : [separator, { label: t('menu.help.about', app), click: () => actions.showAbout() }])
    ]
  }

  const appMenu: MenuItemConstructorOptions[] = o.isMac
    ? [
        {
          label: o.appName,
          submenu: [
            { label: t('menu.app.about', app), click: () => actions.showAbout() },
            separator,
            { role: 'services', label: t('menu.app.services') },
            separator,
            { role: 'hide', label: t('menu.app.hide', app) },
            { role: 'hideOthers', label: t('menu.app.hideOthers') },
            { role: 'unhide', label: t('menu.app.showAll') },
            separator,
            { role: 'quit', label: t('menu.app.quit', app) }
          ]
        }
      ]
    : []

  const windowMenu: MenuItemConstructorOptions[] = o.isMac
    ? [
        {
          role: 'windowMenu',
          label: t('menu.window.title'),
          submenu: roleItems('window', ['minimize', 'zoom', '-', 'front', '-', 'close'])
        }
      ]
    : []

  return [...appMenu, file, edit, view, ...windowMenu, help]
}

/** Tells the renderer that a File menu command chose a folder (granted already). */
export function menuCommandEvent(command: MenuCommand, path: string): StudioEvent {
  return { type: 'menu-command', command, path }
}
