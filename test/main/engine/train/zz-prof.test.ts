import * as tf from '@tensorflow/tfjs'
import { it } from 'vitest'
import { buildDiscriminator, buildGenerator, type DcganSpec } from '../../../../src/main/engine/models/dcgan'
import { discriminatorStep, generatorStep, type Gan, type StepSettings } from '../../../../src/main/engine/train/step'
import { useWasmBackend } from './helpers/wasm'

it('prof', async () => {
  await useWasmBackend()
  const R = Number(process.env.R ?? 28) as 28, W = Number(process.env.W ?? 8), B = Number(process.env.B ?? 32), C = Number(process.env.C ?? 4)
  const spec: DcganSpec = { resolution: R, channels: 3, noiseDim: 16, numClasses: C, width: W, seed: 1 }
  const gan: Gan = { generator: buildGenerator(spec), discriminator: buildDiscriminator(spec), gOptimizer: tf.train.adam(1e-3, 0.5, 0.999), dOptimizer: tf.train.adam(1e-3, 0.5, 0.999) }
  const s: StepSettings = { loss: 'non-saturating', noiseDim: 16, numClasses: C, labelSmoothing: 0, mismatchedLabels: false, gpWeight: 0 }
  const x = tf.randomUniform([B, R, R, 3], -1, 1) as tf.Tensor4D, y = tf.tensor1d(Array.from({ length: B }, (_, i) => i % Math.max(C, 1)), 'int32')
  for (let i = 0; i < 3; i++) { discriminatorStep(gan, s, { x, y, seed: i, noiseStd: 0 }); generatorStep(gan, s, { y, seed: i, noiseStd: 0 }) }
  let t = performance.now()
  for (let i = 0; i < 5; i++) discriminatorStep(gan, s, { x, y, seed: i, noiseStd: 0 })
  const td = (performance.now() - t) / 5
  t = performance.now()
  for (let i = 0; i < 5; i++) generatorStep(gan, s, { y, seed: i, noiseStd: 0 })
  console.log('D ms', td.toFixed(1), 'G ms', ((performance.now() - t) / 5).toFixed(1))
  const kernels = new Map<string, number>()
  const prof = await tf.profile(() => { discriminatorStep(gan, s, { x, y, seed: 9, noiseStd: 0 }); generatorStep(gan, s, { y, seed: 9, noiseStd: 0 }) })
  for (const k of prof.kernels) kernels.set(k.name, (kernels.get(k.name) ?? 0) + (k.kernelTimeMs as number))
  console.log([...kernels].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => `${k} ${v.toFixed(1)}`).join('\n'))
}, 600000)
