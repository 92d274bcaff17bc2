import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'

/** The Lab's tests train on wasm, as the engine does without tfjs-node; never fall back to cpu. */
export async function useWasmBackend(): Promise<void> {
  if (!(await tf.setBackend('wasm')))
    throw new Error('The wasm backend did not initialise; these tests need it.')
  await tf.ready()
  if (tf.getBackend() !== 'wasm')
    throw new Error(`Expected the wasm backend, got ${tf.getBackend()}.`)
}
