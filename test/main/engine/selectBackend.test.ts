import { createRequire } from 'node:module'
import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { backendFromEnv, selectBackend } from '../../../src/main/engine/backend/selectBackend'
import { BackendAttemptSchema } from '../../../src/shared/info'

function installed(pkg: string): boolean {
  try {
    createRequire(import.meta.url).resolve(pkg)
    return true
  } catch {
    return false
  }
}

describe('the backend ladder', () => {
  it('takes the best backend that loads and says why the others were passed over', async () => {
    const choice = await selectBackend({ env: {} })
    expect(tf.getBackend()).toBe(
      choice.backend.startsWith('tfjs-node') ? 'tensorflow' : choice.backend
    )
    expect(choice.attempts.at(-1)).toMatchObject({ backend: choice.backend, ok: true })
    const webgpu = choice.attempts.find((a) => a.backend === 'webgpu')
    // The ladder never runs on a software adapter: webgpu is either a GPU or passed over.
    if (choice.backend === 'webgpu') expect(webgpu?.adapter?.fallback).toBe(false)
    if (
      !installed('@tensorflow/tfjs-node') &&
      !installed('@tensorflow/tfjs-node-gpu') &&
      webgpu?.ok === false
    ) {
      // The build machines: libtensorflow cannot be fetched, so npm drops both native
      // packages, and Dawn finds no GPU (or only a software one).
      expect(choice.backend).toBe('wasm')
      expect(choice.attempts.map((a) => a.backend)).toEqual([
        'tfjs-node-gpu',
        'webgpu',
        'tfjs-node',
        'wasm'
      ])
      expect(choice.reason).toMatch(/WebAssembly/)
      expect(choice.reason).toMatch(/tfjs-node-gpu and tfjs-node not installed/)
      expect(choice.reason).toMatch(
        /webgpu( found no GPU adapter|: software adapter only| not installed)/
      )
      expect(choice.attempts[2]!.reason).toMatch(/@tensorflow\/tfjs-node is not installed/)
      expect(webgpu.reason).toMatch(/Dawn|webgpu/)
    }
  })

  it('makes wasm able to train a conv net (the engine registers its own kernels)', async () => {
    await selectBackend({ env: { GAN_STUDIO_BACKEND: 'wasm' } })
    expect(tf.getBackend()).toBe('wasm')
    const x = tf.randomNormal<tf.Rank.R4>([2, 8, 8, 3], 0, 1, 'float32', 1)
    const w = tf.randomNormal([3, 3, 3, 4], 0, 1, 'float32', 2)
    const g = tf.grad((f) => tf.conv2d(x, f as tf.Tensor4D, 2, 'same').sum())(w)
    expect(g.shape).toEqual([3, 3, 3, 4])
    tf.dispose([x, w, g])
  })

  it('honours GAN_STUDIO_BACKEND and says it did', async () => {
    const choice = await selectBackend({ env: { GAN_STUDIO_BACKEND: 'cpu' } })
    expect(choice.backend).toBe('cpu')
    expect(tf.getBackend()).toBe('cpu')
    expect(choice.reason).toMatch(/^chosen by GAN_STUDIO_BACKEND/)
    expect(choice.override).toEqual({ backend: 'cpu', from: 'env' })
  })

  it('lets the environment beat the setting', async () => {
    const choice = await selectBackend({ setting: 'cpu', env: { GAN_STUDIO_BACKEND: 'wasm' } })
    expect(choice.backend).toBe('wasm')
    const bySetting = await selectBackend({ setting: 'cpu', env: {} })
    expect(bySetting.override).toEqual({ backend: 'cpu', from: 'setting' })
  })

  it('refuses an override it cannot honour instead of falling to something slower', async () => {
    if (installed('@tensorflow/tfjs-node')) return
    await expect(selectBackend({ env: { GAN_STUDIO_BACKEND: 'tfjs-node' } })).rejects.toThrow(
      /GAN_STUDIO_BACKEND=tfjs-node cannot be used: .*Unset it/
    )
  })

  it('rejects a name that is not on the ladder', () => {
    expect(() => backendFromEnv({ GAN_STUDIO_BACKEND: 'metal' })).toThrow(
      /"metal" is not a backend: use one of tfjs-node-gpu, webgpu, tfjs-node, wasm, cpu/
    )
    expect(backendFromEnv({ GAN_STUDIO_BACKEND: 'webgpu' })).toBe('webgpu')
    expect(backendFromEnv({ GAN_STUDIO_BACKEND: 'auto' })).toBeUndefined()
  })

  it('refuses GAN_STUDIO_BACKEND=webgpu where Dawn offers no adapter it may use', async () => {
    // Here (no VK_ICD_FILENAMES) Dawn finds no GPU; on a machine with one this says nothing.
    const probe = await selectBackend({ env: {} })
    if (probe.attempts.find((a) => a.backend === 'webgpu')?.ok !== false) return
    await expect(selectBackend({ env: { GAN_STUDIO_BACKEND: 'webgpu' } })).rejects.toThrow(
      /GAN_STUDIO_BACKEND=webgpu cannot be used: (Dawn found no GPU adapter|.*software adapter|.*not installed).*Unset it/
    )
  })
})

describe("each rung's outcome code", () => {
  it('marks the rung taken as chosen and every one passed over with why, in the contract', async () => {
    const choice = await selectBackend({ env: {} })
    for (const attempt of choice.attempts) BackendAttemptSchema.parse(attempt)
    expect(choice.attempts.map((a) => a.outcome === 'chosen')).toEqual(
      choice.attempts.map((a) => a.ok)
    )
    expect(choice.attempts.at(-1)).toMatchObject({ backend: choice.backend, outcome: 'chosen' })
    for (const pkg of ['tfjs-node-gpu', 'tfjs-node'] as const) {
      const attempt = choice.attempts.find((a) => a.backend === pkg)
      if (!attempt || installed(`@tensorflow/${pkg}`)) continue
      // Absent packages are told apart by the code, while the reason stays English for the CLI.
      expect(attempt.outcome).toBe('not-installed')
      expect(attempt.reason).toMatch(/is not installed/)
    }
    const webgpu = choice.attempts.find((a) => a.backend === 'webgpu')
    if (webgpu?.outcome === 'no-adapter') {
      expect(choice.reason).toMatch(/webgpu found no GPU adapter/)
    }
  })

  it('says chosen for an override too', async () => {
    const choice = await selectBackend({ env: { GAN_STUDIO_BACKEND: 'cpu' } })
    expect(choice.attempts).toEqual([
      { backend: 'cpu', ok: true, outcome: 'chosen', reason: expect.stringMatching(/JavaScript/) }
    ])
  })
})
