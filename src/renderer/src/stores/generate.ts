import { defineStore } from 'pinia'
import { reactive, ref, shallowRef } from 'vue'
import type { StudioEvent } from '@shared/events'
import { GENERATED_PAGE, type CheckpointRef, type Generated } from '@shared/runs'
import { studio } from '../api/studio'
import { messageOf } from './errors'
import { ObjectUrlSet } from './objectUrls'

export interface GeneratedImage {
  url: string
  label: string
}

/** An id the engine files this generation under: lets the view follow and cancel it. */
function newGenerationId(): string {
  const random = globalThis.crypto?.randomUUID?.()
  return random ?? `gen-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
}

/**
 * Generation from a checkpoint: by label, count, seed, truncation; or an interpolation strip.
 * The engine keeps the images it generated: they arrive a page at a time, and saving names
 * them by generation id and index, so no image bytes go back to the engine.
 */
export const useGenerateStore = defineStore('generate', () => {
  const checkpoint = ref<CheckpointRef>()
  const labels = ref<string[]>([])
  const form = reactive({
    label: '' as string,
    count: 16,
    seed: 0,
    truncation: undefined as number | undefined,
    seedB: 1,
    steps: 8
  })
  const images = shallowRef<GeneratedImage[]>([])
  const strip = shallowRef<GeneratedImage[]>([])
  const selected = ref(new Set<number>())
  const busy = ref(false)
  const error = ref<string>()
  const notice = ref<string>()
  /** The generation running now (its id, images done of total), for the progress bar and Cancel. */
  const running = ref<{ id: string; done: number; total: number }>()
  /** The generation whose images are shown: what Save writes. */
  const generationId = ref<string>()
  const urls = new ObjectUrlSet()
  const stripUrls = new ObjectUrlSet()
  let listening = false

  function onEvent(event: StudioEvent): void {
    if (event.type === 'generate-progress' && running.value?.id === event.id) {
      running.value = { id: event.id, done: event.done, total: event.total }
    }
  }

  function use(ref: CheckpointRef, classNames: string[]): void {
    checkpoint.value = ref
    labels.value = classNames
    if (!classNames.includes(form.label)) form.label = classNames[0] ?? ''
  }

  async function guarded(fn: () => Promise<void>): Promise<void> {
    if (!checkpoint.value) {
      error.value = 'Choose a checkpoint first (Checkpoints view, "Generate from").'
      return
    }
    if (!listening) {
      studio().onEvent(onEvent)
      listening = true
    }
    busy.value = true
    error.value = undefined
    notice.value = undefined
    try {
      await fn()
    } catch (err) {
      error.value = messageOf(err)
    } finally {
      busy.value = false
      running.value = undefined
    }
  }

  /** The answer's first page, then the rest of the generation page by page. */
  async function collect(result: Generated, set: ObjectUrlSet): Promise<GeneratedImage[]> {
    set.clear()
    const out: GeneratedImage[] = []
    const add = (pngs: Uint8Array[], start: number) =>
      pngs.forEach((png, i) =>
        out.push({ url: set.add(png), label: result.labels[start + i] ?? '' })
      )
    add(result.images, 0)
    while (out.length < result.count) {
      const page = await studio().generatedImages({
        id: result.id,
        start: out.length,
        count: GENERATED_PAGE
      })
      if (page.images.length === 0) break
      add(page.images, out.length)
    }
    return out
  }

  const label = () => (form.label === '' ? undefined : form.label)

  const generate = () =>
    guarded(async () => {
      const id = newGenerationId()
      running.value = { id, done: 0, total: form.count }
      const result = await studio().generate({
        checkpoint: checkpoint.value!,
        label: label(),
        count: form.count,
        seed: form.seed,
        truncation: form.truncation || undefined,
        id
      })
      images.value = await collect(result, urls)
      generationId.value = result.id
      selected.value = new Set()
    })

  const interpolate = () =>
    guarded(async () => {
      const id = newGenerationId()
      running.value = { id, done: 0, total: form.steps }
      const result = await studio().interpolate({
        checkpoint: checkpoint.value!,
        label: label(),
        seedA: form.seed,
        seedB: form.seedB,
        steps: form.steps,
        id
      })
      strip.value = await collect(result, stripUrls)
    })

  /** Stops the generation in progress; its call then fails with "cancelled". */
  async function cancel(): Promise<void> {
    const id = running.value?.id
    if (id) await studio().cancelGenerate(id)
  }

  function toggle(i: number): void {
    const next = new Set(selected.value)
    if (next.has(i)) next.delete(i)
    else next.add(i)
    selected.value = next
  }

  /** Saves the selected images (or all) into a folder on the engine's machine, by reference. */
  const save = (dir: string) =>
    guarded(async () => {
      if (!generationId.value) throw new Error('Generate some images first.')
      const indices = selected.value.size ? [...selected.value].sort((a, b) => a - b) : undefined
      const prefix = (form.label || 'image').replace(/[^\w.-]+/g, '-').slice(0, 64)
      const { paths } = await studio().saveImages({
        generation: generationId.value,
        indices,
        dir,
        prefix
      })
      notice.value = `Saved ${paths.length} image${paths.length === 1 ? '' : 's'} to ${dir}.`
    })

  async function chooseFolder(): Promise<string | null> {
    return studio().chooseFolder('export')
  }

  return {
    checkpoint,
    labels,
    form,
    images,
    strip,
    selected,
    busy,
    error,
    notice,
    running,
    generationId,
    use,
    generate,
    interpolate,
    cancel,
    toggle,
    save,
    chooseFolder
  }
})
