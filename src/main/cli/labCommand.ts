import { InvalidArgumentError, Option, type Command } from 'commander'
import {
  isBceLoss,
  LAB_LOSSES,
  LAB_PRESET_NAMES,
  LAB_PRESETS,
  LabConfigSchema,
  type LabConfig,
  type LabFrame,
  type LabLoss,
  type LabPresetName,
  labLossName,
  labVariantLabel
} from '../../shared/lab'
import { createTranslator } from '../../shared/i18n/coreTranslator'
import { localeFromEnv } from '../../shared/i18n/locales'
import type { Translate } from '../../shared/i18n/translate'
import { labVerdictText } from '../../shared/labVerdictText'
import { selectBackend } from '../engine/backend/selectBackend'
import { LabExperiment } from '../engine/lab/labExperiment'
import { fmt, judge, type LabTwinRun } from '../engine/lab/verdict'

/**
 * `gan-studio lab --preset <name>`: the Lab without a window. Trains the preset's small GAN,
 * prints a line of the theory's numbers every N steps, and ends with a verdict on the claim
 * the preset shows. Its words follow LANG (LC_ALL, LC_MESSAGES, LANGUAGE), from the same
 * messages as the studio's Lab; its numbers and option names stay as they are.
 */

interface LabOptions {
  preset: LabPresetName
  steps?: number
  every?: number
  seed?: number
  loss?: LabLoss
  twin: boolean
}

function integer(min: number, t: Translate): (raw: string) => number {
  return (raw) => {
    const n = Number(raw)
    if (!Number.isInteger(n) || n < min)
      throw new InvalidArgumentError(t('lab.cli.wholeNumber', { min, raw }))
    return n
  }
}

function presetHelp(t: Translate): string {
  const width = Math.max(...LAB_PRESET_NAMES.map((n) => n.length))
  const lines = LAB_PRESET_NAMES.map((n) => `  ${n.padEnd(width)}  ${t(LAB_PRESETS[n].summaryKey)}`)
  return `\n${t('lab.cli.presets')}\n${lines.join('\n')}\n`
}

export function registerLabCommand(program: Command): void {
  const t = createTranslator(localeFromEnv(process.env))
  program
    .command('lab')
    .description(t('lab.cli.description'))
    .addOption(
      new Option('--preset <name>', t('lab.cli.options.preset'))
        .choices(LAB_PRESET_NAMES)
        .makeOptionMandatory()
    )
    .option('--steps <n>', t('lab.cli.options.steps'), integer(0, t))
    .option('--every <n>', t('lab.cli.options.every'), integer(1, t))
    .option('--seed <n>', t('lab.cli.options.seed'), integer(0, t))
    .addOption(new Option('--loss <loss>', t('lab.cli.options.loss')).choices(LAB_LOSSES))
    .option('--no-twin', t('lab.cli.options.noTwin'))
    .addHelpText('after', presetHelp(t))
    .action(async (opts: LabOptions) => runLab(opts, t))
}

async function runLab(opts: LabOptions, t: Translate): Promise<void> {
  const preset = LAB_PRESETS[opts.preset]
  const loss = opts.loss ?? preset.config.loss
  const config = LabConfigSchema.parse({
    ...preset.config,
    seed: opts.seed ?? preset.config.seed,
    loss,
    // A preset that compares gradients compares against the loss it is not running.
    compareLoss: preset.config.compareLoss && isBceLoss(loss) ? otherLoss(loss) : undefined
  })
  const steps = opts.steps ?? preset.steps
  const every = opts.every ?? Math.max(1, Math.round(steps / 10))
  const backend = await selectBackend()

  console.log(t('lab.cli.heading', { title: t(preset.titleKey), summary: t(preset.summaryKey) }))
  console.log(
    t('lab.cli.setup', {
      backend: backend.backend,
      seed: config.seed,
      loss: labLossName(config.loss, t),
      dSteps: config.dSteps
    }) +
      (config.gSteps > 1 ? t('lab.cli.gSteps', { gSteps: config.gSteps }) : '') +
      t('lab.cli.steps', { steps })
  )
  for (const [i, v] of config.variants.entries())
    console.log(t('lab.cli.variant', { n: i + 1, label: labVariantLabel(v.label, t) }))
  const frames = await runAndPrint(config, steps, every, t)

  let twin: LabTwinRun | undefined
  if (preset.twin && opts.twin && isBceLoss(loss)) {
    const twinLoss = otherLoss(loss)
    console.log(`\n${t('lab.cli.twin', { loss: labLossName(twinLoss, t) })}`)
    twin = {
      loss: twinLoss,
      frames: await runAndPrint({ ...config, loss: twinLoss, compareLoss: loss }, steps, every, t)
    }
  }

  const verdict = judge(preset.name, config, frames, twin)
  const claim = t(verdict.holds ? 'lab.cli.claimShows' : 'lab.cli.claimDoesNotShow')
  console.log(`\n${t('lab.cli.verdict', { claim, text: labVerdictText(verdict, t) })}`)
}

