import { describe, expect, it } from 'vitest'
import { createTranslator } from '../../src/shared/i18n/coreTranslator'
import { LOCALES } from '../../src/shared/i18n/locales'
import type { LabVerdictData } from '../../src/shared/lab'
import { labVerdictText } from '../../src/shared/labVerdictText'

/** One verdict of every kind the engine gives (src/main/engine/lab/verdict.ts), with numbers. */
const classes = [-3, 0, 3].map((mean, i) => ({
  mean,
  withShare: 0.91 - i * 0.1,
  withoutShare: 0.52 + i * 0.05,
  withAccept: 0.04 + i * 0.01,
  withoutAccept: 0.63 - i * 0.02,
  withSpread: 0.83 + i * 0.1,
  withoutSpread: 0.07 + i * 0.2
}))
const VERDICTS: LabVerdictData[] = [
  { holds: false, key: 'no-frames', values: {} },
  { holds: false, key: 'no-variant', values: {} },
  ...(['equilibrium.holds', 'equilibrium.not-yet'] as const).map((key) => ({
    holds: key.endsWith('holds'),
    key,
    values: { fromHalf: 0.0123, value: -1.3817, jsFirst: 0.571, jsLast: 0.0142 }
  })),
  ...(['saturation.holds', 'saturation.stuck', 'saturation.not-starved'] as const).map((key) => ({
    holds: key === 'saturation.holds',
    key,
    values: {
      jsFirst: 0.69,
      jsLast: 0.687,
      gradNorm: 3.1e-5,
      compareGradNorm: 0.41,
      ratio: 1.3e4,
      twinJsFirst: 0.69,
      twinJsLast: 0.021
    },
    words: { loss: 'minimax', compareLoss: 'non-saturating', twinLoss: 'non-saturating' }
  })),
  {
    holds: true,
    key: 'mode-collapse.holds',
    values: { covered: 1, total: 3, most: 2, js: 0.318 },
    perClass: [
      { mean: -5, d: 0.97 },
      { mean: 5, d: 0.95 }
    ]
  },
  {
    holds: false,
    key: 'mode-collapse.spread',
    values: { covered: 3, total: 3, most: 3, js: 0.012 }
  },
  {
    holds: true,
    key: 'disjoint.reached',
    values: { jsFirst: 0.693, lowestJs: 0.05 },
    words: { loss: 'non-saturating' }
  },
  ...(['disjoint.holds', 'disjoint.fading', 'disjoint.not-minimax'] as const).map((key) => ({
    holds: key === 'disjoint.holds',
    key,
    values: {
      value: -0.021,
      gradFirst: 0.12,
      gradLast: 4.4e-6,
      fade: 2.7e4,
      compareGradNorm: 0.33
    },
    words: {
      loss: key === 'disjoint.not-minimax' ? 'wgan-gp' : 'minimax',
      compareLoss: 'non-saturating'
    }
  })),
  ...(['optimal-d.holds', 'optimal-d.not-yet'] as const).map((key) => ({
    holds: key.endsWith('holds'),
    key,
    values: { gap: 0.031, value: -1.204, bound: -1.19 }
  })),
  { holds: false, key: 'kl.no-fits', values: {} },
  ...([-1, 240, 0] as const).map((firstAll, i) => ({
    holds: i !== 2,
    key: i !== 2 ? 'kl.holds' : 'kl.not',
    values: {
      klMean: 0.01,
      klStd: 2.06,
      reverseMean: -1.98,
      reverseStd: 0.52,
      reverseMode: -2,
      jsMean: -1.4,
      jsStd: 0.9,
      ganMean: -1.87,
      ganStd: 0.61,
      ganKl: 3.21,
      ganReverseKl: 0.7,
      ganJs: 0.2,
      modesTotal: 2,
      variantModes: i === 0 ? 1 : 2,
      variantJs: 0.04,
      variantFirstAll: firstAll,
      variantMostlyCollapsedSteps: i === 1 ? 3 : 0
    },
    words: { variant: 'f-GAN, KL objective' }
  })),
  ...(['g-too-fast.holds', 'g-too-fast.not'] as const).map((key) => ({
    holds: key.endsWith('holds'),
    key,
    values: {
      gSteps: 10,
      dSteps: 1,
      fastJs: 0.21,
      slowJs: 0.031,
      fastGap: 0.17,
      slowGap: 0.04,
      from: 150
    },
    words: { variant: 'k = 5 D steps per G step' }
  })),
  ...(['instance-noise.holds', 'instance-noise.not'] as const).map((key) => ({
    holds: key.endsWith('holds'),
    key,
    values: {
      noiseStd: 2,
      decaySteps: 400,
      noiseJs: 0.03,
      plainJs: 0.693,
      noiseGrad: 0.052,
      plainGrad: 1.2e-7,
      noiseMean: -2.91,
      plainMean: 2.97,
      dataMean: -3
    },
    words: { variant: 'no noise' }
  })),
  ...(['wgan.holds', 'wgan.not'] as const).map((key) => ({
    holds: key.endsWith('holds'),
    key,
    values: {
      dataMean: -3,
      start: 3.02,
      wganEnd: -2.5,
      otherEnd: 2.99,
      wganProgress: 0.92,
      otherProgress: 0.01,
      wganJs: 0.31,
      otherJs: 0.693,
      estimate: 0.82
    },
    words: { loss: 'wgan-gp', variant: 'minimax, same start' }
  })),
  { holds: false, key: 'conditional.no-contrast', values: {} },
  ...(['conditional.holds', 'conditional.not'] as const).map((key, i) => ({
    holds: key.endsWith('holds'),
    key,
    values: { acceptWith: 0.05, acceptWithout: 0.61, ignoresZ: i, minSpread: 0.07 },
    perClass: classes
  }))
]

