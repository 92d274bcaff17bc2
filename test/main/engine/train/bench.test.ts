import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { benchTrainStep } from '../../../../src/main/engine/train/bench'
import { useWasmBackend } from '../../../helpers/wasmBackend'

beforeAll(useWasmBackend)

// Speed belongs in `npm run bench`; this only checks the bench runs and cleans up.
describe('benchTrainStep', () => {
  it('times the 28×28 default on the current backend and frees what it made', async () => {
    const before = tf.memory().numTensors
    const result = await benchTrainStep({ steps: 1, conditional: false })
    expect(result.backend).toBe('wasm')
    expect(result.stepsPerSecond).toBeGreaterThan(0)
    expect(result.imagesPerSecond).toBeCloseTo(result.stepsPerSecond * 64)
    expect(tf.memory().numTensors).toBe(before)
  })
})
