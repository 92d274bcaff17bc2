import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { loadSaved, save } from '../lib/persist'

export const VIEWS = ['dataset', 'train', 'runs', 'generate', 'lab'] as const
export type ViewName = (typeof VIEWS)[number]

const isView = (v: unknown): v is ViewName => VIEWS.includes(v as ViewName)

/** Which view is showing (kept across reloads); stores move the user along (e.g. "Open dataset…"). */
export const useNavigationStore = defineStore('navigation', () => {
  const current = ref<ViewName>(loadSaved('view', isView) ?? 'dataset')
  /** The sidebar folded to icons-width (narrow windows). */
  // Narrow windows start folded, unless the user chose otherwise before.
  const collapsed = ref(
    loadSaved('navCollapsed', (v): v is boolean => typeof v === 'boolean') ??
      (typeof window !== 'undefined' && window.innerWidth < 1000)
  )
  // Narrowing the window below 1000 px folds the sidebar; widening unfolds it.
  if (typeof window !== 'undefined' && window.matchMedia) {
    window
      .matchMedia('(max-width: 999px)')
      .addEventListener?.('change', (e) => (collapsed.value = e.matches))
  }
  watch(current, (v) => save('view', v))
  watch(collapsed, (v) => save('navCollapsed', v))
  const go = (view: ViewName): void => {
    current.value = view
  }
  return { current, collapsed, go }
})
