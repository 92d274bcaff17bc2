import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { vi, type Mock } from 'vitest'
import type { App, Component } from 'vue'
import { installStores } from '@renderer/stores/install'
import { i18n, setLocale } from '@renderer/i18n'
import type { StudioHandlers } from '../../../src/shared/api'
import { createFakeStudio, type FakeStudio } from './fakeStudio'
import { setStudio } from '../../helpers/studio'
import { installBlankCanvas } from './canvasContext'

export interface MountedView {
  wrapper: VueWrapper
  studio: FakeStudio
  /** Lets every pending engine reply and re-render settle. */
  settle(): Promise<void>
}

let mounted: VueWrapper | undefined

/** What src/renderer/src/main.ts installs on the app; a plugin added there is added here. */
const appPlugins = [i18n, { install: (app: App) => void installStores(app) }]

/**
 * Mounts a view as the app does (fresh stores, the app's plugins) against a fake engine
 * that serves `handlers` through the real contract. The previous view is unmounted (its
 * stores disposed) and the saved UI state cleared, so tests do not leak into each other.
 */
export async function mountView(
  view: Component,
  handlers: Partial<StudioHandlers> = {}
): Promise<MountedView> {
  try {
    mounted?.unmount()
  } catch {
    // A view whose render threw has failed its own test already; do not fail the next one.
  }
  installBlankCanvas()
  localStorage.clear()
  setLocale('en')
  // happy-dom has no blob URLs; the stores only need distinct strings.
  let n = 0
  globalThis.URL.createObjectURL = vi.fn(() => `blob:test/${++n}`) as Mock
  globalThis.URL.revokeObjectURL = vi.fn()
  const studio = createFakeStudio(handlers)
  setStudio(studio.api)
  const wrapper = mount(view, { global: { plugins: appPlugins }, attachTo: document.body })
  mounted = wrapper
  const settle = async (): Promise<void> => {
    // Replies cross the in-memory transport in microtasks, a hop each way.
    for (let i = 0; i < 5; i++) await flushPromises()
  }
  await settle()
  return { wrapper, studio, settle }
}
