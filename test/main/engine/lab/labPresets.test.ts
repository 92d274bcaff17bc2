import { beforeAll, describe, expect, it } from 'vitest'
import { LabSession } from '../../../../src/main/engine/lab/labTrainer'
import { distanceFromHalf, labVerdict } from '../../../../src/main/engine/lab/verdict'
import {
  LAB_PRESET_NAMES,
  LAB_PRESETS,
  LabFrameSchema,
  type LabFrame
} from '../../../../src/shared/lab'
import { createTranslator } from '../../../../src/shared/i18n/coreTranslator'
import { LOCALES } from '../../../../src/shared/i18n/locales'
import { useWasmBackend } from '../../../helpers/wasmBackend'

beforeAll(useWasmBackend)

async function runPreset(
  name: keyof typeof LAB_PRESETS,
  steps: number,
  every: number
): Promise<LabFrame[]> {
  const session = new LabSession(LAB_PRESETS[name].config)
  try {
    const frames = [session.frame()]
    await session.run({ steps, frameEvery: every, onFrame: (f) => frames.push(f) })
    return frames
  } finally {
    session.dispose()
  }
}

describe('the Lab presets', () => {
  it.each(LAB_PRESET_NAMES)('%s runs a few steps to finite frames', (name) => {
    const preset = LAB_PRESETS[name]
    // Its narrative, in every language the studio speaks.
    for (const locale of LOCALES)
      expect(createTranslator(locale)(preset.explanationKey).length).toBeGreaterThan(120)
    expect(createTranslator('en')(preset.explanationKey).length).toBeGreaterThan(200)
    const session = new LabSession(preset.config)
    try {
      // The schema's numbers reject NaN and ±Infinity.
      expect(() => LabFrameSchema.parse(session.step(3))).not.toThrow()
    } finally {
      session.dispose()
    }
  })

  it('mode-collapse covers fewer modes than the data has', async () => {
    const frames = await runPreset('mode-collapse', 400, 50)
    const last = frames[frames.length - 1]!
    expect(last.modesTotal).toBe(3)
    // G starts on the middle mode; from step 100 on it must cover at most two of the three
    // (the rule: a tenth of a mode's share of samples within 2σ of its mean, see modes.ts).
    for (const f of frames.filter((f) => f.step >= 100)) expect(f.modesCovered).toBeLessThan(3)
    // A G that matched the data would have JS ≈ 0; exactly two of three modes gives 0.13.
    expect(last.js).toBeGreaterThan(0.1)
    expect(labVerdict('mode-collapse', LAB_PRESETS['mode-collapse'].config, frames).holds).toBe(
      true
    )
  })

  it('equilibrium brings D near 1/2 and V near −log 4', async () => {
    const frames = await runPreset('equilibrium', 800, 100)
    const first = frames[0]!
    const last = frames[frames.length - 1]!
    // Measured over four seeds at step 800: mean |D − 1/2| 0.005–0.016, |V + log 4| ≤ 0.004,
    // JS 0.008–0.016. The game never stops moving (both players take noisy steps), so the
    // bounds allow a few times that: 0.05, 0.02 and 0.05. At the start they are 0.044, 0.003 and
    // 0.57: V alone says little while D is still weak, hence the three together.
    expect(distanceFromHalf(last)).toBeLessThan(0.05)
    expect(Math.abs(last.value + Math.log(4))).toBeLessThan(0.02)
    expect(last.js).toBeLessThan(0.05)
    expect(first.js).toBeGreaterThan(0.3)
    expect(labVerdict('equilibrium', LAB_PRESETS.equilibrium.config, frames).holds).toBe(true)
  })
})
