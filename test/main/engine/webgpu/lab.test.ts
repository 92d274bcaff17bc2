import { beforeAll, describe, expect, it } from 'vitest'
import * as tf from '@tensorflow/tfjs'
import { LabSession } from '../../../../src/main/engine/lab/labTrainer'
import {
  LAB_PRESETS,
  LabFrameSchema,
  type LabConfigInput,
  type LabFrame
} from '../../../../src/shared/lab'
import { useBackend } from '../kernels/backendComparison'
import { useSoftwareWebGpu } from '../../../helpers/webgpuBackend'

// The Lab on webgpu (SwiftShader): a few iterations of the saturation preset (both losses,
// SGD for G) give the frame the cpu backend gives, from the same seed.
// Tolerance: 1e-3 absolute on D(x) on the grid and on V(G, D) after 3 steps of float32
// training in another summation order (observed below 1e-7); a wrong kernel gives O(0.1).

const small: LabConfigInput = {
  ...LAB_PRESETS.saturation.config,
  batchSize: 64,
  evalSamples: 512,
  grid: { min: -4, max: 4, points: 41 }
}

function threeSteps(): LabFrame {
  const session = new LabSession(small)
  try {
    return LabFrameSchema.parse(session.step(3))
  } finally {
    session.dispose()
  }
}

beforeAll(async () => {
  await useSoftwareWebGpu()
})

describe('the Lab on webgpu', () => {
  it('trains and measures as on cpu', async () => {
    await useBackend('cpu')
    const reference = threeSteps()
    await useBackend('webgpu')
    const before = tf.memory().numTensors
    const frame = threeSteps()
    expect(tf.getBackend()).toBe('webgpu')
    expect(tf.memory().numTensors).toBe(before)
    expect(frame.step).toBe(3)
    expect(Math.abs(frame.value - reference.value)).toBeLessThan(1e-3)
    frame.dOnGrid.forEach((d, i) => expect(Math.abs(d - reference.dOnGrid[i]!)).toBeLessThan(1e-3))
    expect(Math.abs(frame.gGradNorm - reference.gGradNorm)).toBeLessThan(
      1e-3 * Math.max(1, reference.gGradNorm)
    )
  })
})
