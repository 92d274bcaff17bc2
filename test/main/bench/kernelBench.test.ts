import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { expect, it } from 'vitest'
import { benchConvKernels } from '../../../src/main/bench/kernelBench'

it('benchConvKernels times 4 kernels on each of the 4 DCGAN layers on wasm, without leaking', async () => {
  expect(await tf.setBackend('wasm'), "backend 'wasm' could not be set").toBe(true)
  const dataIdsBefore = tf.engine().backend.numDataIds()
  const tensorsBefore = tf.memory().numTensors

  const rows = await benchConvKernels({ warmup: 0, runs: 1 })

  expect(rows.map((row) => row.name)).toEqual(
    ['D conv1', 'D conv2', 'G convT1', 'G convT2'].flatMap((layer) =>
      [
        'Conv2D (stock, forward)',
        'Conv2DBackpropFilter',
        'Conv2DBackpropInput',
        'Conv2DBackpropInput (stock)'
      ].map((kernel) => `${layer} ${kernel}`)
    )
  )
  for (const row of rows) {
    expect(row.ms).toBeGreaterThan(0)
    expect(Number.isFinite(row.gflops) && row.gflops > 0).toBe(true)
  }
  expect(tf.getBackend()).toBe('wasm')
  expect(tf.engine().backend.numDataIds()).toBe(dataIdsBefore)
  expect(tf.memory().numTensors).toBe(tensorsBefore)
})
