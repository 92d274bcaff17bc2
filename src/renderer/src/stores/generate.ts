import { defineStore } from 'pinia'
import { reactive, ref, shallowRef } from 'vue'
import type { CheckpointRef, Generated } from '@shared/runs'
import { studio } from '../api/studio'
import { messageOf } from './errors'
import { ObjectUrlSet } from './objectUrls'

export interface GeneratedImage {
  url: string
  png: Uint8Array
  label: string
}

/** Generation from a checkpoint: by label, count, seed, truncation; or an interpolation strip. */
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
  const urls = new ObjectUrlSet()
  const stripUrls = new ObjectUrlSet()

  function use(ref: CheckpointRef, classNames: string[]): void {
    checkpoint.value = ref
    labels.value = classNames
    if (!classNames.includes(form.label)) form.label = classNames[0] ?? ''
  }

  function toImages(result: Generated, set: ObjectUrlSet): GeneratedImage[] {
    set.clear()
    return result.images.map((png, i) => ({
      png,
      url: set.add(png),
      label: result.labels[i] ?? ''
    }))
  }

  async function guarded(fn: () => Promise<void>): Promise<void> {
    if (!checkpoint.value) {
      error.value = 'Choose a checkpoint first (Checkpoints view, "Generate from").'
      return
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
    }
  }

  const label = () => (form.label === '' ? undefined : form.label)

  const generate = () =>
    guarded(async () => {
      const result = await studio().generate({
        checkpoint: checkpoint.value!,
        label: label(),
        count: form.count,
        seed: form.seed,
        truncation: form.truncation || undefined
      })
      images.value = toImages(result, urls)
      selected.value = new Set()
    })

  const interpolate = () =>
    guarded(async () => {
      const result = await studio().interpolate({
        checkpoint: checkpoint.value!,
        label: label(),
        seedA: form.seed,
        seedB: form.seedB,
        steps: form.steps
      })
      strip.value = toImages(result, stripUrls)
    })

  function toggle(i: number): void {
    const next = new Set(selected.value)
    if (next.has(i)) next.delete(i)
    else next.add(i)
    selected.value = next
  }

  /** Saves the selected images (or all) into a folder on the engine's machine. */
  const save = (dir: string) =>
    guarded(async () => {
      const chosen = selected.value.size
        ? images.value.filter((_, i) => selected.value.has(i))
        : images.value
      const prefix = (form.label || 'image').replace(/[^\w.-]+/g, '-')
      const { paths } = await studio().saveImages({
        dir,
        images: chosen.map((i) => i.png as Uint8Array<ArrayBuffer>),
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
    use,
    generate,
    interpolate,
    toggle,
    save,
    chooseFolder
  }
})
