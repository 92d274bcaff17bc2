import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, vi } from 'vitest'
import { registerWasmTrainingKernels } from '../../src/main/engine/kernels/index'

/**
 * Tests that train run on wasm with the engine's training kernels, and fail rather than
 * fall back to cpu: a silent fall would hide exactly the backend they are meant to test.
 */
export async function useWasmBackend(): Promise<void> {
  registerWasmTrainingKernels()
  if (!(await tf.setBackend('wasm')) || tf.getBackend() !== 'wasm') {
    throw new Error('the wasm backend did not start; these tests do not fall back to cpu')
  }
}

/**
 * GAN_STUDIO_BACKEND=wasm around the file's tests: code that picks its backend itself (the
 * commands, the engine's selection) trains on wasm too, never on a silent cpu.
 */
export function selectWasmByEnv(): void {
  beforeAll(() => {
    vi.stubEnv('GAN_STUDIO_BACKEND', 'wasm')
  })
  afterAll(() => {
    vi.unstubAllEnvs()
  })
}
