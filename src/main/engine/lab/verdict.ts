import type {
  LabConfig,
  LabFrame,
  LabLoss,
  LabPresetName,
  LabVerdictData
} from '../../../shared/lab'
import { createTranslator } from '../../../shared/i18n/coreTranslator'
import type { Translate } from '../../../shared/i18n/translate'
import { fmt, labVerdictText } from '../../../shared/labVerdictText'
import { meanGapOn, significantPoints } from './divergence'
import { normalisedWeights } from './mixture'

/**
 * Did the run show what its preset claims? Each verdict reads the frames of a run (first to
 * last) and answers with the numbers that decide it, as data: a key naming the sentence and
 * its numbers (shared/labVerdictText.ts words them), and says so plainly when the claim did
 * not show. The frames before the last may be light (no arrays); the first and last are whole.
 */
export interface LabVerdict {
  holds: boolean
  text: string
}

/** A run under a second loss from the same start (the saturation preset's comparison). */
export interface LabTwinRun {
  loss: LabLoss
  frames: LabFrame[]
}

export { fmt }

const LOG2 = Math.log(2)
const MINUS_LOG4 = -Math.log(4)

/** JS this close to log 2 means "the supports do not meet" at the grid's resolution. */
const JS_DISJOINT = LOG2 - 0.01
/** JS below this means G has found the data (a one-of-three-modes fit is already ~0.32). */
const JS_REACHED = 0.1

/** Mean |D − 1/2| where the data or G has mass: how far D is from the equilibrium's flat 1/2. */
export function distanceFromHalf(frame: LabFrame): number {
  const half = frame.dOnGrid.map(() => 0.5)
  return meanGapOn(frame.dOnGrid, half, significantPoints(frame.dataDensity, frame.genKde))
}

/** D at the grid point nearest x. */
function dAt(frame: LabFrame, x: number): number {
  const distances = frame.grid.map((g) => Math.abs(g - x))
  return frame.dOnGrid[distances.indexOf(Math.min(...distances))] ?? 0.5
}

/** The verdict as a sentence, in the language of `t` (English unless given). */
export function labVerdict(
  preset: LabPresetName,
  config: LabConfig,
  frames: readonly LabFrame[],
  twin?: LabTwinRun,
  t: Translate = createTranslator('en')
): LabVerdict {
  const v = judge(preset, config, frames, twin)
  return { holds: v.holds, text: labVerdictText(v, t) }
}

/** The verdict on a run of an experiment with a preset, or none for a config without one. */
export function judgeRun(
  config: LabConfig,
  history: readonly LabFrame[],
  last: LabFrame
): LabVerdictData | undefined {
  if (!config.preset) return undefined
  return judge(config.preset, config, [...history.slice(0, -1), last])
}

export function judge(
  preset: LabPresetName,
  config: LabConfig,
  frames: readonly LabFrame[],
  twin?: LabTwinRun
): LabVerdictData {
  const first = frames[0]
  const last = frames[frames.length - 1]
  if (!first || !last) return { holds: false, key: 'no-frames', values: {} }
  switch (preset) {
    case 'equilibrium':
      return equilibriumVerdict(first, last)
    case 'saturation':
      return saturationVerdict(config, first, last, twin)
    case 'mode-collapse':
      return modeCollapseVerdict(config, frames, last)
    case 'disjoint':
      return disjointVerdict(config, frames, first, last)
    case 'optimal-d':
      return optimalDVerdict(last)
    case 'kl-vs-reverse-kl':
      return klVerdict(config, frames, last)
    case 'g-too-fast':
      return gTooFastVerdict(config, frames)
    case 'instance-noise':
      return instanceNoiseVerdict(config, frames, last)
    case 'wgan-gp-disjoint':
      return wganVerdict(config, first, last)
    case 'conditional':
      return conditionalVerdict(config, last)
  }
}

function equilibriumVerdict(first: LabFrame, last: LabFrame): LabVerdictData {
  const fromHalf = distanceFromHalf(last)
  const vGap = Math.abs(last.value - MINUS_LOG4)
  const holds = fromHalf <= 0.05 && vGap <= 0.02 && last.js <= JS_REACHED
  return {
    holds,
    key: holds ? 'equilibrium.holds' : 'equilibrium.not-yet',
    values: { fromHalf, value: last.value, jsFirst: first.js, jsLast: last.js }
  }
}

