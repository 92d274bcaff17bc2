import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { MenuItemConstructorOptions } from 'electron'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { StudioEventSchema } from '../../../src/shared/events'
import {
  createDesktopHandlers,
  folderDialogOptions
} from '../../../src/main/desktop/desktopHandlers'
import {
  buildMenuTemplate,
  menuCommandEvent,
  README_URL,
  type MenuActions
} from '../../../src/main/desktop/menu'
import { FolderGrants } from '../../../src/main/desktop/pathPolicy'
import { DesktopLocale, systemLanguages } from '../../../src/main/desktop/locale'
import { isDocumentationLink, windowOptions } from '../../../src/main/desktop/secureWindow'
import { createTranslator } from '../../../src/shared/i18n/coreTranslator'
import type { Translate } from '../../../src/shared/i18n/translate'
import { systemLanguagesFromArgv } from '../../../src/shared/ipcChannels'

function actions(): MenuActions & Record<string, ReturnType<typeof vi.fn>> {
  return {
    openDatasetFolder: vi.fn(),
    openRunFolder: vi.fn(),
    exportTo: vi.fn(),
    restartEngine: vi.fn(),
    setTheme: vi.fn(),
    showAbout: vi.fn(),
    openReadme: vi.fn()
  }
}

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [
    item,
    ...(Array.isArray(item.submenu) ? items(item.submenu as MenuItemConstructorOptions[]) : [])
  ])
}

function byLabel(
  template: MenuItemConstructorOptions[],
  label: string
): MenuItemConstructorOptions {
  const item = items(template).find((i) => i.label === label)
  if (!item) throw new Error(`no menu item ${label}`)
  return item
}

const click = (item: MenuItemConstructorOptions): void =>
  (item.click as unknown as () => void | undefined)?.()

describe('application menu', () => {
  const base = { isMac: false, appName: 'GAN Studio', theme: 'system' as const }

  it('has File › Open dataset folder…, Open run folder…, Export… wired to their actions', () => {
    const a = actions()
    const template = buildMenuTemplate({ ...base, isDev: false, actions: a })
    click(byLabel(template, 'Open Dataset Folder…'))
    click(byLabel(template, 'Open Run Folder…'))
    click(byLabel(template, 'Export…'))
    click(byLabel(template, 'Restart Engine'))
    expect(a.openDatasetFolder).toHaveBeenCalledOnce()
    expect(a.openRunFolder).toHaveBeenCalledOnce()
    expect(a.exportTo).toHaveBeenCalledOnce()
    expect(a.restartEngine).toHaveBeenCalledOnce()
    expect(byLabel(template, 'Open Dataset Folder…').accelerator).toBe('CmdOrCtrl+O')
  })

  it('offers reload and developer tools only in development; zoom always', () => {
    const roles = (isDev: boolean) =>
      items(buildMenuTemplate({ ...base, isDev, actions: actions() })).map((i) => i.role)
    expect(roles(false)).not.toContain('reload')
    expect(roles(false)).not.toContain('toggleDevTools')
    expect(roles(true)).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']))
    expect(roles(false)).toEqual(expect.arrayContaining(['zoomIn', 'zoomOut', 'resetZoom']))
  })

  it('switches the appearance: follow the system, light or dark', () => {
    const a = actions()
    const template = buildMenuTemplate({ ...base, theme: 'dark', isDev: false, actions: a })
    expect(byLabel(template, 'Dark').checked).toBe(true)
    expect(byLabel(template, 'Follow System').checked).toBe(false)
    click(byLabel(template, 'Light'))
    expect(a.setTheme).toHaveBeenCalledWith('light')
  })

  it('has Help › About and the README link, which the documentation allow-list admits', () => {
    const a = actions()
    const template = buildMenuTemplate({ ...base, isDev: false, actions: a })
    click(byLabel(template, 'About GAN Studio'))
    click(byLabel(template, 'GAN Studio on the Web (README)'))
    expect(a.showAbout).toHaveBeenCalledOnce()
    expect(a.openReadme).toHaveBeenCalledOnce()
    expect(isDocumentationLink(README_URL)).toBe(true)
  })

  it('puts About and Quit in the app menu on macOS', () => {
    const template = buildMenuTemplate({ ...base, isMac: true, isDev: false, actions: actions() })
    expect(template[0]?.label).toBe('GAN Studio')
    expect(items(template).filter((i) => i.role === 'quit')).toHaveLength(1)
    expect(byLabel(template, 'About GAN Studio')).toBeTruthy()
  })

  it('tells the renderer about a folder chosen from the menu with a valid event', () => {
    const event = menuCommandEvent('open-dataset', '/home/ada/cats')
    expect(StudioEventSchema.parse(event)).toEqual({
      type: 'menu-command',
      command: 'open-dataset',
      path: '/home/ada/cats'
    })
  })
})

