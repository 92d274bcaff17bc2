import { describe, expect, it } from 'vitest'
import App from '@renderer/App.vue'
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
})