function otherLoss(loss: LabLoss): LabLoss {
  return loss === 'minimax' ? 'non-saturating' : 'minimax'
}

/** Runs one session, printing the first frame and every `every` steps; returns the frames. */
async function runAndPrint(
  config: LabConfig,
  steps: number,
  every: number,
  t: Translate
): Promise<LabFrame[]> {
  const session = new LabExperiment(config)
  try {
    const table = frameTable(config, t)
    console.log(table.header)
    const frames = [session.frame()]
    console.log(table.row(frames[0]!))
    await session.run({
      steps,
      frameEvery: every,
      onFrame: (frame) => {
        frames.push(frame)
        console.log(table.row(frame))
      }
    })
    return frames
  } finally {
    session.dispose()
  }
}

interface Column {
  title: string
  cell: (f: LabFrame) => string
}

const SHORT_LOSS: Record<LabLoss, string> = {
  minimax: 'lab.cli.shortLosses.minimax',
  'non-saturating': 'lab.cli.shortLosses.nonSaturating',
  'wgan-gp': 'lab.cli.shortLosses.wganGp',
  kl: 'lab.cli.shortLosses.kl'
}

/** Columns a terminal gives a character: two for CJK and full-width forms, else one. */
const WIDE =
  /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u
function displayWidth(s: string): number {
  let width = 0
  for (const ch of s) width += WIDE.test(ch) ? 2 : 1
  return width
}

/** A compact, right-aligned table: one line per frame. */
function frameTable(
  config: LabConfig,
  t: Translate
): { header: string; row: (f: LabFrame) => string } {
  const columns: Column[] = [
    { title: t('lab.cli.columns.step'), cell: (f) => String(f.step) },
    { title: t('lab.cli.columns.dLoss'), cell: (f) => fmt.fixed(f.dLoss) },
    { title: t('lab.cli.columns.gLoss'), cell: (f) => fmt.fixed(f.gLoss) },
    { title: `JS [log 2: ${fmt.fixed(Math.log(2))}]`, cell: (f) => fmt.fixed(f.js) },
    { title: `V [-log 4: ${fmt.fixed(-Math.log(4))}]`, cell: (f) => fmt.fixed(f.value) },
    { title: '|D − D*|', cell: (f) => fmt.fixed(f.dStarGap) },
    { title: `‖∇G‖ ${t(SHORT_LOSS[config.loss])}`, cell: (f) => fmt.sci(f.gGradNorm) },
    ...(config.compareLoss
      ? [
          {
            title: `‖∇G‖ ${t(SHORT_LOSS[config.compareLoss])}`,
            cell: (f: LabFrame) => (f.compare ? fmt.sci(f.compare.gGradNorm) : '')
          }
        ]
      : []),
    { title: t('lab.cli.columns.modes'), cell: (f) => `${f.modesCovered}/${f.modesTotal}` },
    ...(config.loss === 'wgan-gp' || config.loss === 'kl'
      ? [
          {
            title: t(config.loss === 'kl' ? 'lab.cli.columns.klBound' : 'lab.cli.columns.w1'),
            cell: (f: LabFrame) => fmt.fixed(f.criticEstimate ?? NaN)
          }
        ]
      : []),
    ...(config.instanceNoise
      ? [{ title: t('lab.cli.columns.noise'), cell: (f: LabFrame) => fmt.fixed(f.noiseStd ?? 0) }]
      : []),
    // Each variant side by side: its JS and its G gradient.
    ...config.variants.flatMap((_, i) => [
      {
        title: `JS (${i + 1})`,
        cell: (f: LabFrame) => fmt.fixed(f.variants?.[i]?.js ?? NaN)
      },
      {
        title: `‖∇G‖ (${i + 1})`,
        cell: (f: LabFrame) => fmt.sci(f.variants?.[i]?.gGradNorm ?? NaN)
      }
    ])
  ]
  const widths = columns.map((c) => Math.max(displayWidth(c.title), 6))
  const line = (cells: string[]): string =>
    cells.map((s, i) => ' '.repeat(Math.max(0, widths[i]! - displayWidth(s))) + s).join('  ')
  return {
    header: line(columns.map((c) => c.title)),
    row: (f) => line(columns.map((c) => c.cell(f)))
  }
}
