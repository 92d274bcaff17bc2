import type { Translate } from './i18n/translate'
import { labLossName, labVariantLabel, type LabVerdictData } from './lab'

/**
 * The Lab's verdicts in words. The engine judges a run into data (a key, its numbers, the
 * names it quotes); this is the one place that turns them into sentences, for the CLI and
 * the studio alike. The sentences are messages (lab.verdicts in messages/<locale>/lab.json),
 * so `t` picks the language; the numbers are formatted here, the same in every language.
 */

/** Numbers as the Lab prints them: fixed point without a "−0.000", or one-digit scientific. */
export const fmt = {
  fixed(v: number, digits = 3): string {
    const s = v.toFixed(digits)
    return /^-0\.?0*$/.test(s) ? s.slice(1) : s
  },
  sci: (v: number): string => v.toExponential(1)
}

const LOG2 = Math.log(2)
const MINUS_LOG4 = -Math.log(4)
/** The engine's threshold (verdict.ts) below which G is said to ignore z, in units of σ. */
const IGNORES_Z_TEXT = 0.1

const f = fmt.fixed
const gauss = (m: number, s: number): string => `N(${f(m, 2)}, ${f(s, 2)}²)`
const pct = (v: number): string => `${Math.round(v * 100)}%`

export function labVerdictText(v: LabVerdictData, t: Translate): string {
  const n = (key: string): number => v.values[key] ?? NaN
  const w = (key: string): string => v.words?.[key] ?? ''
  /** The words the verdict quotes, in the user's language: a loss, a variant's label. */
  const loss = (key: string): string => labLossName(w(key), t)
  const variant = (): string => labVariantLabel(w('variant'), t)
  const say = (key: string, named: Record<string, unknown> = {}): string =>
    t(`lab.verdicts.${key}`, named)
  switch (v.key) {
    case 'no-frames':
      return say('noFrames')
    case 'no-variant':
      return say('noVariant')

    case 'equilibrium.holds':
    case 'equilibrium.not-yet': {
      const numbers = say('equilibrium.numbers', {
        fromHalf: f(n('fromHalf')),
        value: f(n('value')),
        minusLog4: f(MINUS_LOG4),
        jsFirst: f(n('jsFirst')),
        jsLast: f(n('jsLast'))
      })
      return say(v.holds ? 'equilibrium.holds' : 'equilibrium.notYet', { numbers })
    }

    case 'saturation.holds':
    case 'saturation.stuck':
    case 'saturation.not-starved': {
      const run = say('saturation.run', {
        loss: loss('loss'),
        jsFirst: f(n('jsFirst')),
        jsLast: f(n('jsLast')),
        gradNorm: fmt.sci(n('gradNorm'))
      })
      const compared = w('compareLoss')
        ? say('saturation.compared', {
            compareLoss: loss('compareLoss'),
            compareGradNorm: fmt.sci(n('compareGradNorm')),
            ratio: fmt.sci(n('ratio'))
          })
        : ''
      const twin = w('twinLoss')
        ? say('saturation.twin', {
            twinLoss: loss('twinLoss'),
            twinJsFirst: f(n('twinJsFirst')),
            twinJsLast: f(n('twinJsLast'))
          })
        : ''
      const conclusion = say(
        v.key === 'saturation.holds'
          ? 'saturation.holds'
          : v.key === 'saturation.stuck'
            ? 'saturation.stuck'
            : 'saturation.notStarved'
      )
      return say('saturation.sentence', { run, compared, twin, conclusion })
    }

    case 'mode-collapse.holds':
    case 'mode-collapse.spread': {
      const numbers = say('modeCollapse.numbers', {
        covered: n('covered'),
        total: n('total'),
        most: n('most'),
        js: f(n('js'))
      })
      if (!v.holds) return say('modeCollapse.spread', { numbers })
      const missed = (v.perClass ?? []).map((m) => `D(${f(m.mean!, 1)}) = ${f(m.d!, 2)}`)
      return say('modeCollapse.holds', {
        numbers,
        missed: missed.length
          ? say('modeCollapse.missed', { list: missed.join(say('listSeparator')) })
          : ''
      })
    }

    case 'disjoint.reached':
      return say('disjoint.reached', {
        jsFirst: f(n('jsFirst')),
        lowestJs: f(n('lowestJs')),
        loss: loss('loss')
      })
    case 'disjoint.holds':
    case 'disjoint.fading':
    case 'disjoint.not-minimax': {
      const compared =
        v.values.compareGradNorm !== undefined
          ? say('disjoint.compared', {
              compareLoss: loss('compareLoss'),
              compareGradNorm: fmt.sci(n('compareGradNorm'))
            })
          : ''
      const conclusion =
        v.key === 'disjoint.holds'
          ? say('disjoint.holds')
          : v.key === 'disjoint.fading'
            ? say('disjoint.fading', { fade: fmt.sci(n('fade')) })
            : say('disjoint.notMinimax', { loss: loss('loss') })
      return say('disjoint.sentence', {
        log2: f(LOG2),
        value: f(n('value')),
        gradFirst: fmt.sci(n('gradFirst')),
        gradLast: fmt.sci(n('gradLast')),
        compared,
        conclusion
      })
    }

    case 'optimal-d.holds':
    case 'optimal-d.not-yet':
      return say('optimalD.sentence', {
        gap: f(n('gap')),
        value: f(n('value')),
        bound: f(n('bound')),
        conclusion: say(v.holds ? 'optimalD.holds' : 'optimalD.notYet')
      })

    case 'kl.no-fits':
      return say('kl.noFits')
    case 'kl.holds':
    case 'kl.not': {
      const fits = say('kl.fits', {
        klFit: gauss(n('klMean'), n('klStd')),
        klVerdict: say(v.holds ? 'kl.klSpreads' : 'kl.klNotSpread'),
        reverseFit: gauss(n('reverseMean'), n('reverseStd')),
        reverseVerdict: v.holds
          ? say('kl.reverseSits', { mode: f(n('reverseMode'), 1) })
          : say('kl.reverseNotSit'),
        jsFit: gauss(n('jsMean'), n('jsStd')),
        ganFit: gauss(n('ganMean'), n('ganStd')),
        ganKl: f(n('ganKl')),
        ganReverseKl: f(n('ganReverseKl')),
        ganJs: f(n('ganJs'))
      })
      const outcome =
        n('variantFirstAll') < 0
          ? say('kl.neverAll')
          : n('variantMostlyCollapsedSteps') > 0
            ? say('kl.collapsedFor', { step: n('variantFirstAll') })
            : say('kl.coveredAll')
      const variantText =
        v.values.variantModes === undefined
          ? ''
          : say('kl.variant', {
              variant: variant(),
              variantModes: n('variantModes'),
              modesTotal: n('modesTotal'),
              variantJs: f(n('variantJs')),
              outcome
            })
      return say('kl.sentence', {
        fits,
        variant: variantText,
        conclusion: say(v.holds ? 'kl.holds' : 'kl.not')
      })
    }

    case 'g-too-fast.holds':
    case 'g-too-fast.not': {
      const numbers = say('gTooFast.numbers', {
        from: n('from'),
        gSteps: n('gSteps'),
        dSteps: n('dSteps'),
        fastJs: f(n('fastJs')),
        fastGap: f(n('fastGap')),
        variant: variant(),
        slowJs: f(n('slowJs')),
        slowGap: f(n('slowGap'))
      })
      return say(v.holds ? 'gTooFast.holds' : 'gTooFast.not', { numbers })
    }

    case 'instance-noise.holds':
    case 'instance-noise.not': {
      const numbers = say('instanceNoise.numbers', {
        noiseStd: f(n('noiseStd'), 1),
        decaySteps: n('decaySteps'),
        noiseJs: f(n('noiseJs')),
        noiseGrad: fmt.sci(n('noiseGrad')),
        noiseMean: f(n('noiseMean'), 2),
        variant: variant(),
        plainJs: f(n('plainJs')),
        plainGrad: fmt.sci(n('plainGrad')),
        plainMean: f(n('plainMean'), 2),
        dataMean: f(n('dataMean'), 2)
      })
      return say(v.holds ? 'instanceNoise.holds' : 'instanceNoise.not', { numbers })
    }

    case 'wgan.holds':
    case 'wgan.not': {
      const numbers = say('wgan.numbers', {
        start: f(n('start'), 2),
        wganEnd: f(n('wganEnd'), 2),
        wganProgress: pct(n('wganProgress')),
        dataMean: f(n('dataMean'), 2),
        wganJs: f(n('wganJs')),
        estimate: f(n('estimate')),
        otherEnd: f(n('otherEnd'), 2),
        variant: variant(),
        otherProgress: pct(n('otherProgress')),
        otherJs: f(n('otherJs'))
      })
      return say(v.holds ? 'wgan.holds' : 'wgan.not', { numbers })
    }

    case 'conditional.no-contrast':
      return say('conditional.noContrast')
    case 'conditional.holds':
    case 'conditional.not': {
      const classes = (v.perClass ?? []).map((c, i) =>
        say('conditional.class', {
          i,
          mean: f(c.mean!, 1),
          withShare: pct(c.withShare!),
          withoutShare: pct(c.withoutShare!),
          withAccept: f(c.withAccept!, 2),
          withoutAccept: f(c.withoutAccept!, 2),
          withSpread: f(c.withSpread!, 2),
          withoutSpread: f(c.withoutSpread!, 2)
        })
      )
      const z =
        n('ignoresZ') > 0
          ? say('conditional.ignoresZ', { count: n('ignoresZ'), threshold: f(IGNORES_Z_TEXT, 1) })
          : say('conditional.dependsOnZ', { minSpread: f(n('minSpread'), 2) })
      const named = { acceptWith: f(n('acceptWith'), 2), acceptWithout: f(n('acceptWithout'), 2) }
      return say('conditional.sentence', {
        classes: classes.join(say('conditional.classSeparator')),
        z,
        conclusion: say(v.holds ? 'conditional.holds' : 'conditional.not', named)
      })
    }
  }
  return `(${v.key})`
}
