import * as tf from '@tensorflow/tfjs'
import { it } from 'vitest'
import { generateShapes } from '../../../../src/main/engine/data/shapes'
import { buildDiscriminator, buildGenerator, type DcganSpec } from '../../../../src/main/engine/models/dcgan'
import { discriminatorStep, generatorStep, type Gan, type StepSettings } from '../../../../src/main/engine/train/step'
import { features } from './helpers/shapeClassifier'
import { colouredShapes, classifyByColour } from './helpers/colouredShapes'
import { encodeGridPng } from '../../../../src/main/engine/image/grid'
import { writeFileSync } from 'node:fs'
import { useWasmBackend } from './helpers/wasm'

const R = Number(process.env.R ?? 32) as 28 | 32, MM = process.env.MM === '1', K = Number(process.env.K ?? 0.5)
const W = Number(process.env.W ?? 16), STEPS = Number(process.env.STEPS ?? 300), B = Number(process.env.B ?? 32), LR = Number(process.env.LR ?? 2e-4), Z = Number(process.env.Z ?? 32)
it('learn', async () => {
  await useWasmBackend()
  const ds = colouredShapes(R, 1000)
  const px = R * R * 3
  const feats: number[][] = []; for (let i = 0; i < ds.count; i++) feats.push(features(ds.images, R, 3, i * px))
  const nf = feats[0]!.length
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length
  const scale = Array.from({ length: nf }, (_, j) => { const v = feats.map((f) => f[j]!); const m = mean(v); return Math.sqrt(mean(v.map((x) => (x - m) ** 2))) })
  const cents = [0, 1, 2, 3].map((c) => Array.from({ length: nf }, (_, j) => mean(feats.filter((_, i) => ds.labels[i] === c).map((f) => f[j]!))))
  const classify = (f: number[]) => { let best = 0, bd = Infinity; cents.forEach((ct, c) => { const d = ct.reduce((s, m, j) => s + ((f[j]! - m) / scale[j]!) ** 2, 0); if (d < bd) { bd = d; best = c } }); return best }
  let ok = 0; for (let i = 0; i < ds.count; i++) if (classifyByColour(ds.images, R, i * px) === ds.labels[i]) ok++; console.log('real acc', ok / ds.count)

  const spec: DcganSpec = { resolution: R, channels: 3, noiseDim: Z, numClasses: 4, width: W, seed: 1 }
  const gan: Gan = { generator: buildGenerator(spec), discriminator: buildDiscriminator(spec), gOptimizer: tf.train.adam(LR, K, 0.999), dOptimizer: tf.train.adam(LR, K, 0.999) }
  const s: StepSettings = { loss: 'non-saturating', noiseDim: Z, numClasses: 4, labelSmoothing: 0, mismatchedLabels: MM, gpWeight: 0 }
  const imgs = tf.tensor4d(Float32Array.from(ds.images, (v) => v / 127.5 - 1), [ds.count, R, R, 3])
  const labs = tf.tensor1d(Array.from(ds.labels), 'int32')
  const t0 = performance.now()
  const evalG = () => {
    const n = 50
    const out = tf.tidy(() => { const z = tf.randomNormal([4 * n, Z], 0, 1, 'float32', 99); const y = tf.oneHot(tf.tensor1d(Array.from({ length: 4 * n }, (_, i) => Math.floor(i / n)), 'int32'), 4).toFloat(); const zz = tf.tile(z.slice([0, 0], [n, Z]), [4, 1]); void zz; return (gan.generator.apply([z, y], { training: false }) as tf.Tensor).add(1).mul(127.5).clipByValue(0, 255).round().toInt() })
    const u8 = Uint8Array.from(out.dataSync()); out.dispose()
    const acc = [0, 1, 2, 3].map((c) => { let k = 0; for (let i = 0; i < n; i++) if (classifyByColour(u8, R, (c * n + i) * px) === c) k++; return k / n })
    const pick = new Uint8Array(48 * px); for (let c = 0; c < 4; c++) pick.set(u8.subarray(c * n * px, (c * n + 12) * px), c * 12 * px)
    void encodeGridPng({ pixels: pick, size: R, channels: 3 }, { rows: 4, cols: 12 }).then((png) => writeFileSync('/tmp/ganeng/sample.png', png))
    return acc
  }
  for (let step = 1; step <= STEPS; step++) {
    const idx = tf.tensor1d(Array.from({ length: B }, (_, i) => ((step * B + i) * 7919) % ds.count), 'int32')
    const x = tf.gather(imgs, idx) as tf.Tensor4D, y = tf.gather(labs, idx) as tf.Tensor1D
    const d = discriminatorStep(gan, s, { x, y, seed: step, noiseStd: 0 })
    const g = generatorStep(gan, s, { y, seed: step, noiseStd: 0 })
    tf.dispose([idx, x, y])
    if (step % 50 === 0) console.log(step, d.loss.toFixed(3), g.loss.toFixed(3), d.dReal.toFixed(2), d.dFake.toFixed(2), ((performance.now() - t0) / step).toFixed(0), 'ms/step', JSON.stringify(evalG()))
  }
}, 600000)
