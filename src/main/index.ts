/// <reference types="electron-vite/node" />
/**
 * Electron's main process: a thin coordinator. It owns the window, the menu, native
 * dialogs and the folder grants, and routes the contract's calls — to its own
 * handlers for desktop methods, to the engine's utility process for everything else.
 * Training never runs here.
 */
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeTheme,
  protocol,
  screen,
  session,
  shell,
  utilityProcess
} from 'electron'
import icon from '../../resources/icon.png?asset'
import { SettingsSchema, type Settings } from '../shared/info'
import {
  APP_INDEX_URL,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  appProtocolHandler
} from './desktop/appProtocol'
import { createDesktopHandlers, type FolderPurpose } from './desktop/desktopHandlers'
import { EngineProcess } from './desktop/engineProcess'
import { EventForwarder } from './desktop/eventForwarder'
import { registerStudioIpc } from './desktop/ipcHandlers'
import { STUDIO_EVENT_CHANNEL } from '../shared/ipcChannels'
import {
  buildMenuTemplate,
  menuCommandEvent,
  README_URL,
  type MenuCommand,
  type ThemeSource
} from './desktop/menu'
import { DesktopLocale, systemLanguages } from './desktop/locale'
import { FolderGrants } from './desktop/pathPolicy'
import {
  hardenSession,
  hardenWebContents,
  isAppUrl,
  isDocumentationLink,
  windowOptions,
  type AppPages
} from './desktop/secureWindow'
import {
  fitToDisplays,
  loadWindowState,
  saveWindowState,
  trackWindowState
} from './desktop/windowState'

const here = dirname(fileURLToPath(import.meta.url))
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL
const isDev = devServerUrl !== undefined
const pages: AppPages = { rendererDir: join(here, '../renderer'), devServerUrl }

// The CLI keeps its runs in <appData>/gan-studio (src/main/engine/dataDir.ts); so does the
// app, whatever its product name, so both see the same runs.
app.setPath('userData', join(app.getPath('appData'), 'gan-studio'))
app.enableSandbox()
// The pages come from app://studio/ (appProtocol.ts), never file://; the scheme's
// privileges must be declared before the app is ready.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES])

function openExternal(url: string): void {
  if (isDocumentationLink(url)) void shell.openExternal(url)
}

