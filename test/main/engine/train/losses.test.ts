import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildDiscriminator } from '../../../../src/main/engine/models/dcgan'
import {
  discriminatorLoss,
  generatorLoss,
  gradientPenalty,
  meanDiscriminatorOutput
} from '../../../../src/main/engine/train/losses'
import { ensureSecondOrderGradients } from '../../../../src/main/engine/train/secondOrder'
import { useWasmBackend } from '../../../helpers/wasmBackend'

beforeAll(useWasmBackend)

const softplus = (l: number) => Math.max(l, 0) + Math.log1p(Math.exp(-Math.abs(l)))
const sigmoid = (l: number) => 1 / (1 + Math.exp(-l))
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
const value = (t: tf.Tensor) => {
  const v = t.dataSync()[0]!
  t.dispose()
  return v
}

describe('losses on logits', () => {
  const real = [2, -0.5, 0.1]
  const fake = [-3, 0.4, 1.5]
  const wrong = [0.2, -1, 3]

  it('BCE discriminator loss is −log D(x) − log(1 − D(G(z)))', () => {
    const expected =
      mean(real.map((l) => -Math.log(sigmoid(l)))) +
      mean(fake.map((l) => -Math.log(1 - sigmoid(l))))
    for (const loss of ['non-saturating', 'minimax'] as const) {
      const got = value(discriminatorLoss(loss, { real: tf.tensor(real), fake: tf.tensor(fake) }))
      expect(got).toBeCloseTo(expected, 5)
    }
  })

  it('one-sided label smoothing moves only the real target to 1 − s', () => {
    const t = 0.9
    const bce = (l: number, target: number) =>
      -(target * Math.log(sigmoid(l)) + (1 - target) * Math.log(1 - sigmoid(l)))
    const expected = mean(real.map((l) => bce(l, t))) + mean(fake.map((l) => bce(l, 0)))
    const got = value(
      discriminatorLoss(
        'non-saturating',
        { real: tf.tensor(real), fake: tf.tensor(fake) },
        { labelSmoothing: 0.1 }
      )
    )
    expect(got).toBeCloseTo(expected, 5)
  })

  it('hinge and WGAN critic losses', () => {
    const hinge =
      mean(real.map((l) => Math.max(0, 1 - l))) + mean(fake.map((l) => Math.max(0, 1 + l)))
    expect(
      value(discriminatorLoss('hinge', { real: tf.tensor(real), fake: tf.tensor(fake) }))
    ).toBeCloseTo(hinge, 5)
    const wgan = mean(fake) - mean(real)
    expect(
      value(discriminatorLoss('wgan-gp', { real: tf.tensor(real), fake: tf.tensor(fake) }))
    ).toBeCloseTo(wgan, 5)
  })

  it('mismatched labels count as a second kind of fake, averaged with the fakes', () => {
    const expected =
      mean(real.map((l) => softplus(-l))) +
      0.5 * (mean(fake.map(softplus)) + mean(wrong.map(softplus)))
    const got = value(
      discriminatorLoss('non-saturating', {
        real: tf.tensor(real),
        fake: tf.tensor(fake),
        mismatched: tf.tensor(wrong)
      })
    )
    expect(got).toBeCloseTo(expected, 5)
  })

  it('generator losses: minimax log(1 − D(G(z))), non-saturating −log D(G(z)), critic −D(G(z))', () => {
    const f = tf.tensor(fake)
    expect(value(generatorLoss('minimax', f))).toBeCloseTo(
      mean(fake.map((l) => Math.log(1 - sigmoid(l)))),
      5
    )
    expect(value(generatorLoss('non-saturating', f))).toBeCloseTo(
      mean(fake.map((l) => -Math.log(sigmoid(l)))),
      5
    )
    expect(value(generatorLoss('hinge', f))).toBeCloseTo(-mean(fake), 5)
    expect(value(generatorLoss('wgan-gp', f))).toBeCloseTo(-mean(fake), 5)
    f.dispose()
  })

  it('minimax saturates where non-saturating does not (the theory’s warning)', () => {
    // A confident D (logit −10 on a fake): minimax's gradient is σ(−10) ≈ 4.5e−5, NS's ≈ 1.
    const grad = (loss: 'minimax' | 'non-saturating') =>
      value(tf.grad((l: tf.Tensor) => generatorLoss(loss, l))(tf.tensor([-10])))
    expect(Math.abs(grad('minimax'))).toBeLessThan(1e-4)
    expect(Math.abs(grad('non-saturating'))).toBeGreaterThan(0.99)
  })

  it('stays finite on extreme logits', () => {
    const huge = { real: tf.tensor([-200, 200]), fake: tf.tensor([200, -200]) }
    for (const loss of ['non-saturating', 'minimax', 'hinge', 'wgan-gp'] as const) {
      expect(Number.isFinite(value(discriminatorLoss(loss, huge)))).toBe(true)
      expect(Number.isFinite(value(generatorLoss(loss, huge.fake)))).toBe(true)
    }
    expect(value(meanDiscriminatorOutput('non-saturating', huge.real))).toBeCloseTo(0.5, 5)
  })
})