describe('the menus in the studio’s language', () => {
  const base = { isMac: false, isDev: false, appName: 'GAN Studio', theme: 'system' as const }
  const labels = (template: MenuItemConstructorOptions[]): string[] =>
    items(template)
      .map((i) => i.label)
      .filter((l): l is string => typeof l === 'string')

  it('built in zh-TW: Taiwan’s words, every item labelled (roles too), actions unchanged', () => {
    const a = actions()
    const template = buildMenuTemplate({ ...base, actions: a, t: createTranslator('zh-TW') })
    expect(template.map((m) => m.label)).toEqual(['檔案(&F)', '編輯(&E)', '檢視(&V)', '說明(&H)'])
    click(byLabel(template, '開啟資料集資料夾…'))
    expect(a.openDatasetFolder).toHaveBeenCalledOnce()
    click(byLabel(template, '深色'))
    expect(a.setTheme).toHaveBeenCalledWith('dark')
    expect(byLabel(template, '關於 GAN Studio')).toBeTruthy()
    expect(byLabel(template, '貼上').role).toBe('paste')
    expect(byLabel(template, '結束').role).toBe('quit')
    // No item is left to Electron's English label.
    const unlabelled = items(template).filter((i) => i.type !== 'separator' && !i.label)
    expect(unlabelled).toEqual([])
    // Traditional, not Simplified: none of the mainland forms.
    const text = labels(template).join(' ')
    for (const mainland of ['文件', '编辑', '视图', '帮助', '打开', '数据', '导出', '粘贴', '撤销'])
      expect(text).not.toContain(mainland)
  })

  it('built in zh-CN on macOS: the app, edit and window menus are labelled too', () => {
    const template = buildMenuTemplate({
      ...base,
      isMac: true,
      actions: actions(),
      t: createTranslator('zh-CN')
    })
    expect(template.map((m) => m.label)).toEqual([
      'GAN Studio',
      '文件(&F)',
      '编辑(&E)',
      '视图(&V)',
      '窗口(&W)',
      '帮助(&H)'
    ])
    expect(byLabel(template, '退出 GAN Studio').role).toBe('quit')
    expect(byLabel(template, '粘贴并匹配样式').role).toBe('pasteAndMatchStyle')
    expect(items(template).filter((i) => i.type !== 'separator' && !i.label)).toEqual([])
  })

  it('is rebuilt when the user switches language, and not when nothing changed', () => {
    const built: string[][] = []
    const rebuild = (t: Translate): void => {
      built.push(buildMenuTemplate({ ...base, actions: actions(), t }).map((m) => m.label!))
    }
    const locale = new DesktopLocale(['en-US'], rebuild)
    rebuild(locale.translate) // at start: the system's language
    expect(locale.follow('system')).toBe(false)
    expect(locale.follow('en')).toBe(false)
    expect(locale.follow('zh-TW')).toBe(true)
    expect(locale.locale).toBe('zh-TW')
    expect(locale.follow('zh-TW')).toBe(false)
    expect(locale.follow('zh-CN')).toBe(true)
    expect(locale.follow('system')).toBe(true)
    expect(built.map((b) => b[0])).toEqual(['&File', '檔案(&F)', '文件(&F)', '&File'])
  })

  it('starts in the system’s language: the OS list, then Chromium’s locale', () => {
    const app = {
      getLocale: () => 'en-US',
      getPreferredSystemLanguages: () => ['zh-Hant-TW', 'en-US']
    }
    expect(systemLanguages(app)).toEqual(['zh-Hant-TW', 'en-US'])
    expect(new DesktopLocale(systemLanguages(app)).locale).toBe('zh-TW')
    expect(systemLanguages({ getLocale: () => 'zh-CN' })).toEqual(['zh-CN'])
    const broken = {
      getLocale: () => 'zh-CN',
      getPreferredSystemLanguages: (): string[] => {
        throw new Error('unsupported')
      }
    }
    expect(new DesktopLocale(systemLanguages(broken)).locale).toBe('zh-CN')
  })

  it('hands the system’s languages to the page (its preload reads them from argv)', () => {
    const options = windowOptions({
      preload: '/app/preload.cjs',
      bounds: { width: 1280, height: 800 },
      dark: false,
      isDev: false,
      systemLanguages: ['zh-Hant-TW', 'en-US']
    })
    const argv = options.webPreferences?.additionalArguments ?? []
    expect(systemLanguagesFromArgv(argv)).toEqual(['zh-Hant-TW', 'en-US'])
  })

  it('opens its folder dialogs in the language chosen, read at each call', async () => {
    let t = createTranslator('en')
    const showOpenDialog = vi.fn(async () => ({ canceled: true, filePaths: [] }))
    const handlers = createDesktopHandlers({
      showOpenDialog,
      showItemInFolder: vi.fn(),
      restartEngine: vi.fn(),
      grants: new FolderGrants(['/data']),
      dataDir: '/data',
      translate: () => t
    })
    await handlers.chooseFolder('export')
    t = createTranslator('zh-TW')
    await handlers.chooseFolder('export')
    await handlers.chooseFolder('dataset')
    const titles = showOpenDialog.mock.calls.map((c) => (c as unknown as [{ title: string }])[0])
    expect(titles.map((o) => o.title)).toEqual([
      'Export to folder',
      '匯出到資料夾',
      '開啟資料集資料夾'
    ])
    expect(folderDialogOptions('dataset', '/d', createTranslator('zh-CN')).message).toBe(
      '一个图像文件夹，每个类别一个子文件夹。'
    )
  })
})

