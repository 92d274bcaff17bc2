import { beforeAll, describe, expect, it } from 'vitest'
import { optimalDiscriminator, significantPoints } from '../../../../src/main/engine/lab/divergence'
import { LabSession } from '../../../../src/main/engine/lab/labTrainer'
import { gaussianDensity, mixtureDensity } from '../../../../src/main/engine/lab/mixture'
import { LAB_PRESETS, LabConfigSchema, type LabFrame } from '../../../../src/shared/lab'
import { jsByIntegration } from './numeric'
import { useWasmBackend } from '../../../helpers/wasmBackend'

// The claims of Goodfellow et al. (2014), checked on the Lab's small GAN.

beforeAll(useWasmBackend)

function train(configInput: Parameters<typeof LabConfigSchema.parse>[0], steps: number): LabFrame {
  const session = new LabSession(LabConfigSchema.parse(configInput))
  try {
    return session.step(steps)
  } finally {
    session.dispose()
  }
}

/** Mean and max of |a − b| over the points where `where` holds. */
function gapStats(a: number[], b: number[], where: boolean[]): { mean: number; max: number } {
  const gaps = a.flatMap((v, i) => (where[i] ? [Math.abs(v - b[i]!)] : []))
  return { mean: gaps.reduce((s, g) => s + g, 0) / gaps.length, max: Math.max(...gaps) }
}

describe('for a fixed G', () => {
  // The optimal-d preset: data two modes at ±1.5 (σ 0.6); G frozen at x = 0.5 + 1.5·z, so
  // p_G = N(0.5, 1.5²) exactly, and D* = p_data / (p_data + p_G) is known in closed form.
  const config = LAB_PRESETS['optimal-d'].config
  const pG = (x: number): number => gaussianDensity(x, config.gInit!.shift, config.gInit!.scale)
  let frame: LabFrame

  beforeAll(() => {
    frame = train(config, 600)
  })

  it('trains D toward D*(x) = p_data(x) / (p_data(x) + p_G(x)) where the densities have mass', () => {
    const pGOnGrid = frame.grid.map(pG)
    const dStar = optimalDiscriminator(frame.dataDensity, pGOnGrid)
    // Judged where (p_data + p_G)/2 is at least 5% of its peak: elsewhere D sees a handful of
    // samples per batch and its value is noise, not theory.
    const where = significantPoints(frame.dataDensity, pGOnGrid, 0.05)
    const { mean, max } = gapStats(frame.dOnGrid, dStar, where)
    // Tolerances: D is fitted by Adam (lr 3e-3) on fresh batches of 256, so its logit jitters by
    // ~0.1–0.2 around the optimum, moving D by ≤ ¼ of that: measured over four seeds, mean gap
    // 0.019–0.028, max 0.06–0.12 (at the edge of the region, where samples thin out). Mean < 0.05
    // and max < 0.15 allow for that; a D that ignored x (D = 1/2) is off by 0.2 on average.
    expect(mean).toBeLessThan(0.05)
    expect(max).toBeLessThan(0.15)
    const half = dStar.map(() => 0.5)
    expect(gapStats(half, dStar, where).mean).toBeGreaterThan(0.15)
    // The frame's own D*, with p_G from the KDE of G's samples, agrees with the exact one.
    expect(gapStats(frame.dStar, dStar, where).mean).toBeLessThan(0.03)
  })

  it('reaches V(G, D*) = −log 4 + 2·JS(p_data ‖ p_G)', () => {
    const js = jsByIntegration((x) => mixtureDensity(config.data, x), pG, -15, 15)
    const bound = -Math.log(4) + 2 * js
    // V(G, D) ≤ V(G, D*), with a shortfall of second order in D − D*: E[(D − D*)²/(D*(1 − D*))]
    // ≈ 0.01 for the gap above. V is estimated on 4096 + 4096 evaluation samples, a standard
    // error of ≈ 0.01 (measured V − bound: −0.020 to +0.009 over four seeds). So |V − bound| <
    // 0.04; the distance to −log 4 (2·JS ≈ 0.2) is 5× that.
    expect(Math.abs(frame.value - bound)).toBeLessThan(0.04)
    expect(2 * js).toBeGreaterThan(0.15)
    // And the binned JS of G's samples matches the integral (sampling bias ≈ 2e-3, see divergence.test.ts).
    expect(Math.abs(frame.js - js)).toBeLessThan(0.01)
  })
})

describe('at p_G = p_data', () => {
  it('leaves D at 1/2 everywhere and V at −log 4', () => {
    // G frozen at x = 1 + 0.8·z: exactly the data's N(1, 0.8²).
    const frame = train(
      {
        data: { modes: [{ mean: 1, std: 0.8, weight: 1 }] },
        generator: 'affine',
        freezeG: true,
        gInit: { shift: 1, scale: 0.8 },
        lrD: 3e-3,
        grid: { min: -3, max: 5, points: 161 }
      },
      300
    )
    const where = significantPoints(frame.dataDensity, frame.dataDensity, 0.05)
    const { mean } = gapStats(
      frame.dOnGrid,
      frame.dOnGrid.map(() => 0.5),
      where
    )
    // D can only fit the batches' sampling noise, a wobble of a few thousandths (measured
    // 0.004–0.008 over four seeds): mean |D − 1/2| < 0.03, while the optimal-d case above shows
    // D resolving real differences of 0.2 and more.
    expect(mean).toBeLessThan(0.03)
    // With D = 1/2 + ε: log(1/2 + ε) + log(1/2 − ε) = −log 4 + log(1 − 4ε²) ≈ −log 4 − 4ε², so
    // ε ≲ 0.03 costs ≲ 0.004; the estimate's own noise is ≈ 2ε/√4096 < 0.001 (measured ≤ 3e-4).
    expect(Math.abs(frame.value + Math.log(4))).toBeLessThan(0.005)
    // The binned JS of 4096 samples against the exact data: its bias alone, (K − 1)/(8n) ≈ 4e-3.
    expect(frame.js).toBeLessThan(0.01)
  })
})

describe('from a bad start', () => {
  it('gives the non-saturating G a far larger gradient than the minimax G, on the same D and G', () => {
    // The saturation preset's start (G near 2.5, data near −1.5), with G held still so that
    // only D changes between the two measurements.
    const session = new LabSession({ ...LAB_PRESETS.saturation.config, freezeG: true })
    try {
      // Before D has learned anything D(G(z)) ≈ 1/2, and the two slopes in D's logit, −σ(l)
      // (minimax) and −(1 − σ(l)) (non-saturating), are about equal (measured ratio 0.9–2.0).
      const before =
        session.generatorGradientNorm('non-saturating') / session.generatorGradientNorm('minimax')
      expect(before).toBeGreaterThan(1 / 3)
      expect(before).toBeLessThan(3)

      const frame = session.step(50)
      const minimax = session.generatorGradientNorm('minimax')
      const nonSaturating = session.generatorGradientNorm('non-saturating')
      // After 100 D steps D rejects G's samples, D(G(z)) ≲ 0.005, and the ratio of the slopes is
      // the odds (1 − D)/D ≳ 200 (measured 660–1040 over four seeds). 50× leaves room for the
      // spread of D across samples; swapped losses would give < 1.
      expect(nonSaturating).toBeGreaterThan(50 * minimax)
      // The frame's norms, from the last training batch, tell the same story.
      expect(frame.compare?.loss).toBe('non-saturating')
      expect(frame.compare!.gGradNorm).toBeGreaterThan(50 * frame.gGradNorm)
    } finally {
      session.dispose()
    }
  })
})
