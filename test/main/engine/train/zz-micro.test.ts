import * as tf from '@tensorflow/tfjs'
import { it } from 'vitest'
import { useWasmBackend } from './helpers/wasm'

it('micro', async () => {
  await useWasmBackend()
  const B = 32, H = 28, C = 4, c = 3
  const x = tf.randomUniform([B, H, H, c]) as tf.Tensor4D
  const oh = tf.oneHot(tf.tensor1d(Array.from({ length: B }, (_, i) => i % C), 'int32'), C).toFloat()
  const time = (name: string, f: () => tf.Tensor) => { for (let i = 0; i < 3; i++) f().dispose(); const t = performance.now(); for (let i = 0; i < 20; i++) { const r = f(); r.dataSync(); r.dispose() } console.log(name, ((performance.now() - t) / 20).toFixed(2), 'ms') }
  time('tile', () => tf.tidy(() => tf.tile(oh.reshape([B, 1, C]), [1, H * H, 1])))
  time('mul broadcast', () => tf.tidy(() => tf.mul(oh.reshape([B, 1, 1, C]), tf.ones([1, H, H, 1]))))
  time('resizeNN', () => tf.tidy(() => tf.image.resizeNearestNeighbor(oh.reshape([B, 1, 1, C]) as tf.Tensor4D, [H, H])))
  const planes = tf.mul(oh.reshape([B, 1, 1, C]), tf.ones([1, H, H, 1]))
  time('concat', () => tf.tidy(() => tf.concat([x, planes], 3)))
  time('pad+add', () => tf.tidy(() => tf.add(tf.pad(x, [[0, 0], [0, 0], [0, 0], [0, C]]), tf.pad(planes, [[0, 0], [0, 0], [0, 0], [c, 0]]))))
  time('slice last axis', () => tf.tidy(() => tf.slice(planes, [0, 0, 0, 1], [B, H, H, 3])))
  time('split', () => tf.tidy(() => tf.split(planes, [1, 3], 3)[0]!))
  time('matmul join', () => tf.tidy(() => tf.add(tf.matMul(x.reshape([-1, c]), tf.eye(c, c + C)), tf.matMul(planes.reshape([-1, C]), tf.concat([tf.zeros([C, c]), tf.eye(C)], 1))).reshape([B, H, H, c + C])))
}, 600000)
