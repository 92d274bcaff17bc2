import * as tf from '@tensorflow/tfjs'
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
