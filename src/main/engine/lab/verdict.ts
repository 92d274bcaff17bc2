import type { LabConfig, LabFrame, LabLoss, LabPresetName } from '../../../shared/lab'
import { meanGapOn, significantPoints } from './divergence'

/**
 * Did the run show what its preset claims? Each verdict reads the frames of a run (first to
 * last) and answers in one or two sentences with the numbers that decide it, and says so
 * plainly when the claim did not show.
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

/** Numbers as the Lab prints them: fixed point without a "−0.000", or one-digit scientific. */
export const fmt = {
  fixed(v: number, digits = 3): string {
    const s = v.toFixed(digits)
    return /^-0\.?0*$/.test(s) ? s.slice(1) : s
  },
  sci: (v: number): string => v.toExponential(1)
}

export function labVerdict(
  preset: LabPresetName,
  config: LabConfig,
  frames: readonly LabFrame[],
  twin?: LabTwinRun
): LabVerdict {
  const first = frames[0]
  const last = frames[frames.length - 1]
  if (!first || !last) return { holds: false, text: 'No frames: the run took no steps.' }
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
  }
}

function equilibriumVerdict(first: LabFrame, last: LabFrame): LabVerdict {
  const fromHalf = distanceFromHalf(last)
  const vGap = Math.abs(last.value - MINUS_LOG4)
  const holds = fromHalf <= 0.05 && vGap <= 0.02 && last.js <= JS_REACHED
  const numbers =
    `mean |D − 1/2| = ${fmt.fixed(fromHalf)} where the densities have mass, V = ${fmt.fixed(last.value)} ` +
    `against −log 4 = ${fmt.fixed(MINUS_LOG4)}, JS ${fmt.fixed(first.js)} → ${fmt.fixed(last.js)}`
  return holds
    ? {
        holds,
        text: `${numbers}: G has learned the data, and D can do no better than 1/2 everywhere.`
      }
    : { holds, text: `${numbers}: not at the equilibrium yet; run more steps.` }
}

function saturationVerdict(
  config: LabConfig,
  first: LabFrame,
  last: LabFrame,
  twin?: LabTwinRun
): LabVerdict {
  const run = `${config.loss}: JS ${fmt.fixed(first.js)} → ${fmt.fixed(last.js)}, G's gradient norm ${fmt.sci(last.gGradNorm)}`
  const compared = last.compare
    ? ` (${last.compare.loss} on the same D and G: ${fmt.sci(last.compare.gGradNorm)}, ` +
      `${fmt.sci(last.compare.gGradNorm / Math.max(last.gGradNorm, 1e-30))}×)`
    : ''
  const twinFirst = twin?.frames[0]
  const twinLast = twin?.frames[twin.frames.length - 1]
  const twinText =
    twin && twinFirst && twinLast
      ? `; ${twin.loss} from the same start: JS ${fmt.fixed(twinFirst.js)} → ${fmt.fixed(twinLast.js)}`
      : ''
  const minimaxStuck =
    config.loss === 'minimax'
      ? last.js >= JS_DISJOINT
      : twinLast !== undefined && twinLast.js >= JS_DISJOINT
  const nonSaturatingReached =
    config.loss === 'non-saturating'
      ? last.js <= JS_REACHED
      : twinLast !== undefined && twinLast.js <= JS_REACHED
  const holds = minimaxStuck && nonSaturatingReached
  const conclusion = holds
    ? 'the minimax generator saturates and stays put, the non-saturating one reaches the data.'
    : minimaxStuck
      ? 'the minimax generator saturates; compare the non-saturating loss from the same start.'
      : 'the minimax generator was not starved this time (D never rejected it confidently enough).'
  return { holds, text: `${run}${compared}${twinText}: ${conclusion}` }
}

function modeCollapseVerdict(
  config: LabConfig,
  frames: readonly LabFrame[],
  last: LabFrame
): LabVerdict {
  const laterHalf = frames.slice(Math.floor(frames.length / 2))
  const most = Math.max(...laterHalf.map((f) => f.modesCovered))
  const holds = most < last.modesTotal
  // D over the modes G misses: the theory's D* = p_data / (p_data + 0) = 1 there.
  const missed = config.data.modes
    .filter((_, k) => !last.modeCovered[k])
    .map((m) => `D(${fmt.fixed(m.mean, 1)}) = ${fmt.fixed(dAt(last, m.mean), 2)}`)
  const numbers =
    `G covers ${last.modesCovered} of ${last.modesTotal} modes at the end, at most ${most} over the later half ` +
    `of the run; JS = ${fmt.fixed(last.js)}`
  return holds
    ? {
        holds,
        text: `${numbers}${missed.length ? `, and ${missed.join(', ')} where G puts nothing` : ''}: G has collapsed.`
      }
    : { holds, text: `${numbers}: no collapse this time; G spread over every mode.` }
}

function disjointVerdict(
  config: LabConfig,
  frames: readonly LabFrame[],
  first: LabFrame,
  last: LabFrame
): LabVerdict {
  const lowestJs = Math.min(...frames.map((f) => f.js))
  if (lowestJs < JS_DISJOINT) {
    return {
      holds: false,
      text:
        `JS fell from ${fmt.fixed(first.js)} to ${fmt.fixed(lowestJs)}: G left its start and reached ` +
        `the data, so under the ${config.loss} loss it did get a signal.`
    }
  }
  const vanished = last.gGradNorm <= first.gGradNorm / 100
  const holds = vanished && config.loss === 'minimax'
  const compared = last.compare
    ? ` (the ${last.compare.loss} gradient on the same D and G: ${fmt.sci(last.compare.gGradNorm)})`
    : ''
  const text =
    `JS stayed at log 2 = ${fmt.fixed(LOG2)} throughout, V rose to ${fmt.fixed(last.value)} ` +
    `(at D*: −log 4 + 2·log 2 = 0), and G's gradient norm went ` +
    `${fmt.sci(first.gGradNorm)} → ${fmt.sci(last.gGradNorm)}${compared}: ` +
    (holds
      ? 'the minimax generator gets no signal.'
      : config.loss === 'minimax'
        ? `the gradient is fading (${fmt.sci(first.gGradNorm / last.gGradNorm)}× smaller) but not yet gone; run more steps.`
        : `the supports never met, yet G's gradient did not vanish under the ${config.loss} loss.`)
  return { holds, text }
}

function optimalDVerdict(last: LabFrame): LabVerdict {
  const bound = MINUS_LOG4 + 2 * last.js
  const holds = last.dStarGap <= 0.05 && Math.abs(last.value - bound) <= 0.05
  const text =
    `mean |D − D*| = ${fmt.fixed(last.dStarGap)} where the densities have mass, and V = ${fmt.fixed(last.value)} ` +
    `against −log 4 + 2·JS = ${fmt.fixed(bound)}: ` +
    (holds
      ? 'D has found D* = p_data / (p_data + p_G), and V(G, D*) = −log 4 + 2·JS holds.'
      : 'D has not reached D* yet; run more steps.')
  return { holds, text }
}