const translators = Object.fromEntries(LOCALES.map((l) => [l, createTranslator(l)]))
const text = (v: LabVerdictData, locale: (typeof LOCALES)[number]): string =>
  labVerdictText(v, translators[locale]!)
/** Every number a text states, in order of size: the same facts whatever the language. */
const numbers = (s: string): string[] => (s.match(/-?\d+(?:\.\d+)?(?:e[+-]\d+)?/g) ?? []).sort()
const han = /\p{Script=Han}/u

describe('the Lab verdicts in words', () => {
  it('covers every kind of verdict the engine gives', () => {
    expect(new Set(VERDICTS.map((v) => v.key)).size).toBe(27)
  })

  it.each(VERDICTS.map((v, i) => [`${v.key} #${i}`, v] as const))(
    '%s states the same numbers in English, Simplified and Traditional Chinese',
    (_, v) => {
      const en = text(v, 'en')
      expect(en).not.toMatch(/lab\.|undefined|\{/)
      for (const locale of ['zh-CN', 'zh-TW'] as const) {
        const zh = text(v, locale)
        expect(zh, locale).toMatch(han)
        expect(zh, locale).not.toMatch(/lab\.|undefined|\{/)
        expect(numbers(zh), `${locale}: ${zh}`).toEqual(numbers(en))
      }
    }
  )

  it('keeps the English sentences as they were', () => {
    const [saturation] = VERDICTS.filter((v) => v.key === 'saturation.holds')
    expect(text(saturation!, 'en')).toBe(
      "minimax: JS 0.690 → 0.687, G's gradient norm 3.1e-5 (non-saturating on the same D and G: " +
        '4.1e-1, 1.3e+4×); non-saturating from the same start: JS 0.690 → 0.021: the minimax ' +
        'generator saturates and stays put, the non-saturating one reaches the data.'
    )
    const [equilibrium] = VERDICTS.filter((v) => v.key === 'equilibrium.holds')
    expect(text(equilibrium!, 'en')).toBe(
      'mean |D − 1/2| = 0.012 where the densities have mass, V = -1.382 against −log 4 = -1.386, ' +
        'JS 0.571 → 0.014: G has learned the data, and D can do no better than 1/2 everywhere.'
    )
  })

  it('speaks the standard terms, and names losses and second runs in the language', () => {
    const pick = (key: string): LabVerdictData => VERDICTS.find((v) => v.key === key)!
    expect(text(pick('mode-collapse.holds'), 'zh-CN')).toContain('模式崩溃')
    expect(text(pick('mode-collapse.holds'), 'zh-TW')).toContain('模式崩潰')
    expect(text(pick('optimal-d.holds'), 'zh-CN')).toContain('最优判别器')
    expect(text(pick('optimal-d.holds'), 'zh-TW')).toContain('最佳判別器')
    const saturation = text(pick('saturation.holds'), 'zh-CN')
    expect(saturation).toContain('极小极大')
    expect(saturation).toContain('非饱和')
    expect(saturation).not.toMatch(/minimax|non-saturating/)
    expect(text(pick('instance-noise.holds'), 'zh-TW')).toContain('不加雜訊')
    expect(text(pick('g-too-fast.holds'), 'zh-CN')).toContain('每个 G 步走 k = 5 个 D 步')
  })

  it('leaves a label of the user’s own as written', () => {
    const v: LabVerdictData = {
      ...VERDICTS.find((x) => x.key === 'instance-noise.not')!,
      words: { variant: 'my run σ=1' }
    }
    for (const locale of LOCALES) expect(text(v, locale)).toContain('my run σ=1')
  })
})