function saturationVerdict(
  config: LabConfig,
  first: LabFrame,
  last: LabFrame,
  twin?: LabTwinRun
): LabVerdictData {
  const twinFirst = twin?.frames[0]
  const twinLast = twin?.frames[twin.frames.length - 1]
  const minimaxStuck =
    config.loss === 'minimax'
      ? last.js >= JS_DISJOINT
      : twinLast !== undefined && twinLast.js >= JS_DISJOINT
  const nonSaturatingReached =
    config.loss === 'non-saturating'
      ? last.js <= JS_REACHED
      : twinLast !== undefined && twinLast.js <= JS_REACHED
  const holds = minimaxStuck && nonSaturatingReached
  const values: Record<string, number> = {
    jsFirst: first.js,
    jsLast: last.js,
    gradNorm: last.gGradNorm
  }
  const words: Record<string, string> = { loss: config.loss }
  if (last.compare) {
    values.compareGradNorm = last.compare.gGradNorm
    values.ratio = last.compare.gGradNorm / Math.max(last.gGradNorm, 1e-30)
    words.compareLoss = last.compare.loss
  }
  if (twin && twinFirst && twinLast) {
    values.twinJsFirst = twinFirst.js
    values.twinJsLast = twinLast.js
    words.twinLoss = twin.loss
  }
  return {
    holds,
    key: holds ? 'saturation.holds' : minimaxStuck ? 'saturation.stuck' : 'saturation.not-starved',
    values,
    words
  }
}

function modeCollapseVerdict(
  config: LabConfig,
  frames: readonly LabFrame[],
  last: LabFrame
): LabVerdictData {
  const laterHalf = frames.slice(Math.floor(frames.length / 2))
  const most = Math.max(...laterHalf.map((f) => f.modesCovered))
  const holds = most < last.modesTotal
  // D over the modes G misses: the theory's D* = p_data / (p_data + 0) = 1 there.
  const missed = config.data.modes
    .filter((_, k) => !last.modeCovered[k])
    .map((m) => ({ mean: m.mean, d: dAt(last, m.mean) }))
  return {
    holds,
    key: holds ? 'mode-collapse.holds' : 'mode-collapse.spread',
    values: { covered: last.modesCovered, total: last.modesTotal, most, js: last.js },
    perClass: missed
  }
}

function disjointVerdict(
  config: LabConfig,
  frames: readonly LabFrame[],
  first: LabFrame,
  last: LabFrame
): LabVerdictData {
  const lowestJs = Math.min(...frames.map((f) => f.js))
  const words = { loss: config.loss, ...(last.compare ? { compareLoss: last.compare.loss } : {}) }
  if (lowestJs < JS_DISJOINT) {
    return {
      holds: false,
      key: 'disjoint.reached',
      values: { jsFirst: first.js, lowestJs },
      words
    }
  }
  const vanished = last.gGradNorm <= first.gGradNorm / 100
  const holds = vanished && config.loss === 'minimax'
  return {
    holds,
    key: holds
      ? 'disjoint.holds'
      : config.loss === 'minimax'
        ? 'disjoint.fading'
        : 'disjoint.not-minimax',
    values: {
      value: last.value,
      gradFirst: first.gGradNorm,
      gradLast: last.gGradNorm,
      fade: first.gGradNorm / Math.max(last.gGradNorm, 1e-30),
      ...(last.compare ? { compareGradNorm: last.compare.gGradNorm } : {})
    },
    words
  }
}

function optimalDVerdict(last: LabFrame): LabVerdictData {
  const bound = MINUS_LOG4 + 2 * last.js
  const holds = last.dStarGap <= 0.05 && Math.abs(last.value - bound) <= 0.05
  return {
    holds,
    key: holds ? 'optimal-d.holds' : 'optimal-d.not-yet',
    values: { gap: last.dStarGap, value: last.value, bound }
  }
}

/** The mean of the data: where a G that found it is centred. */
function dataMean(config: LabConfig): number {
  const w = normalisedWeights(config.data)
  return config.data.modes.reduce((s, m, k) => s + w[k]! * m.mean, 0)
}

function median(values: number[]): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

function mean(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0
}

