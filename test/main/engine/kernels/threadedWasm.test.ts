import os from 'node:os'
import { mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, describe, expect, it } from 'vitest'
import { registerWasmTrainingKernels } from '../../../../src/main/engine/kernels/index'
import {
  prepareThreadedWasm,
  releaseWasmThreads,
  wasmThreadsInUse
} from '../../../../src/main/engine/kernels/threadedWasm'
import { expectClose, readAll, seededValues, useBackend } from './backendComparison'

// This file starts the wasm backend threaded, so it must be the first wasm start of its
// process (vitest runs each test file in its own process).
const cacheDir = mkdtempSync(join(os.tmpdir(), 'gan-studio-threads-'))
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }))

describe('threaded wasm in Node', () => {
  it('starts with a thread per core (up to the asked count) and restores what it patched', async () => {
    const { createObjectURL } = URL
    const { cpus } = os
    registerWasmTrainingKernels()
    const restore = prepareThreadedWasm({ threads: 2, cacheDir })
    try {
      await useBackend('wasm')
    } finally {
      restore()
    }
    expect(URL.createObjectURL).toBe(createObjectURL)
    expect(os.cpus).toBe(cpus)
    expect(wasmThreadsInUse()).toBe(Math.min(2, os.cpus().length))
  })

  it("computes a conv layer's forward and both gradients as the cpu backend does", async () => {
    const values = seededValues(7)
    const x = values([4, 14, 14, 16])
    const w = values([5, 5, 16, 32])
    const dy = values([4, 7, 7, 32])
    const run = () =>
      readAll(() => {
        const [xt, wt, dyt] = [x, w, dy].map((v) =>
          tf.tensor4d(v.data, v.shape as [number, number, number, number])
        ) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D]
        const f = (a: tf.Tensor4D, b: tf.Tensor4D) => tf.conv2d(a, b, 2, 'same')
        const [dx, dw] = tf.grads((a, b) => f(a as tf.Tensor4D, b as tf.Tensor4D))([xt, wt], dyt)
        return [f(xt, wt), dx!, dw!]
      })
    await useBackend('wasm')
    const threaded = run()
    await useBackend('cpu')
    const reference = run()
    ;['forward', 'input gradient', 'filter gradient'].forEach((label, i) =>
      expectClose(threaded[i]!, reference[i]!, label)
    )
  })

  it('releases the threads when the process is done with tfjs', () => {
    releaseWasmThreads()
    expect(tf.engine().registry.wasm).toBeUndefined()
    expect(() => releaseWasmThreads()).not.toThrow()
  })

  it('refuses a thread count below 1', () => {
    expect(() => prepareThreadedWasm({ threads: 0, cacheDir })).toThrow(/1 or more/)
  })
})
