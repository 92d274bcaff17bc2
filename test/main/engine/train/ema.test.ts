import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildGenerator, type DcganSpec } from '../../../../src/main/engine/models/dcgan'
import { GeneratorEma } from '../../../../src/main/engine/train/ema'
import { useWasmBackend } from '../../../helpers/wasmBackend'

beforeAll(useWasmBackend)

const spec: DcganSpec = { resolution: 28, channels: 1, noiseDim: 8, numClasses: 3, width: 4 }

const values = (m: tf.LayersModel) => m.weights.map((w) => Array.from(w.read().dataSync()))

describe('GeneratorEma', () => {
  it('starts at G, then moves toward G by (1 − βₜ) of the gap at each update', () => {
    const g = buildGenerator(spec)
    const ema = new GeneratorEma(g, buildGenerator({ ...spec, seed: 9 }), 0.9)
    expect(values(ema.model)).toEqual(values(g))
    const trainable = new Set(g.trainableWeights.map((w) => w.read().id))

    for (let t = 1; t <= 12; t++) {
      // G takes a "step": every weight moves by a known amount.
      tf.tidy(() => {
        for (const w of g.weights) {
          const v = w.read() as tf.Variable
          v.assign(tf.add(v, tf.scalar(0.01 * t)))
        }
      })
      const before = values(ema.model)
      const target = values(g)
      ema.update(t)
      const beta = Math.min(0.9, (1 + t) / (10 + t))
      expect(GeneratorEma.decayAt(0.9, t)).toBeCloseTo(beta, 12)
      const after = values(ema.model)
      g.weights.forEach((w, i) => {
        const averaged = trainable.has(w.read().id)
        after[i]!.forEach((a, j) => {
          const expected = averaged
            ? before[i]![j]! + (1 - beta) * (target[i]![j]! - before[i]![j]!)
            : target[i]![j]! // BN's moving statistics are copied
          expect(a).toBeCloseTo(expected, 5)
        })
      })
    }
    // After steps of G the average trails it: it differs from G's weights.
    const gap = g.trainableWeights.map((w, i) =>
      Math.max(...values(ema.model)[i]!.map((a, j) => Math.abs(a - w.read().dataSync()[j]!)))
    )
    expect(Math.max(...gap)).toBeGreaterThan(0.01)
    // The plain β from t ≈ 9/(1 − β) on: the ramp only shortens the start.
    expect(GeneratorEma.decayAt(0.9, 1000)).toBe(0.9)
    expect(GeneratorEma.decayAt(0.999, 1)).toBeCloseTo(2 / 11, 12)
    ema.dispose()
    g.dispose()
  })

  it('refuses a model of another architecture', () => {
    const g = buildGenerator(spec)
    const other = buildGenerator({ ...spec, numClasses: 0 })
    expect(() => new GeneratorEma(g, other, 0.99)).toThrow(/same architecture/)
    g.dispose()
    other.dispose()
  })
})
