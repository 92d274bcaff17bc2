import { defineStore } from 'pinia'
import { computed, onScopeDispose, reactive, ref, shallowRef, watch } from 'vue'
import type { StudioEvent } from '@shared/events'
import { GENERATED_PAGE, type CheckpointRef, type Generated } from '@shared/runs'
import { studio } from '../api/studio'
import { i18n, t } from '../i18n'
import { downloadBlob, downloadUrl, safeName } from '../lib/download'
import { isObject, loadSaved, save as persist } from '../lib/persist'
import { makeZip } from '../lib/zip'
import { engineEvents, errorSlot, guardedCalls } from './engineCalls'
import { ObjectUrlSet } from './objectUrls'

export interface GeneratedImage {
  url: string
  label: string
  /** The PNG bytes, for the zip download (the page's CSP does not let it fetch blob: URLs). */
  png: Uint8Array
}

/**
 * Something the store has to say, kept as a key and its values: it becomes words only when
 * read, in the language shown then (a language switch re-words it).
 */
interface Said {
  key: string
  named?: Record<string, string | number>
  /** The count choosing a plural form. */
  plural?: number
}
/** The words of `said`, its numbers formatted for the language shown. */
function wordsOf(said: Said | undefined): string | undefined {
  if (!said) return undefined
  const named = Object.fromEntries(
    Object.entries(said.named ?? {}).map(([k, v]) => [
      k,
      typeof v === 'number' ? i18n.global.n(v) : v
    ])
  )
  return t(said.key, named, said.plural)
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
  const saved = loadSaved('checkpoint', isObject)
  const checkpoint = ref<CheckpointRef | undefined>(
    saved && typeof saved.runId === 'string'
      ? { runId: saved.runId, step: typeof saved.step === 'number' ? saved.step : undefined }
      : undefined
  )
  const labels = ref<string[]>(
    Array.isArray(saved?.labels)
      ? (saved.labels as unknown[]).filter((l) => typeof l === 'string')
      : []
  )
  const form = reactive({
    label: labels.value[0] ?? ('' as string),
    count: 16,
    seed: 0,
    truncation: undefined as number | undefined,
    /** The interpolation's own seeds: changing them never changes the main seed. */
    seedA: 0,
    seedB: 1,
    steps: 8
  })
  watch([checkpoint, labels], ([c, l]) => persist('checkpoint', c && { ...c, labels: l }), {
    deep: true
  })
  /** What the shown images were generated with, for their file names. */
  const made = ref<{ seed: number; label: string }>()
  const madeStrip = ref<{
    seedA: number
    seedB: number
    label: string
    id: string
    grid?: string
  }>()
  const images = shallowRef<GeneratedImage[]>([])
  const strip = shallowRef<GeneratedImage[]>([])
  const selected = ref(new Set<number>())
  const busy = ref(false)
  const error = errorSlot()
  const noticeSaid = ref<Said>()
  /** The last save or download, in words. */
  const notice = computed(() => wordsOf(noticeSaid.value))
  /** A step the user has to take first (no checkpoint, nothing generated yet), in words. */
  const problemSaid = ref<Said>()
  const problem = computed(() => wordsOf(problemSaid.value))
  /** The generation running now (its id, images done of total), for the progress bar and Cancel. */
  const running = ref<{ id: string; done: number; total: number }>()
  /** The generation whose images are shown: what Save writes. */
  const generationId = ref<string>()
  const urls = new ObjectUrlSet()
  const stripUrls = new ObjectUrlSet()
  onScopeDispose(() => {
    urls.clear()
    stripUrls.clear()
  })

  const events = engineEvents((event: StudioEvent) => {
    if (event.type === 'generate-progress' && running.value?.id === event.id) {
      running.value = { id: event.id, done: event.done, total: event.total }
    }
  })
  const guard = guardedCalls(error, busy)

  /** The picker's choices: loadable checkpoints of the chosen run, newest first. */
  const choices = shallowRef<{ step: number; labels: string[] }[]>([])
  async function loadChoices(runId: string): Promise<void> {
    try {
      const list = await studio().listCheckpoints(runId)
      choices.value = list
        .filter((c) => c.state === 'whole')
        .map((c) => ({ step: c.step, labels: c.labels }))
        .sort((a, b) => b.step - a.step)
    } catch (err) {
      choices.value = []
      error.value = err
    }
  }
  /** Picks a run in the picker: its latest checkpoint. */
  async function pickRun(runId: string): Promise<void> {
    problemSaid.value = undefined
    await loadChoices(runId)
    const latest = choices.value[0]
    if (latest) use({ runId, step: latest.step }, latest.labels)
    else
      problemSaid.value = { key: 'generate.problems.noLoadableCheckpoint', named: { run: runId } }
  }
  function pickStep(step: number): void {
    const c = choices.value.find((x) => x.step === step)
    if (c && checkpoint.value) use({ runId: checkpoint.value.runId, step }, c.labels)
  }

  function use(ref: CheckpointRef, classNames: string[]): void {
    checkpoint.value = ref
    labels.value = classNames
    if (!classNames.includes(form.label)) form.label = classNames[0] ?? ''
  }

  /** Runs an engine call, unless `missing` names a step the user has to take first. */
  async function guarded(
    fn: () => Promise<void>,
    missing?: () => string | undefined
  ): Promise<void> {
    problemSaid.value = undefined
    const first = checkpoint.value ? missing?.() : 'generate.problems.chooseCheckpoint'
    if (first) {
      error.value = undefined
      problemSaid.value = { key: first }
      return
    }
    events.listen()
    noticeSaid.value = undefined
    await guard(async () => {
      try {
        await fn()
      } finally {
        running.value = undefined
      }
    })
  }

  /** The answer's first page, then the rest of the generation page by page. */
  async function collect(result: Generated, set: ObjectUrlSet): Promise<GeneratedImage[]> {
    set.clear()
    const out: GeneratedImage[] = []
    const add = (pngs: Uint8Array[], start: number) =>
      pngs.forEach((png, i) =>
        out.push({ url: set.add(png), label: result.labels[start + i] ?? '', png })
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

  /**
   * Runs one generation the view can follow and cancel (`total` images), then collects its
   * images into `set`: `call` asks the engine, given the checkpoint, the label and the id.
   */
  async function produce(
    total: number,
    set: ObjectUrlSet,
    call: (common: { checkpoint: CheckpointRef; label?: string; id: string }) => Promise<Generated>
  ): Promise<{ result: Generated; collected: GeneratedImage[] }> {
    const id = newGenerationId()
    running.value = { id, done: 0, total }
    const result = await call({ checkpoint: checkpoint.value!, label: label(), id })
    return { result, collected: await collect(result, set) }
  }

  const generate = () =>
    guarded(async () => {
      const { count, seed } = form
      const { result, collected } = await produce(count, urls, (common) =>
        studio().generate({ ...common, count, seed, truncation: form.truncation || undefined })
      )
      images.value = collected
      generationId.value = result.id
      made.value = { seed, label: form.label }
      selected.value = new Set()
    })

  const interpolate = () =>
    guarded(async () => {
      const { seedA, seedB, steps } = form
      const { result, collected } = await produce(steps, stripUrls, (common) =>
        studio().interpolate({ ...common, seedA, seedB, steps })
      )
      strip.value = collected
      madeStrip.value = {
        seedA,
        seedB,
        label: form.label,
        id: result.id,
        grid: result.grid ? stripUrls.add(result.grid) : undefined
      }
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

  /** `<label>-seed<seed>`: with the index after it, a file name that says how to remake it. */
  const prefixOf = (label: string, seed: number) =>
    safeName(`${label || 'image'}-seed${seed}`, 'image').slice(0, 60)
  const chosen = () =>
    selected.value.size ? [...selected.value].sort((a, b) => a - b) : images.value.map((_, i) => i)

  /** Saves the selected images (or all) into a folder on the engine's machine, by reference. */
  const generateFirst = () =>
    generationId.value && made.value && images.value.length
      ? undefined
      : 'generate.problems.generateFirst'
  const save = (dir: string) =>
    guarded(async () => {
      if (!generationId.value || !made.value) return
      const indices = selected.value.size ? chosen() : undefined
      const { paths } = await studio().saveImages({
        generation: generationId.value,
        indices,
        dir,
        prefix: prefixOf(made.value.label, made.value.seed),
        numbering: 'index'
      })
      noticeSaid.value = {
        key: 'generate.notices.saved',
        named: { n: paths.length, dir },
        plural: paths.length
      }
    }, generateFirst)

  /** The selected images (or all) as one zip, downloaded by the browser. */
  const downloadZip = () =>
    guarded(async () => {
      if (!made.value) return
      const base = prefixOf(made.value.label, made.value.seed)
      const entries = []
      for (const i of chosen()) {
        const img = images.value[i]!
        const data = img.png
        // A generation of every class names each image by its own label.
        const name = made.value.label ? base : prefixOf(img.label, made.value.seed)
        entries.push({ name: `${name}-${i}.png`, data })
      }
      downloadBlob(new Blob([makeZip(entries)], { type: 'application/zip' }), `${base}.zip`)
      noticeSaid.value = {
        key: 'generate.notices.downloading',
        named: { n: entries.length, file: `${base}.zip` },
        plural: entries.length
      }
    }, generateFirst)

  /** The interpolation strip as one PNG (downloaded), or its images into a folder. */
  function downloadStrip(): void {
    const s = madeStrip.value
    if (!s?.grid) return
    downloadUrl(s.grid, `${safeName(`${s.label || 'image'}-seed${s.seedA}-to-${s.seedB}`)}.png`)
  }
  const saveStrip = (dir: string) =>
    guarded(
      async () => {
        const s = madeStrip.value
        if (!s) return
        const { paths } = await studio().saveImages({
          generation: s.id,
          dir,
          prefix: safeName(`${s.label || 'image'}-seed${s.seedA}-to-${s.seedB}`),
          numbering: 'index'
        })
        noticeSaid.value = {
          key: 'generate.notices.savedStrip',
          named: { n: paths.length, dir },
          plural: paths.length
        }
      },
      () => (madeStrip.value ? undefined : 'generate.problems.interpolateFirst')
    )

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
    problem,
    running,
    generationId,
    use,
    choices,
    loadChoices,
    pickRun,
    pickStep,
    generate,
    interpolate,
    cancel,
    toggle,
    save,
    downloadZip,
    downloadStrip,
    saveStrip,
    made,
    madeStrip,
    chooseFolder
  }
})