/**
 * kl-vs-reverse-kl: the KL fit must spread over every mode (each mode's mean within one σ of
 * the fit's), the reverse-KL fit sit on one mode (its mean within that mode's σ, its σ at
 * most twice the mode's). The GAN's Gaussian and the f-GAN's coverage are reported.
 */
function klVerdict(config: LabConfig, frames: readonly LabFrame[], last: LabFrame): LabVerdictData {
  const fit = (kind: string) => last.fits?.find((f) => f.kind === kind)
  const kl = fit('kl')
  const reverse = fit('reverse-kl')
  const js = fit('js')
  const gan = fit('gan')
  if (!kl || !reverse || !js || !gan) return { holds: false, key: 'kl.no-fits', values: {} }
  const modes = config.data.modes
  const klCovers = modes.every((m) => Math.abs(m.mean - kl.mean) <= kl.std)
  const nearest = modes.reduce((a, m) =>
    Math.abs(m.mean - reverse.mean) < Math.abs(a.mean - reverse.mean) ? m : a
  )
  const reverseOnOne =
    Math.abs(nearest.mean - reverse.mean) <= nearest.std && reverse.std <= 2 * nearest.std
  const values: Record<string, number> = {
    klMean: kl.mean,
    klStd: kl.std,
    reverseMean: reverse.mean,
    reverseStd: reverse.std,
    reverseMode: nearest.mean,
    jsMean: js.mean,
    jsStd: js.std,
    ganMean: gan.mean,
    ganStd: gan.std,
    ganKl: gan.kl,
    ganReverseKl: gan.reverseKl,
    ganJs: gan.js,
    modesTotal: last.modesTotal
  }
  const variant = last.variants?.[0]
  const words: Record<string, string> = {}
  if (variant) {
    const firstAll = frames.find((f) => (f.variants?.[0]?.modesCovered ?? 0) >= f.modesTotal)
    values.variantModes = variant.modesCovered
    values.variantJs = variant.js
    values.variantFirstAll = firstAll ? firstAll.step : -1
    values.variantMostlyCollapsedSteps = frames.filter(
      (f) => f.step > 0 && (f.variants?.[0]?.modesCovered ?? 0) < f.modesTotal
    ).length
    words.variant = variant.label
  }
  const holds = klCovers && reverseOnOne
  return {
    holds,
    key: holds ? 'kl.holds' : 'kl.not',
    values,
    words
  }
}

/** The later half of a run (at least its last frame). */
function laterHalf(frames: readonly LabFrame[]): readonly LabFrame[] {
  const later = frames.filter((f) => f.step >= (frames[frames.length - 1]?.step ?? 0) / 2)
  return later.length ? later : frames.slice(-1)
}

/**
 * g-too-fast: over the later half of the run, mean JS and mean |D − D*| of the run where G
 * outpaces D, against the variant with k D steps per G step. It shows when both are larger by
 * at least 0.1 (a G that matches the data has JS ≈ 0.01; a collapsed spike, ≈ 0.5).
 */
function gTooFastVerdict(config: LabConfig, frames: readonly LabFrame[]): LabVerdictData {
  const later = laterHalf(frames).filter((f) => f.variants?.[0])
  const variant = frames[frames.length - 1]?.variants?.[0]
  if (!variant || later.length === 0) return { holds: false, key: 'no-variant', values: {} }
  const fastJs = mean(later.map((f) => f.js))
  const slowJs = mean(later.map((f) => f.variants![0]!.js))
  const fastGap = mean(later.map((f) => f.dStarGap))
  const slowGap = mean(later.map((f) => f.variants![0]!.dStarGap))
  const holds = fastJs >= slowJs + 0.1 && fastGap >= slowGap + 0.1
  return {
    holds,
    key: holds ? 'g-too-fast.holds' : 'g-too-fast.not',
    values: {
      gSteps: config.gSteps,
      dSteps: config.dSteps,
      fastJs,
      slowJs,
      fastGap,
      slowGap,
      from: later[0]!.step
    },
    words: { variant: variant.label }
  }
}

/**
 * instance-noise: the final JS with noise below the run without by at least 0.2, and G's
 * median gradient norm over the run at least 10× larger.
 */
