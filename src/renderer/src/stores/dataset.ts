import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref, shallowRef } from 'vue'
import type { DatasetOptions, DatasetSource, DatasetSummary } from '@shared/dataset'
import type { StudioEvent } from '@shared/events'
import { studio } from '../api/studio'
import { t } from '../i18n'
import { isObject, loadSaved, save } from '../lib/persist'
import { engineEvents, errorSlot, guardedCalls } from './engineCalls'
import { ObjectUrlSet } from './objectUrls'

export interface ClassView {
  name: string
  count: number
  thumbnails: string[]
}

/**
 * The built-in sets. Words come from the message files (`dataset.builtins.<key>`) when
 * the view renders; a proper name (Fashion-MNIST) stays as it is in every language.
 */
export const BUILTIN_SETS: {
  name: 'shapes' | 'fashion-mnist'
  key: string
  properName?: string
  /** Values the hint names (numbers are formatted for the language shown). */
  hintValues?: Record<string, string | number>
}[] = [
  { name: 'shapes', key: 'shapes' },
  {
    name: 'fashion-mnist',
    key: 'fashionMnist',
    properName: 'Fashion-MNIST',
    hintValues: { count: 70_000, pkg: 'dataset-fashion-mnist' }
  }
]

/** A built-in set's name in the language shown (call it at render time). */
export function builtinLabel(name: string): string | undefined {
  const set = BUILTIN_SETS.find((s) => s.name === name)
  return set && (set.properName ?? t(`dataset.builtins.${set.key}.label`))
}

/** The open dataset: its summary, thumbnails as object URLs, and the progress of opening it. */
export const useDatasetStore = defineStore('dataset', () => {
  const source = ref<DatasetSource>()
  const options = ref<Partial<DatasetOptions>>({})
  // Summaries carry PNG bytes: keep them out of deep reactivity.
  const summary = shallowRef<DatasetSummary>()
  const classes = shallowRef<ClassView[]>([])
  const loading = ref(false)
  const progress = ref<{ phase: string; done: number; total: number }>()
  const error = errorSlot()
  const urls = new ObjectUrlSet()
  onScopeDispose(() => urls.clear())

  const ready = computed(() => !!summary.value && !loading.value)

  const events = engineEvents((event: StudioEvent) => {
    if (event.type === 'dataset-progress' && loading.value) {
      progress.value = { phase: event.phase, done: event.done, total: event.total }
    }
  })
  const guarded = guardedCalls(error, loading)

  async function open(
    next: DatasetSource,
    nextOptions: Partial<DatasetOptions> = {}
  ): Promise<void> {
    events.listen()
    progress.value = undefined
    await guarded(async () => {
      try {
        const result = await studio().openDataset(next, nextOptions)
        urls.clear()
        summary.value = result
        classes.value = result.classes.map((c) => ({
          name: c.name,
          count: c.count,
          thumbnails: c.thumbnails.map((png) => urls.add(png))
        }))
        source.value = next
        options.value = nextOptions
        save('dataset', { source: next, options: nextOptions })
      } finally {
        progress.value = undefined
      }
    })
  }

  /** The native folder dialog (desktop); null in a browser, where the view offers a path field. */
  async function chooseFolder(): Promise<string | null> {
    try {
      return await studio().chooseFolder('dataset')
    } catch (err) {
      error.value = err
      return null
    }
  }

  /** Reopens the dataset that was open before a reload (once). */
  let restored = false
  async function restore(): Promise<void> {
    if (restored || source.value || loading.value) return
    restored = true
    const saved = loadSaved('dataset', isObject)
    if (saved && isObject(saved.source)) {
      await open(saved.source as DatasetSource, (saved.options ?? {}) as Partial<DatasetOptions>)
    }
  }

  async function pathOfDrop(file: File): Promise<string | null> {
    return studio().droppedPath(file)
  }

  return {
    source,
    options,
    summary,
    classes,
    loading,
    progress,
    error,
    ready,
    open,
    restore,
    chooseFolder,
    pathOfDrop
  }
})
