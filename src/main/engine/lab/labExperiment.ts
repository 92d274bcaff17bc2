import {
  isBceLoss,
  LabConfigSchema,
  type LabConfig,
  type LabConfigInput,
  type LabCurves,
  type LabFrame,
  type LabLoss,
  type LabVariant,
  type LabVariantFrame
} from '../../../shared/lab'
import { LabSession, runLoop, type LabRunOptions } from './labTrainer'
import { judgeRun } from './verdict'

/** The config a variant runs: the experiment's, with the variant's changes, on its own. */
export function variantConfig(config: LabConfig, variant: LabVariant): LabConfig {
  const { instanceNoise, ...changes } = variant.changes
  const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined))
  const merged: LabConfigInput = {
    ...config,
    ...defined,
    variants: [],
    gaussianFits: false
  }
  if (instanceNoise === null) delete merged.instanceNoise
  else if (instanceNoise) merged.instanceNoise = instanceNoise
  const loss = merged.loss ?? config.loss
  // Comparing G gradients only means something between the two BCE losses.
  if (merged.compareLoss && !(isBceLoss(loss) && isBceLoss(merged.compareLoss)))
    delete merged.compareLoss
  if (merged.compareLoss === loss)
    merged.compareLoss = loss === 'minimax' ? 'non-saturating' : 'minimax'
  return LabConfigSchema.parse(merged)
}

const MAX_HISTORY = 2000

/** Curves with no points, for a kept frame: fresh arrays each time, never one shared. */
function noCurves(): LabCurves {
  return { dataDensity: [], genHistogram: [], genKde: [], dOnGrid: [], dStar: [] }
}

/** A frame without its arrays: what the verdict needs of the frames before the last. */
function light(frame: LabFrame): LabFrame {
  return {
    ...frame,
    grid: [],
    ...noCurves(),
    critic: undefined,
    fits: undefined,
    verdict: undefined,
    classes: frame.classes?.map((c) => ({ ...c, ...noCurves() })),
    variants: frame.variants?.map((v) => ({ ...v, genKde: [], critic: undefined }))
  }
}

/**
 * What the studio and the CLI run: the config's session and its variants side by side (each
 * iteration steps them all), one frame with the variants' figures, and the preset's verdict on
 * the run so far.
 */
export class LabExperiment {
  readonly config: LabConfig
  private readonly main: LabSession
  private readonly variants: { variant: LabVariant; session: LabSession }[]
  /** Every frame so far, light; the first one whole (a verdict may read its arrays). */
  private readonly history: LabFrame[] = []

  constructor(input: LabConfigInput) {
    this.config = LabConfigSchema.parse(input)
    this.main = new LabSession(this.config)
    this.variants = []
    try {
      for (const variant of this.config.variants)
        this.variants.push({
          variant,
          session: new LabSession(variantConfig(this.config, variant))
        })
    } catch (err) {
      this.dispose()
      throw err
    }
  }

  get stepsTaken(): number {
    return this.main.stepsTaken
  }

  advance(): void {
    this.main.advance()
    for (const { session } of this.variants) session.advance()
  }

  step(n = 1): LabFrame {
    for (let i = 0; i < n; i++) this.advance()
    return this.frame()
  }

  run(options: LabRunOptions): Promise<LabFrame> {
    return runLoop(
      () => this.advance(),
      () => this.frame(),
      options
    )
  }

  frame(): LabFrame {
    const frame = this.main.frame()
    if (this.variants.length) {
      frame.variants = this.variants.map(({ variant, session }) =>
        variantFrame(variant.label, session.config.loss, session.frame())
      )
    }
    // A second frame at the same step (a reset, then a run) replaces the first.
    const previous = this.history[this.history.length - 1]
    if (previous && previous.step === frame.step) this.history.pop()
    this.history.push(this.history.length === 0 ? frame : light(frame))
    // A long run keeps every other frame of its middle: the verdicts read shares and trends.
    if (this.history.length > MAX_HISTORY) {
      const middle = this.history.slice(1, -1).filter((_, i) => i % 2 === 1)
      this.history.splice(0, this.history.length, this.history[0]!, ...middle, light(frame))
    }
    const verdict = judgeRun(this.config, this.history, frame)
    if (verdict) frame.verdict = verdict
    return frame
  }

  dispose(): void {
    this.main.dispose()
    for (const { session } of this.variants) session.dispose()
  }
}

/** What a variant shows of its own frame: the figures, its KDE and critic, not the rest. */
function variantFrame(label: string, loss: LabLoss, f: LabFrame): LabVariantFrame {
  const { genKde, js, value, dStarGap, gGradNorm, modesCovered, noiseStd, critic, classes } = f
  return {
    label,
    loss,
    genKde,
    js,
    value,
    dStarGap,
    gGradNorm,
    genMean: f.genMean ?? 0,
    genStd: f.genStd ?? 0,
    modesCovered,
    ...(noiseStd !== undefined ? { noiseStd } : {}),
    ...(critic ? { critic } : {}),
    ...(classes
      ? {
          classes: classes.map(({ rightShare, zSpread, wrongAccept }) => ({
            rightShare,
            zSpread,
            wrongAccept
          }))
        }
      : {})
  }
}