function instanceNoiseVerdict(
  config: LabConfig,
  frames: readonly LabFrame[],
  last: LabFrame
): LabVerdictData {
  const variant = last.variants?.[0]
  if (!variant) return { holds: false, key: 'no-variant', values: {} }
  const trained = frames.filter((f) => f.step > 0 && f.variants?.[0])
  const noiseGrad = median(trained.map((f) => f.gGradNorm))
  const plainGrad = median(trained.map((f) => f.variants![0]!.gGradNorm))
  const holds = last.js <= variant.js - 0.2 && noiseGrad >= 10 * plainGrad
  return {
    holds,
    key: holds ? 'instance-noise.holds' : 'instance-noise.not',
    values: {
      noiseStd: config.instanceNoise?.std ?? 0,
      decaySteps: config.instanceNoise?.decaySteps ?? 0,
      noiseJs: last.js,
      plainJs: variant.js,
      noiseGrad,
      plainGrad,
      noiseMean: last.genMean ?? 0,
      plainMean: variant.genMean,
      dataMean: dataMean(config)
    },
    words: { variant: variant.label }
  }
}

/**
 * wgan-gp-disjoint: the share of the distance from G's mean to the data's mean each run
 * closed. It shows when the critic's G closed at least half and the variant at most a fifth.
 */
function wganVerdict(config: LabConfig, first: LabFrame, last: LabFrame): LabVerdictData {
  const variant = last.variants?.[0]
  const variantFirst = first.variants?.[0]
  if (!variant || !variantFirst) return { holds: false, key: 'no-variant', values: {} }
  const target = dataMean(config)
  const progress = (from: number, to: number): number =>
    1 - Math.abs(to - target) / Math.max(Math.abs(from - target), 1e-9)
  const wganProgress = progress(first.genMean ?? 0, last.genMean ?? 0)
  const otherProgress = progress(variantFirst.genMean, variant.genMean)
  const holds = wganProgress >= 0.5 && otherProgress <= 0.2
  return {
    holds,
    key: holds ? 'wgan.holds' : 'wgan.not',
    values: {
      dataMean: target,
      start: first.genMean ?? 0,
      wganEnd: last.genMean ?? 0,
      otherEnd: variant.genMean,
      wganProgress,
      otherProgress,
      wganJs: last.js,
      otherJs: variant.js,
      estimate: last.criticEstimate ?? 0
    },
    words: { loss: config.loss, variant: variant.label }
  }
}

/** Below this zSpread (std over z, in units of the class's σ) G draws one x per class. */
const IGNORES_Z = 0.1

/**
 * conditional: per class, G's share in its own region, its spread over z, and how much D
 * accepts real x of the other classes, with and without wrong-label negatives. It shows when
 * D with them accepts at most 0.1 on average, and D without them at least 0.1 more.
 */
function conditionalVerdict(config: LabConfig, last: LabFrame): LabVerdictData {
  const variant = last.variants?.[0]
  const variantWith = config.variants[0]?.changes.wrongLabelNegatives ?? config.wrongLabelNegatives
  if (!last.classes || !variant?.classes || variantWith === config.wrongLabelNegatives)
    return { holds: false, key: 'conditional.no-contrast', values: {} }
  const withRun = config.wrongLabelNegatives ? last.classes : variant.classes
  const withoutRun = config.wrongLabelNegatives ? variant.classes : last.classes
  const perClass = config.data.modes.map((m, c) => ({
    mean: m.mean,
    withShare: withRun[c]!.rightShare,
    withoutShare: withoutRun[c]!.rightShare,
    withSpread: withRun[c]!.zSpread,
    withoutSpread: withoutRun[c]!.zSpread,
    withAccept: withRun[c]!.wrongAccept,
    withoutAccept: withoutRun[c]!.wrongAccept
  }))
  const acceptWith = mean(perClass.map((c) => c.withAccept))
  const acceptWithout = mean(perClass.map((c) => c.withoutAccept))
  const holds = acceptWith <= 0.1 && acceptWithout >= acceptWith + 0.1
  const ignoring = [...perClass.map((c) => c.withSpread), ...perClass.map((c) => c.withoutSpread)]
  return {
    holds,
    key: holds ? 'conditional.holds' : 'conditional.not',
    values: {
      acceptWith,
      acceptWithout,
      ignoresZ: ignoring.filter((s) => s < IGNORES_Z).length,
      minSpread: Math.min(...ignoring)
    },
    perClass
  }
}