function startDesktop(): void {
  const dataDir = process.env.GAN_STUDIO_DATA || app.getPath('userData')
  const grants = new FolderGrants([dataDir])
  let win: BrowserWindow | undefined
  let theme: ThemeSource = 'system'
  // Menus and dialogs start in the system's language and follow the studio's switch (the
  // engine keeps the choice in its settings; main hears it when settings pass through).
  const languages = systemLanguages(app)
  const locale = new DesktopLocale(languages, () => setMenu())

  const forwarder = new EventForwarder({
    send(event) {
      if (win && !win.isDestroyed()) win.webContents.send(STUDIO_EVENT_CHANNEL, event)
    }
  })

  const engine = new EngineProcess({
    fork: (modulePath, args, options) => utilityProcess.fork(modulePath, args, options),
    modulePath: join(here, 'engineHost.js'),
    dataDir,
    onEvent(event) {
      forwarder.forward(event)
      if (event.type === 'engine-state' && event.state === 'ready') followSettings()
    },
    onOutput(line, stream) {
      if (stream === 'stderr') console.error(`[engine] ${line}`)
      else console.log(`[engine] ${line}`)
    }
  })

  const desktop = createDesktopHandlers({
    showOpenDialog: (options) =>
      win && !win.isDestroyed()
        ? dialog.showOpenDialog(win, options)
        : dialog.showOpenDialog(options),
    showItemInFolder: (path) => shell.showItemInFolder(path),
    grants,
    dataDir,
    restartEngine: () => engine.restart(),
    translate: () => locale.translate
  })

  const applyTheme = (next: ThemeSource): void => {
    theme = next
    nativeTheme.themeSource = next
    setMenu()
  }

  /** The theme and the language the settings name (each rebuilds the menu if it changed). */
  function applySettings(settings: Settings): void {
    if (settings.theme !== theme) applyTheme(settings.theme)
    locale.follow(settings.locale)
  }

  function followSettings(): void {
    engine
      .call('getSettings', [])
      .then((settings) => applySettings(SettingsSchema.parse(settings)))
      .catch(() => undefined)
  }

  const ipc = registerStudioIpc({
    ipc: ipcMain,
    engine,
    desktop,
    grants,
    isTrustedSender: (event) => !!event.senderFrame && isAppUrl(event.senderFrame.url, pages),
    onResult(method, value) {
      if (method === 'getSettings' || method === 'setSettings') {
        const settings = SettingsSchema.safeParse(value)
        if (settings.success) applySettings(settings.data)
      }
    }
  })

  const chooseFromMenu = async (purpose: FolderPurpose, command: MenuCommand): Promise<void> => {
    const chosen = await desktop.chooseFolder(purpose)
    if (chosen) forwarder.forward(menuCommandEvent(command, chosen))
  }

  function setMenu(): void {
    const template = buildMenuTemplate({
      isDev,
      isMac: process.platform === 'darwin',
      appName: 'GAN Studio',
      theme,
      t: locale.translate,
      actions: {
        openDatasetFolder: () => void chooseFromMenu('dataset', 'open-dataset'),
        openRunFolder: () => void chooseFromMenu('run', 'open-run'),
        exportTo: () => void chooseFromMenu('export', 'export'),
        restartEngine: () => engine.restart(),
        setTheme(next) {
          applyTheme(next)
          engine.call('setSettings', [{ theme: next }]).catch(() => undefined)
        },
        showAbout() {
          const t = locale.translate
          const options = {
            type: 'info' as const,
            title: t('menu.about.title', { app: 'GAN Studio' }),
            message: `GAN Studio ${app.getVersion()}`,
            detail:
              `${t('menu.about.detail')}\n\n` +
              `Electron ${process.versions.electron} · Chromium ${process.versions.chrome} · ` +
              `Node ${process.versions.node}\n${t('menu.about.dataFolder', { path: dataDir })}`,
            buttons: [t('menu.about.ok')]
          }
          void (win && !win.isDestroyed()
            ? dialog.showMessageBox(win, options)
            : dialog.showMessageBox(options))
        },
        openReadme: () => openExternal(README_URL)
      }
    })
    Menu.setApplicationMenu(Menu.buildFromTemplate(template))
  }

  function createWindow(): void {
    const stateFile = join(app.getPath('userData'), 'window-state.json')
    const state = fitToDisplays(
      loadWindowState(stateFile),
      screen.getAllDisplays().map((d) => d.workArea)
    )
    const { x, y, width, height } = state
    const window = new BrowserWindow(
      windowOptions({
        preload: join(here, '../preload/index.cjs'),
        bounds: { x, y, width, height },
        dark: nativeTheme.shouldUseDarkColors,
        isDev,
        icon: process.platform === 'linux' ? icon : undefined,
        systemLanguages: languages
      })
    )
    win = window
    if (state.maximized) window.maximize()
    if (state.fullScreen) window.setFullScreen(true)
    const stopTracking = trackWindowState(window, (s) => saveWindowState(stateFile, s))
    window.once('ready-to-show', () => window.show())
    // A page that (re)loads after the engine reported its state still learns it.
    window.webContents.on('did-finish-load', () => forwarder.replayEngineState())
    window.on('closed', () => {
      stopTracking()
      if (win === window) win = undefined
    })
    if (devServerUrl) void window.loadURL(devServerUrl)
    else void window.loadURL(APP_INDEX_URL)
  }

  protocol.handle(
    APP_SCHEME,
    appProtocolHandler(pages.rendererDir, (path) => readFile(path))
  )
  hardenSession(session.defaultSession, pages)
  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(contents, pages, openExternal)
  )
  app.on('second-instance', () => {
    if (!win) return createWindow()
    if (win.isMinimized()) win.restore()
    win.focus()
  })
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow()
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', () => {
    ipc.dispose()
    forwarder.dispose()
    engine.dispose()
  })

  engine.start()
  setMenu()
  createWindow()
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app
    .whenReady()
    .then(startDesktop)
    .catch((err: unknown) => {
      const t = new DesktopLocale(systemLanguages(app)).translate
      dialog.showErrorBox(
        t('menu.startup.failed', { app: 'GAN Studio' }),
        `${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n\n${t('menu.startup.report')}`
      )
      app.quit()
    })
}