describe('WGAN-GP gradient penalty', () => {
  it('has the exact second-order gradient through LeakyReLU', () => {
    ensureSecondOrderGradients()
    // Critic D(x) = v · leaky(W x) on 1×1×3 "images"; penalty on one point.
    const W = [
      [0.5, -1.2, 0.3],
      [0.8, 0.1, -0.7]
    ]
    const v = [1.1, -0.4]
    const x = [0.3, -0.2, 0.9]
    const leakySlope = (h: number) => (h > 0 ? 1 : 0.2)
    // Pure-JS float64 penalty, differentiated by central differences below.
    const penalty = (w: number[][], vv: number[]) => {
      const h = w.map((row) => row.reduce((s, wij, j) => s + wij * x[j]!, 0))
      const g = x.map((_, j) => h.reduce((s, hi, i) => s + vv[i]! * leakySlope(hi) * w[i]![j]!, 0))
      return (Math.hypot(...g) - 1) ** 2
    }
    const step = 1e-6
    const expectedDv = v.map((_, i) => {
      const up = v.map((vi, k) => (k === i ? vi + step : vi))
      const down = v.map((vi, k) => (k === i ? vi - step : vi))
      return (penalty(W, up) - penalty(W, down)) / (2 * step)
    })

    const wVar = tf.variable(tf.tensor2d(W).transpose())
    const vVar = tf.variable(tf.tensor2d([v]).transpose())
    const critic = (img: tf.Tensor4D) =>
      tf.matMul(tf.leakyRelu(tf.matMul(img.reshape([1, 3]), wVar), 0.2), vVar)
    const { value: gp, grads } = tf.variableGrads(() => {
      const real = tf.tensor4d(x, [1, 1, 1, 3])
      // ε = 1 puts the interpolate exactly on x.
      return gradientPenalty(critic, real, tf.zerosLike(real), tf.ones([1, 1, 1, 1]))
    }, [wVar, vVar])
    expect(gp.dataSync()[0]).toBeCloseTo(penalty(W, v), 5)
    const gotDv = Array.from(grads[vVar.name]!.dataSync())
    gotDv.forEach((g, i) => expect(g).toBeCloseTo(expectedDv[i]!, 4))
    tf.dispose([gp, grads, wVar, vVar])
  })

  it('trains through a conditional conv critic on wasm', () => {
    ensureSecondOrderGradients()
    const d = buildDiscriminator({
      resolution: 28,
      channels: 1,
      noiseDim: 8,
      numClasses: 3,
      width: 4,
      seed: 1
    })
    const vars = d.trainableWeights.map((w) => w.read() as tf.Variable)
    const { value: gp, grads } = tf.tidy(() => {
      const labels = tf.oneHot([0, 2], 3).toFloat()
      const real = tf.randomUniform([2, 28, 28, 1], -1, 1, 'float32', 1) as tf.Tensor4D
      const fake = tf.randomUniform([2, 28, 28, 1], -1, 1, 'float32', 2) as tf.Tensor4D
      const eps = tf.randomUniform([2, 1, 1, 1], 0, 1, 'float32', 3) as tf.Tensor4D
      return tf.variableGrads(
        () =>
          gradientPenalty(
            (x) => d.apply([x, labels], { training: true }) as tf.Tensor,
            real,
            fake,
            eps
          ),
        vars
      )
    })
    expect(Number.isFinite(gp.dataSync()[0]!)).toBe(true)
    // ∇x D does not depend on the logit's bias, so that one alone gets no gradient.
    const logitBias = (d.getLayer('d_logit').trainableWeights[1]!.read() as tf.Variable).name
    expect(Object.keys(grads).sort()).toEqual(
      vars
        .map((v) => v.name)
        .filter((n) => n !== logitBias)
        .sort()
    )
    for (const v of vars.filter((v) => v.name !== logitBias)) {
      const g = grads[v.name]!
      expect(g.shape).toEqual(v.shape)
      expect(g.isNaN().any().dataSync()[0]).toBe(0)
    }
    const firstKernel = grads[vars[0]!.name]!
    expect(firstKernel.abs().sum().dataSync()[0]).toBeGreaterThan(0)
    tf.dispose([gp, grads])
    d.dispose()
  })
})
