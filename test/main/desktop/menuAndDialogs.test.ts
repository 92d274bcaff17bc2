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
import { isDocumentationLink } from '../../../src/main/desktop/secureWindow'

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