describe('desktop handlers', () => {
  let root: string
  beforeAll(() => {
    root = realpathSync(mkdtempSync(path.join(tmpdir(), 'gan-studio-dialogs-')))
    mkdirSync(path.join(root, 'pictures'))
  })
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  function setup(result: { canceled: boolean; filePaths: string[] }) {
    const grants = new FolderGrants([path.join(root, 'data')])
    const deps = {
      showOpenDialog: vi.fn(async () => result),
      showItemInFolder: vi.fn(),
      restartEngine: vi.fn(),
      grants,
      dataDir: path.join(root, 'data')
    }
    return { deps, grants, handlers: createDesktopHandlers(deps) }
  }

  it('chooseFolder opens a folder dialog and grants the chosen folder', async () => {
    const pictures = path.join(root, 'pictures')
    const { deps, grants, handlers } = setup({ canceled: false, filePaths: [pictures] })
    expect(grants.check(pictures).ok).toBe(false)
    await expect(handlers.chooseFolder('dataset')).resolves.toBe(pictures)
    expect(deps.showOpenDialog).toHaveBeenCalledWith(
      expect.objectContaining({ properties: ['openDirectory'], title: 'Open dataset folder' })
    )
    expect(grants.check(path.join(pictures, 'cats')).ok).toBe(true)
  })

  it('chooseFolder returns null when cancelled, granting nothing', async () => {
    const { grants, handlers } = setup({ canceled: true, filePaths: [] })
    await expect(handlers.chooseFolder('run')).resolves.toBeNull()
    expect(grants.granted).toHaveLength(1)
  })

  it('offers to create the export folder, and starts a run folder in the data folder', () => {
    expect(folderDialogOptions('export', '/d').properties).toEqual(
      expect.arrayContaining(['openDirectory', 'createDirectory'])
    )
    expect(folderDialogOptions('run', '/d').defaultPath).toBe(path.join('/d', 'runs'))
  })

  it('revealPath shows the item in the file manager; restartEngine restarts it', async () => {
    const { deps, handlers } = setup({ canceled: true, filePaths: [] })
    await expect(handlers.revealPath('/data/runs/r1')).resolves.toEqual({ ok: true })
    expect(deps.showItemInFolder).toHaveBeenCalledWith('/data/runs/r1')
    await expect(handlers.restartEngine()).resolves.toEqual({ ok: true })
    expect(deps.restartEngine).toHaveBeenCalledOnce()
  })
})
