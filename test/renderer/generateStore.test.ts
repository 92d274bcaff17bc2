import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { setStudio } from '../helpers/studio'
import { useGenerateStore } from '@renderer/stores/generate'
import type { StudioApi } from '@shared/api'
import type { StudioEvent } from '@shared/events'
import { GENERATED_PAGE, type Generated, type GenerateRequest } from '@shared/runs'

const png = (n: number) => new Uint8Array([137, 80, 78, 71, n])

/** A fake engine holding one generation of `count` images, served a page at a time. */
function fakeStudio(count: number) {
  const listeners = new Set<(e: StudioEvent) => void>()
  const labels = Array.from({ length: count }, (_, i) => (i % 2 ? 'b' : 'a'))
  const all = Array.from({ length: count }, (_, i) => png(i))
  let requested: GenerateRequest | undefined
  const api = {
    onEvent: (l: (e: StudioEvent) => void) => {
      listeners.add(l)
      return () => listeners.delete(l)
    },
    generate: vi.fn(async (request: GenerateRequest): Promise<Generated> => {
      requested = request
      for (const l of listeners)
        l({ type: 'generate-progress', id: request.id!, done: count / 2, total: count })
      return { id: request.id!, count, labels, images: all.slice(0, GENERATED_PAGE) }
    }),
    generatedImages: vi.fn(async ({ start, count: n }: { start: number; count: number }) => ({
      images: all.slice(start, start + n),
      labels: labels.slice(start, start + n)
    })),
    saveImages: vi.fn(async ({ dir, indices }: { dir: string; indices?: number[] }) => ({
      paths: (indices ?? all.map((_, i) => i)).map((i) => `${dir}/image-${i}.png`)
    })),
    cancelGenerate: vi.fn(async () => ({ cancelled: true }))
  }
  setStudio(api as unknown as StudioApi)
  return { api, requested: () => requested }
}

describe('the generate store', () => {
  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
    let n = 0
    vi.stubGlobal('URL', {
      ...URL,
      createObjectURL: () => `blob:${n++}`,
      revokeObjectURL: () => undefined
    })
  })

  it('shows every image of a big generation, fetched a page at a time', async () => {
    const { api, requested } = fakeStudio(150)
    const gen = useGenerateStore()
    gen.use({ runId: 'r', step: 4 }, ['a', 'b'])
    gen.form.count = 150
    await gen.generate()
    expect(gen.error).toBeUndefined()
    expect(gen.images).toHaveLength(150)
    expect(gen.images[149]?.label).toBe('b')
    expect(api.generatedImages.mock.calls.map(([r]) => r.start)).toEqual([64, 128])
    // It named the generation, so it could follow and cancel it.
    expect(requested()?.id).toMatch(/\w{8}/)
    expect(gen.generationId).toBe(requested()?.id)
    expect(gen.running).toBeUndefined()
  })

  it('saves by reference: the generation id and the chosen indices, never image bytes', async () => {
    const { api } = fakeStudio(4)
    const gen = useGenerateStore()
    gen.use({ runId: 'r' }, ['a', 'b'])
    gen.form.seed = 7
    await gen.generate()
    // Changed after generating: the names still say the seed the images came from.
    gen.form.seed = 8
    gen.toggle(3)
    gen.toggle(1)
    await gen.save('/home/me/out')
    const [request] = api.saveImages.mock.calls[0]!
    expect(request).toEqual({
      generation: gen.generationId,
      indices: [1, 3],
      dir: '/home/me/out',
      prefix: 'a-seed7',
      numbering: 'index'
    })
    expect(JSON.stringify(request)).not.toMatch(/137/)
    expect(gen.notice).toBe('Saved 2 images to /home/me/out.')
  })

  it('cancels the generation it is running', async () => {
    const { api } = fakeStudio(4)
    let release!: () => void
    api.generate.mockImplementationOnce(
      (request) =>
        new Promise((_, reject) => {
          release = () =>
            reject(Object.assign(new Error('The generation was cancelled.'), { code: 'cancelled' }))
          void request
        })
    )
    const gen = useGenerateStore()
    gen.use({ runId: 'r' }, [])
    const running = gen.generate()
    await vi.waitFor(() => expect(gen.running).toBeDefined())
    const id = gen.running!.id
    await gen.cancel()
    expect(api.cancelGenerate).toHaveBeenCalledWith(id)
    release()
    await running
    expect(gen.error).toBe('The generation was cancelled.')
    expect(gen.busy).toBe(false)
  })

  it('interpolates with its own seeds, never changing the main seed; remembers the checkpoint', async () => {
    const { api } = fakeStudio(4)
    const interpolate = vi.fn(async (r: { id: string }) => ({
      id: r.id,
      count: 2,
      labels: ['a', 'a'],
      images: [png(1), png(2)],
      grid: png(9)
    }))
    ;(api as unknown as { interpolate: typeof interpolate }).interpolate = interpolate
    const gen = useGenerateStore()
    gen.use({ runId: 'r', step: 4 }, ['a', 'b'])
    gen.form.seed = 5
    gen.form.seedA = 11
    gen.form.seedB = 12
    await gen.interpolate()
    expect(interpolate).toHaveBeenCalledWith(expect.objectContaining({ seedA: 11, seedB: 12 }))
    expect(gen.form.seed).toBe(5)
    expect(gen.madeStrip).toMatchObject({ seedA: 11, seedB: 12, label: 'a' })
    await new Promise((r) => setTimeout(r, 0))
    // A reload: a fresh store picks the same checkpoint again.
    setActivePinia(createPinia())
    expect(useGenerateStore().checkpoint).toEqual({ runId: 'r', step: 4 })
    expect(useGenerateStore().labels).toEqual(['a', 'b'])
  })
})
