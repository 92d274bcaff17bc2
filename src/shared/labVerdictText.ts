import type { LabVerdictData } from './lab'

/**
 * The Lab's verdicts in words. The engine judges a run into data (a key, its numbers, the
 * names it quotes); this is the one place that turns them into English, for the CLI and the
 * studio alike, so a translation replaces this table and nothing else.
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

export function labVerdictText(v: LabVerdictData): string {
  const n = (key: string): number => v.values[key] ?? NaN
  const w = (key: string): string => v.words?.[key] ?? ''
  switch (v.key) {
    case 'no-frames':
      return 'No frames: the run took no steps.'
    case 'no-variant':
      return 'This experiment compares two runs, but its second run is missing: restart the preset.'

    case 'equilibrium.holds':
    case 'equilibrium.not-yet': {
      const numbers =
        `mean |D − 1/2| = ${f(n('fromHalf'))} where the densities have mass, V = ${f(n('value'))} ` +
        `against −log 4 = ${f(MINUS_LOG4)}, JS ${f(n('jsFirst'))} → ${f(n('jsLast'))}`
      return v.holds
        ? `${numbers}: G has learned the data, and D can do no better than 1/2 everywhere.`
        : `${numbers}: not at the equilibrium yet; run more steps.`
    }

    case 'saturation.holds':
    case 'saturation.stuck':
    case 'saturation.not-starved': {
      const run = `${w('loss')}: JS ${f(n('jsFirst'))} → ${f(n('jsLast'))}, G's gradient norm ${fmt.sci(n('gradNorm'))}`
      const compared = w('compareLoss')
        ? ` (${w('compareLoss')} on the same D and G: ${fmt.sci(n('compareGradNorm'))}, ${fmt.sci(n('ratio'))}×)`
        : ''
      const twin = w('twinLoss')
        ? `; ${w('twinLoss')} from the same start: JS ${f(n('twinJsFirst'))} → ${f(n('twinJsLast'))}`
        : ''
      const conclusion =
        v.key === 'saturation.holds'
          ? 'the minimax generator saturates and stays put, the non-saturating one reaches the data.'
          : v.key === 'saturation.stuck'
            ? 'the minimax generator saturates; compare the non-saturating loss from the same start.'
            : 'the minimax generator was not starved this time (D never rejected it confidently enough).'
      return `${run}${compared}${twin}: ${conclusion}`
    }

    case 'mode-collapse.holds':
    case 'mode-collapse.spread': {
      const numbers =
        `G covers ${n('covered')} of ${n('total')} modes at the end, at most ${n('most')} over the later half ` +
        `of the run; JS = ${f(n('js'))}`
      if (!v.holds) return `${numbers}: no collapse this time; G spread over every mode.`
      const missed = (v.perClass ?? []).map((m) => `D(${f(m.mean!, 1)}) = ${f(m.d!, 2)}`)
      return `${numbers}${missed.length ? `, and ${missed.join(', ')} where G puts nothing` : ''}: G has collapsed.`
    }

    case 'disjoint.reached':
      return (
        `JS fell from ${f(n('jsFirst'))} to ${f(n('lowestJs'))}: G left its start and reached ` +
        `the data, so under the ${w('loss')} loss it did get a signal.`
      )
    case 'disjoint.holds':
    case 'disjoint.fading':
    case 'disjoint.not-minimax': {
      const compared =
        v.values.compareGradNorm !== undefined
          ? ` (the ${w('compareLoss')} gradient on the same D and G: ${fmt.sci(n('compareGradNorm'))})`
          : ''
      const conclusion =
        v.key === 'disjoint.holds'
          ? 'the minimax generator gets no signal.'
          : v.key === 'disjoint.fading'
            ? `the gradient is fading (${fmt.sci(n('fade'))}× smaller) but not yet gone; run more steps.`
            : `the supports never met, yet G's gradient did not vanish under the ${w('loss')} loss.`
      return (
        `JS stayed at log 2 = ${f(LOG2)} throughout, V rose to ${f(n('value'))} ` +
        `(at D*: −log 4 + 2·log 2 = 0), and G's gradient norm went ` +
        `${fmt.sci(n('gradFirst'))} → ${fmt.sci(n('gradLast'))}${compared}: ${conclusion}`
      )
    }

    case 'optimal-d.holds':
    case 'optimal-d.not-yet':
      return (
        `mean |D − D*| = ${f(n('gap'))} where the densities have mass, and V = ${f(n('value'))} ` +
        `against −log 4 + 2·JS = ${f(n('bound'))}: ` +
        (v.holds
          ? 'D has found D* = p_data / (p_data + p_G), and V(G, D*) = −log 4 + 2·JS holds.'
          : 'D has not reached D* yet; run more steps.')
      )

    case 'kl.no-fits':
      return 'No Gaussian fits in this run: turn on gaussianFits.'
    case 'kl.holds':
    case 'kl.not': {
      const fits =
        `the KL fit ${gauss(n('klMean'), n('klStd'))} ` +
        (v.holds ? 'spreads over every mode' : 'does not spread over every mode') +
        `, the reverse-KL fit ${gauss(n('reverseMean'), n('reverseStd'))} ` +
        (v.holds ? `sits on the mode at ${f(n('reverseMode'), 1)}` : 'does not sit on one mode') +
        `, the JS fit is ${gauss(n('jsMean'), n('jsStd'))}; ` +
        `the GAN's Gaussian is ${gauss(n('ganMean'), n('ganStd'))} ` +
        `(KL ${f(n('ganKl'))}, reverse KL ${f(n('ganReverseKl'))}, JS ${f(n('ganJs'))})`
      const variant =
        v.values.variantModes === undefined
          ? ''
          : `. The ${w('variant')} covers ${n('variantModes')} of ${n('modesTotal')} modes at the end (JS ${f(n('variantJs'))}); ` +
            (n('variantFirstAll') < 0
              ? 'it never covered them all: minimising KL inside a GAN still collapsed'
              : n('variantMostlyCollapsedSteps') > 0
                ? `it sat on fewer modes until step ${n('variantFirstAll')}: even a GAN minimising KL collapses for a while`
                : 'it covered every mode throughout')
      return `${fits}${variant}. ${v.holds ? 'KL covers the modes, reverse KL seeks one.' : 'The fits did not separate this time.'}`
    }

    case 'g-too-fast.holds':
    case 'g-too-fast.not': {
      const numbers =
        `from step ${n('from')} on, with ${n('gSteps')} G steps per ${n('dSteps')} D step: mean JS ${f(n('fastJs'))}, ` +
        `mean |D − D*| ${f(n('fastGap'))}; with ${w('variant')}: mean JS ${f(n('slowJs'))}, ` +
        `mean |D − D*| ${f(n('slowGap'))}`
      return v.holds
        ? `${numbers}: G outran D, which is no longer near D* for the G of the moment, and JS stays high; k D steps per G step keep D near D* and G on the data.`
        : `${numbers}: no clear difference this time.`
    }

    case 'instance-noise.holds':
    case 'instance-noise.not': {
      const numbers =
        `with instance noise (σ ${f(n('noiseStd'), 1)} fading to 0 over ${n('decaySteps')} steps): final JS ${f(n('noiseJs'))}, ` +
        `G's median gradient norm ${fmt.sci(n('noiseGrad'))}, G's mean ${f(n('noiseMean'), 2)}; ` +
        `${w('variant')}: final JS ${f(n('plainJs'))}, gradient ${fmt.sci(n('plainGrad'))}, mean ${f(n('plainMean'), 2)} ` +
        `(the data's mean: ${f(n('dataMean'), 2)})`
      return v.holds
        ? `${numbers}: the noise made the supports overlap, so the minimax G got a gradient and reached the data, while without it JS stayed at log 2.`
        : `${numbers}: the noise did not make the difference this time.`
    }

    case 'wgan.holds':
    case 'wgan.not': {
      const numbers =
        `G's mean went ${f(n('start'), 2)} → ${f(n('wganEnd'), 2)} under WGAN-GP (${pct(n('wganProgress'))} of the way ` +
        `to the data's ${f(n('dataMean'), 2)}, JS ${f(n('wganJs'))}, critic's W₁ estimate ${f(n('estimate'))}), and ` +
        `${f(n('start'), 2)} → ${f(n('otherEnd'), 2)} for the ${w('variant')} run (${pct(n('otherProgress'))}, JS ${f(n('otherJs'))})`
      return v.holds
        ? `${numbers}: the critic gives G a useful gradient across the gap where JS gives none.`
        : `${numbers}: the difference did not show this time; run more steps.`
    }

    case 'conditional.no-contrast':
      return 'Conditional: compare a run with wrong-label negatives against one without (restart the preset).'
    case 'conditional.holds':
    case 'conditional.not': {
      const classes = (v.perClass ?? []).map(
        (c, i) =>
          `class ${i} (at ${f(c.mean!, 1)}): G in its region ${pct(c.withShare!)} with, ${pct(c.withoutShare!)} without; ` +
          `D(c, x) on other classes' x ${f(c.withAccept!, 2)} with, ${f(c.withoutAccept!, 2)} without; ` +
          `spread over z ${f(c.withSpread!, 2)}σ with, ${f(c.withoutSpread!, 2)}σ without`
      )
      const z =
        n('ignoresZ') > 0
          ? `G ignores z in ${n('ignoresZ')} class runs (spread below ${f(IGNORES_Z_TEXT, 1)}σ)`
          : `G still depends on z in every class (smallest spread ${f(n('minSpread'), 2)}σ)`
      return (
        `${classes.join('; ')}. ${z}. ` +
        (v.holds
          ? `With wrong-label negatives D rejects real x with the wrong label (mean ${f(n('acceptWith'), 2)}); without them it accepts them far more (${f(n('acceptWithout'), 2)}).`
          : `D's acceptance of wrong-label pairs: ${f(n('acceptWith'), 2)} with the negatives, ${f(n('acceptWithout'), 2)} without; no clear difference this time.`)
      )
    }
  }
  return `(${v.key})`
}
