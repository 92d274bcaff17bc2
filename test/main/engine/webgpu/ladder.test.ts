import * as tf from '@tensorflow/tfjs'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { selectBackend } from '../../../../src/main/engine/backend/selectBackend'
import { releaseWebGpu, webGpuAdapter } from '../../../../src/main/engine/backend/webgpu'
import { exposeSwiftShader } from '../../../helpers/webgpuBackend'

// With SwiftShader visible Dawn offers a software adapter: the ladder must pass it over,
// and only GAN_STUDIO_BACKEND=webgpu (or the setting) with the allow-software option uses it.

const ALLOW = { GAN_STUDIO_WEBGPU_ALLOW_SOFTWARE: '1' }

beforeAll(() => {
  exposeSwiftShader()
})
afterEach(() => {
  vi.unstubAllEnvs()
  vi.restoreAllMocks()
})

describe('the webgpu rung on a software adapter', () => {
  it('is passed over by the ladder, which says why and names the adapter', async () => {
    const choice = await selectBackend({ env: { ...ALLOW } })
    expect(choice.backend).not.toBe('webgpu')
    expect(tf.getBackend()).not.toBe('webgpu')
    const rung = choice.attempts.find((a) => a.backend === 'webgpu')
    expect(rung).toMatchObject({
      ok: false,
      adapter: { vendor: 'google', architecture: 'swiftshader', fallback: true }
    })
    expect(rung!.reason).toMatch(/only a software adapter \(google swiftshader\)/)
    expect(rung!.reason).toMatch(
      /GAN_STUDIO_BACKEND=webgpu with GAN_STUDIO_WEBGPU_ALLOW_SOFTWARE=1/
    )
    expect(choice.reason).toMatch(/webgpu: software adapter only/)
  })

  it('refuses GAN_STUDIO_BACKEND=webgpu on it without the allow-software option', async () => {
    await expect(selectBackend({ env: { GAN_STUDIO_BACKEND: 'webgpu' } })).rejects.toThrow(
      /GAN_STUDIO_BACKEND=webgpu cannot be used: .*software adapter.*set GAN_STUDIO_WEBGPU_ALLOW_SOFTWARE=1/
    )
  })

  it('rejects an allow-software value that is not a yes or no', async () => {
    await expect(
      selectBackend({
        env: { GAN_STUDIO_BACKEND: 'webgpu', GAN_STUDIO_WEBGPU_ALLOW_SOFTWARE: 'maybe' }
      })
    ).rejects.toThrow(/GAN_STUDIO_WEBGPU_ALLOW_SOFTWARE="maybe" is not a yes or no: use 1/)
  })

  it('uses it when asked by name and allowed, and says so', async () => {
    const choice = await selectBackend({ env: { GAN_STUDIO_BACKEND: 'webgpu', ...ALLOW } })
    expect(choice.backend).toBe('webgpu')
    expect(tf.getBackend()).toBe('webgpu')
    expect(choice.override).toEqual({ backend: 'webgpu', from: 'env' })
    expect(choice.reason).toMatch(
      /^chosen by GAN_STUDIO_BACKEND: WebGPU on a software adapter through Dawn and Vulkan: google swiftshader \(.*software\)$/
    )
    expect(choice.attempts).toEqual([
      expect.objectContaining({
        backend: 'webgpu',
        ok: true,
        adapter: expect.objectContaining({ fallback: true })
      })
    ])
    // It computes there: a sum read back synchronously, as the training steps do.
    const sum = tf.tidy(
      () =>
        tf
          .matMul(tf.ones([8, 8]), tf.ones([8, 8]))
          .sum()
          .dataSync()[0]
    )
    expect(sum).toBe(512)
  })

  it('still passes it over on the ladder once the device exists', async () => {
    const choice = await selectBackend({ env: { ...ALLOW } })
    expect(choice.backend).not.toBe('webgpu')
    expect(tf.getBackend()).toBe(choice.backend)
  })

  it('is taken from the setting too, and starts afresh after a release', async () => {
    await tf.setBackend('cpu')
    releaseWebGpu()
    expect(webGpuAdapter()).toBeUndefined()
    expect(tf.findBackendFactory('webgpu')).toBeNull()
    const choice = await selectBackend({ setting: 'webgpu', env: { ...ALLOW } })
    expect(choice.override).toEqual({ backend: 'webgpu', from: 'setting' })
    expect(tf.getBackend()).toBe('webgpu')
    expect(webGpuAdapter()).toMatchObject({ fallback: true })
    expect(await tf.tensor([1, 2, 3]).mul(2).data()).toEqual(new Float32Array([2, 4, 6]))
  })
})
