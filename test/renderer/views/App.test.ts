import { describe, expect, it, vi } from 'vitest'
import App from '@renderer/App.vue'
import type { Settings, SettingsPatch } from '@shared/info'
import { VIEWS } from '@renderer/stores/navigation'
import { StudioError } from '@shared/rpc'
import { BROWSER_INFO } from './fakeStudio'
import { datasetSummary } from './fixtures'
import { mountView } from './mountView'

const headings: Record<(typeof VIEWS)[number], string> = {
  dataset: 'Dataset',
  train: 'Train',
  runs: 'Runs',
  generate: 'Generate',
  lab: 'Lab'
}

describe('the studio shell', () => {
  it("names the engine's backend and state in the status bar", async () => {
    const { wrapper, studio } = await mountView(App)
    expect(studio.api.getInfo).toHaveBeenCalled()
    expect(wrapper.get('[data-testid="status-backend"]').text()).toBe('wasm')
    expect(wrapper.get('[data-testid="status-engine"]').text()).toBe('engine ready')
    expect(wrapper.get('[role="status"]').text()).toContain(BROWSER_INFO.backendReason)
    expect(wrapper.get('[role="status"]').text()).toContain('browser · v0.1.0')
    expect(wrapper.find('[data-testid="engine-problem"]').exists()).toBe(false)
  })

  it('opens on the Dataset view and moves between the five views', async () => {
    const { wrapper, settle } = await mountView(App, {
      labReset: async () => {
        throw new StudioError('not needed here')
      }
    })
    for (const view of VIEWS) {
      expect(wrapper.get(`nav [data-testid="nav-${view}"]`).text()).toContain(headings[view])
    }
    expect(wrapper.get('main h1').text()).toBe('Dataset')
    for (const view of [...VIEWS.slice(1), 'dataset' as const]) {
      await wrapper.get(`[data-testid="nav-${view}"]`).trigger('click')
      await settle()
      expect(wrapper.get('main h1').text()).toBe(headings[view])
      expect(wrapper.get(`[data-testid="nav-${view}"]`).attributes('aria-current')).toBe('page')
      expect(wrapper.findAll('[aria-current="page"]')).toHaveLength(1)
    }
  })

  it('says when the engine cannot be reached, and why', async () => {
    const { wrapper } = await mountView(App, {
      getInfo: async () => {
        throw new StudioError('The engine did not answer: is gan-studio serve running?')
      }
    })
    expect(wrapper.get('[data-testid="status-engine"]').text()).toBe('disconnected')
    const problem = wrapper.get('[data-testid="engine-problem"]')
    expect(problem.text()).toContain('The engine is not reachable.')
    expect(problem.text()).toContain('The engine did not answer: is gan-studio serve running?')
    // A browser cannot restart the engine: it says what to do instead.
    expect(problem.text()).toContain('Start gan-studio serve again, then reload this page.')
  })

  it("offers to restart a crashed engine in the desktop app, with the engine's last words", async () => {
    const { wrapper, studio, settle } = await mountView(App, {
      getInfo: async () => ({ ...BROWSER_INFO, shell: 'desktop' }),
      restartEngine: async () => ({ ok: true })
    })
    studio.emit({
      type: 'engine-state',
      state: 'crashed',
      message: 'The engine process exited with code 134.',
      lastOutput: 'Fatal: out of memory'
    })
    await settle()
    const problem = wrapper.get('[data-testid="engine-problem"]')
    expect(problem.text()).toContain('The engine process exited with code 134.')
    expect(problem.get('pre').text()).toBe('Fatal: out of memory')
    await wrapper.get('[data-testid="engine-restart"]').trigger('click')
    await settle()
    expect(studio.api.restartEngine).toHaveBeenCalledWith()
    expect(wrapper.get('[data-testid="status-engine"]').text()).toBe('engine restarting…')
  })

  it("opens the folder chosen in the desktop menu's File › Open", async () => {
    const { wrapper, studio, settle } = await mountView(App, {
      openDataset: async (source) =>
        datasetSummary({ source, name: 'flowers', classes: [], count: 0 })
    })
    await wrapper.get('[data-testid="nav-runs"]').trigger('click')
    await settle()
    expect(wrapper.get('main h1').text()).toBe('Runs')
    studio.emit({ type: 'menu-command', command: 'open-dataset', path: '/home/me/flowers' })
    await settle()
    expect(studio.api.openDataset.mock.calls[0]![0]).toEqual({
      kind: 'folder',
      path: '/home/me/flowers'
    })
    expect(wrapper.get('main h1').text()).toBe('Dataset')
    expect(wrapper.get('[data-testid="dataset-summary"] h2').text()).toBe('flowers')
  })

  describe('the language switch', () => {
    /** An engine keeping settings as the real one does (in memory here). */
    function settingsEngine(saved: Partial<Settings> = {}) {
      let settings: Settings = { backend: 'auto', theme: 'system', locale: 'system', ...saved }
      return {
        getSettings: vi.fn(async () => settings),
        setSettings: vi.fn(async (patch: SettingsPatch) => (settings = { ...settings, ...patch }))
      }
    }

    it('changes every text of the shell at once, without a remount, and the engine keeps it', async () => {
      const engine = settingsEngine()
      const { wrapper, settle } = await mountView(App, engine)
      const nav = wrapper.get('nav').element
      const select = wrapper.get<HTMLSelectElement>('select[data-testid="locale-switch"]')
      expect([...select.element.options].map((o) => o.value)).toEqual([
        'system',
        'en',
        'zh-CN',
        'zh-TW'
      ])
      expect([...select.element.options].slice(1).map((o) => o.text.trim())).toEqual([
        'English',
        '简体中文',
        '繁體中文'
      ])
      // The engine's setting (System) and happy-dom's languages (English).
      expect(select.element.value).toBe('system')
      expect(select.element.options[0]!.text.trim()).toBe('System (English)')
      expect(document.documentElement.lang).toBe('en')
      expect(wrapper.get('[data-testid="nav-train"]').text()).toContain('Train')

      await select.setValue('zh-TW')
      await settle()
      expect(wrapper.get('nav').element).toBe(nav) // re-rendered in place, not remounted
      expect(document.documentElement.lang).toBe('zh-TW')
      expect(wrapper.get('[data-testid="nav-train"]').text()).toContain('訓練')
      expect(wrapper.get('[data-testid="nav-runs"]').attributes('title')).toBe(
        '訓練執行：所有訓練執行：曲線、樣本、比較、檢查點'
      )
      expect(wrapper.get('[data-testid="status-engine"]').text()).toBe('引擎就緒')
      expect(wrapper.get('[data-testid="status-backend-wrap"]').text()).toBe('後端 wasm')
      expect(wrapper.get('[role="status"]').text()).toContain('瀏覽器 · 版本 0.1.0')
      expect(wrapper.get('[data-testid="nav-collapse"]').attributes('aria-label')).toBe(
        '收合側邊欄'
      )
      expect(engine.setSettings).toHaveBeenLastCalledWith({ locale: 'zh-TW' })
      expect(localStorage.getItem('gan-studio.locale')).toBe('"zh-TW"')

      await select.setValue('zh-CN')
      await settle()
      expect(wrapper.get('[data-testid="nav-train"]').text()).toContain('训练')
      expect(wrapper.get('[data-testid="status-engine"]').text()).toBe('引擎就绪')
      expect(document.documentElement.lang).toBe('zh-CN')

      expect(select.element.options[0]!.text.trim()).toBe('跟随系统（English）')

      // "System" follows the browser's languages (happy-dom's are English).
      await select.setValue('system')
      await settle()
      expect(engine.setSettings).toHaveBeenLastCalledWith({ locale: 'system' })
      expect(document.documentElement.lang).toBe('en')
      expect(wrapper.get('[data-testid="status-engine"]').text()).toBe('engine ready')
      expect(wrapper.get('nav').element).toBe(nav)
    })

    it('takes the choice the engine remembers (another port, the desktop app) over the page’s copy', async () => {
      const { wrapper } = await mountView(App, settingsEngine({ locale: 'zh-TW' }))
      expect(document.documentElement.lang).toBe('zh-TW')
      expect(wrapper.get<HTMLSelectElement>('[data-testid="locale-switch"]').element.value).toBe(
        'zh-TW'
      )
      expect(wrapper.get('[data-testid="nav-dataset"]').text()).toContain('資料集')
      expect(localStorage.getItem('gan-studio.locale')).toBe('"zh-TW"')
    })

    it("follows the desktop's system languages when set to System, and names the one it gives", async () => {
      const { wrapper, studio, settle } = await mountView(App, settingsEngine())
      // The desktop preload passes Electron's languages beside the contract.
      Object.assign(studio.api, { systemLanguages: ['zh-Hant-HK', 'en-US'] })
      try {
        const select = wrapper.get<HTMLSelectElement>('[data-testid="locale-switch"]')
        await select.setValue('system')
        await settle()
        expect(document.documentElement.lang).toBe('zh-TW')
        expect(select.element.options[0]!.text.trim()).toBe('跟隨系統（繁體中文）')
        expect(wrapper.get('[data-testid="nav-lab"]').text()).toContain('實驗室')
      } finally {
        Object.assign(studio.api, { systemLanguages: undefined })
      }
    })

    it("says why this backend in the reader's language, the engine's own words in the tooltip", async () => {
      const info = {
        ...BROWSER_INFO,
        backendReason:
          'WebAssembly with SIMD and XNNPACK (tfjs-node not installed; webgpu failed to load)',
        attempts: [
          {
            backend: 'tfjs-node-gpu',
            ok: false,
            outcome: 'not-installed',
            reason: '@tensorflow/tfjs-node-gpu is not installed'
          },
          { backend: 'webgpu', ok: false, outcome: 'failed', reason: 'webgpu failed: no adapter' },
          {
            backend: 'tfjs-node',
            ok: false,
            outcome: 'not-installed',
            reason: '@tensorflow/tfjs-node is not installed'
          },
          {
            backend: 'wasm',
            ok: true,
            outcome: 'chosen',
            reason: 'WebAssembly with SIMD and XNNPACK'
          }
        ]
      } satisfies typeof BROWSER_INFO
      const { wrapper, settle } = await mountView(App, {
        ...settingsEngine({ locale: 'zh-TW' }),
        getInfo: async () => info
      })
      const reason = (): string => wrapper.get('[role="status"] .reason').text()
      expect(reason()).toContain('tfjs-node-gpu')
      expect(reason()).toMatch(/tfjs-node-gpu.+tfjs-node 未安裝；webgpu 無法載入/)
      expect(wrapper.get('[role="status"] .reason').attributes('title')).toBe(info.backendReason)
      await wrapper.get('[data-testid="locale-switch"]').setValue('en')
      await settle()
      expect(reason()).toBe(info.backendReason)
    })

    it('keeps working, and remembers in the page, when the engine cannot save the choice', async () => {
      const { wrapper, settle } = await mountView(App)
      await wrapper.get('[data-testid="locale-switch"]').setValue('zh-CN')
      await settle()
      expect(wrapper.get('[data-testid="nav-generate"]').text()).toContain('生成')
      expect(localStorage.getItem('gan-studio.locale')).toBe('"zh-CN"')
    })
  })
})
