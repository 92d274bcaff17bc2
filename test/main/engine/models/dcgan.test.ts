import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  buildDiscriminator,
  buildGenerator,
  dcganPlan
} from '../../../../src/main/engine/models/dcgan'

// Shapes and counts only: no gradients, so the cpu backend is enough here.
beforeAll(async () => {
  await tf.setBackend('cpu')
})

function layer(model: tf.LayersModel, name: string): tf.layers.Layer {
  return model.getLayer(name)
}

function trainableCount(model: tf.LayersModel): number {
  return model.trainableWeights.reduce(
    (n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 1), 1),
    0
  )
}

function nonTrainableCount(model: tf.LayersModel): number {
  return model.nonTrainableWeights.reduce(
    (n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 1), 1),
    0
  )
}

describe('dcgan-28, the peer architecture', () => {
  const spec = { resolution: 28, channels: 1, noiseDim: 100, numClasses: 10 } as const
  const g = buildGenerator(spec)
  const d = buildDiscriminator(spec)
  afterAll(() => {
    g.dispose()
    d.dispose()
  })

  it('has the peer generator layer by layer', () => {
    // Counted by hand from peer_dcgan.py (Z = 100, C = 10), and checked against
    // torch 2.x (`sum(p.numel() for p in m.parameters())` per module):
    //   fc  Linear(110, 6272, bias=False)   110·6272            = 689 920
    //   bn0 BatchNorm1d(6272)               2·6272 (γ, β)       =  12 544 (+12 544 running stats)
    //   up1 ConvT(128→64, 5×5, no bias)     128·64·25           = 204 800
    //   bn1 BatchNorm2d(64)                 2·64                =     128 (+128 running stats)
    //   up2 ConvT(64→1, 5×5)                64·1·25 + 1         =   1 601
    //   total trainable                                         = 908 993
    expect(layer(g, 'g_fc').countParams()).toBe(689_920)
    expect(layer(g, 'g_bn0').trainableWeights.map((w) => w.shape)).toEqual([[6272], [6272]])
    expect(layer(g, 'g_up1').countParams()).toBe(204_800)
    expect(layer(g, 'g_bn1').trainableWeights.map((w) => w.shape)).toEqual([[64], [64]])
    expect(layer(g, 'g_up2').countParams()).toBe(1_601)
    expect(trainableCount(g)).toBe(908_993)
    expect(nonTrainableCount(g)).toBe(12_672)

    expect(layer(g, 'g_fc').outputShape).toEqual([null, 6272])
    expect(layer(g, 'g_reshape').outputShape).toEqual([null, 7, 7, 128])
    expect(layer(g, 'g_up1').outputShape).toEqual([null, 14, 14, 64])
    expect(layer(g, 'g_up2').outputShape).toEqual([null, 28, 28, 1])
  })

  it('uses PyTorch batch-norm constants (momentum 0.1 there is 0.9 here, eps 1e-5)', () => {
    const config = layer(g, 'g_bn0').getConfig()
    expect(config.momentum).toBe(0.9)
    expect(config.epsilon).toBe(1e-5)
  })

  it('has the peer discriminator layer by layer', () => {
    //   c1 Conv(1+10 → 64, 5×5)     11·64·25 + 64   =  17 664
    //   c2 Conv(64 → 128, 5×5)      64·128·25 + 128 = 204 928
    //   fc Linear(6272, 1)          6272 + 1        =   6 273
    //   total                                       = 228 865
    expect(layer(d, 'd_join').outputShape).toEqual([null, 28, 28, 11])
    expect(layer(d, 'd_conv1').countParams()).toBe(17_664)
    expect(layer(d, 'd_conv1').outputShape).toEqual([null, 14, 14, 64])
    expect(layer(d, 'd_conv2').countParams()).toBe(204_928)
    expect(layer(d, 'd_conv2').outputShape).toEqual([null, 7, 7, 128])
    expect(layer(d, 'd_logit').countParams()).toBe(6_273)
    expect(trainableCount(d)).toBe(228_865)
    expect(nonTrainableCount(d)).toBe(0)
  })

  it('matches the unconditional peer too (--unconditional: G 846 273, D 212 865)', () => {
    const gu = buildGenerator({ ...spec, numClasses: 0 })
    const du = buildDiscriminator({ ...spec, numClasses: 0 })
    expect(trainableCount(gu)).toBe(846_273)
    expect(trainableCount(du)).toBe(212_865)
    expect(gu.inputs).toHaveLength(1)
    expect(du.inputs).toHaveLength(1)
    gu.dispose()
    du.dispose()
  })

  it('initialises like torch: weights and biases within ±1/√fanIn', () => {
    const bound = (w: tf.LayerVariable, fanIn: number) => {
      const max = tf.tidy(() => w.read().abs().max().dataSync()[0] ?? 0)
      expect(max).toBeLessThanOrEqual(1 / Math.sqrt(fanIn) + 1e-6)
      expect(max).toBeGreaterThan(0.9 / Math.sqrt(fanIn))
    }
    const [c1Kernel, c1Bias] = layer(d, 'd_conv1').trainableWeights
    bound(c1Kernel!, 11 * 25)
    bound(c1Bias!, 11 * 25)
    bound(layer(g, 'g_fc').trainableWeights[0]!, 110)
    bound(layer(g, 'g_up1').trainableWeights[0]!, 64 * 25) // torch's ConvT fan-in is out·k·k
  })

  it('builds the same weights from the same seed, different ones from another', () => {
    const firstWeight = (seed: number) => {
      const m = buildGenerator({ ...spec, seed })
      const values = Array.from(m.getLayer('g_up1').getWeights()[0]!.dataSync().slice(0, 8))
      m.dispose()
      return values
    }
    expect(firstWeight(7)).toEqual(firstWeight(7))
    expect(firstWeight(7)).not.toEqual(firstWeight(8))
  })
})

describe('every dcgan size', () => {
  it.each([28, 32, 64] as const)('%ipx plans blocks from the small end', (resolution) => {
    const plan = dcganPlan({ resolution, channels: 1, noiseDim: 8, numClasses: 0 })
    expect(plan.start * 2 ** plan.filters.length).toBe(resolution)
    expect(plan.filters.at(-1)).toBe(64)
  })

  for (const resolution of [28, 32, 64] as const) {
    for (const channels of [1, 3] as const) {
      for (const numClasses of [0, 4]) {
        it(`${resolution}px ${channels}ch ${numClasses ? 'conditional' : 'unconditional'} maps z to images to logits`, () => {
          const spec = { resolution, channels, noiseDim: 16, numClasses, width: 8 }
          const g = buildGenerator(spec)
          const d = buildDiscriminator(spec)
          expect(g.outputs[0]!.shape).toEqual([null, resolution, resolution, channels])
          expect(d.outputs[0]!.shape).toEqual([null, 1])
          tf.tidy(() => {
            const z = tf.randomNormal([3, 16])
            const y = numClasses ? tf.oneHot([0, 1, 3], numClasses).toFloat() : null
            const images = g.apply(y ? [z, y] : z, { training: false }) as tf.Tensor
            expect(images.shape).toEqual([3, resolution, resolution, channels])
            const range = [images.min().dataSync()[0]!, images.max().dataSync()[0]!]
            expect(range[0]).toBeGreaterThanOrEqual(-1)
            expect(range[1]).toBeLessThanOrEqual(1)
            const logits = d.apply(y ? [images, y] : images) as tf.Tensor
            expect(logits.shape).toEqual([3, 1])
          })
          g.dispose()
          d.dispose()
        })
      }
    }
  }
})
