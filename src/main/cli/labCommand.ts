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
  type LabPresetName
} from '../../shared/lab'
import { labVerdictText } from '../../shared/labVerdictText'
import { selectBackend } from '../engine/backend/selectBackend'
import { LabExperiment } from '../engine/lab/labExperiment'
import { fmt, judge, type LabTwinRun } from '../engine/lab/verdict'

/**
 * `gan-studio lab --preset <name>`: the Lab without a window. Trains the preset's small GAN,
 * prints a line of the theory's numbers every N steps, and ends with a verdict on the claim
 * the preset shows.
 */

interface LabOptions {
  preset: LabPresetName
  steps?: number
  every?: number
  seed?: number
  loss?: LabLoss
  twin: boolean
}

function integer(min: number): (raw: string) => number {
  return (raw) => {
    const n = Number(raw)
    if (!Number.isInteger(n) || n < min)
      throw new InvalidArgumentError(`expected a whole number ≥ ${min}, got "${raw}".`)
    return n
  }
}

function presetHelp(): string {
  const width = Math.max(...LAB_PRESET_NAMES.map((n) => n.length))
  const lines = LAB_PRESET_NAMES.map((n) => `  ${n.padEnd(width)}  ${LAB_PRESETS[n].summary}`)
  return `\nPresets:\n${lines.join('\n')}\n`
}

export function registerLabCommand(program: Command): void {
  program
    .command('lab')
    .description('Train a small GAN on 1-D data and watch the GAN theory come true (or fail).')
    .addOption(
      new Option('--preset <name>', 'the experiment to run')
        .choices(LAB_PRESET_NAMES)
        .makeOptionMandatory()
    )
    .option('--steps <n>', "G steps to take (default: the preset's)", integer(0))
    .option('--every <n>', 'print a line every n steps (default: a tenth of the run)', integer(1))
    .option('--seed <n>', "the run's seed (default: the preset's)", integer(0))
    .addOption(
      new Option('--loss <loss>', "override the preset's generator loss").choices(LAB_LOSSES)
    )
    .option('--no-twin', 'skip the run under the other loss that some presets compare against')
    .addHelpText('after', presetHelp())
    .action(async (opts: LabOptions) => runLab(opts))
}

async function runLab(opts: LabOptions): Promise<void> {
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

  console.log(`lab: ${preset.title}. ${preset.summary}`)
  console.log(
    `backend ${backend.backend} · seed ${config.seed} · ${config.loss} loss · k = ${config.dSteps} D steps per G step` +
      (config.gSteps > 1 ? ` · ${config.gSteps} G steps per iteration` : '') +
      ` · ${steps} steps`
  )
  for (const [i, v] of config.variants.entries())
    console.log(`side by side, from the same start: (${i + 1}) ${v.label}`)
  const frames = await runAndPrint(config, steps, every)

  let twin: LabTwinRun | undefined
  if (preset.twin && opts.twin && isBceLoss(loss)) {
    const twinLoss = otherLoss(loss)
    console.log(`\nThe same start under the ${twinLoss} loss:`)
    twin = {
      loss: twinLoss,
      frames: await runAndPrint({ ...config, loss: twinLoss, compareLoss: loss }, steps, every)
    }
  }

  const verdict = judge(preset.name, config, frames, twin)
  console.log(
    `\nverdict (${verdict.holds ? 'the claim shows' : 'the claim does not show'}): ${labVerdictText(verdict)}`
  )
}

function otherLoss(loss: LabLoss): LabLoss {
  return loss === 'minimax' ? 'non-saturating' : 'minimax'
}

/** Runs one session, printing the first frame and every `every` steps; returns the frames. */
async function runAndPrint(config: LabConfig, steps: number, every: number): Promise<LabFrame[]> {
  const session = new LabExperiment(config)
  try {
    const table = frameTable(config)
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
  minimax: 'minimax',
  'non-saturating': 'non-sat',
  'wgan-gp': 'wgan-gp',
  kl: 'f-GAN KL'
}

/** A compact, right-aligned table: one line per frame. */
function frameTable(config: LabConfig): { header: string; row: (f: LabFrame) => string } {
  const columns: Column[] = [
    { title: 'step', cell: (f) => String(f.step) },
    { title: 'D loss', cell: (f) => fmt.fixed(f.dLoss) },
    { title: 'G loss', cell: (f) => fmt.fixed(f.gLoss) },
    { title: `JS [log 2: ${fmt.fixed(Math.log(2))}]`, cell: (f) => fmt.fixed(f.js) },
    { title: `V [-log 4: ${fmt.fixed(-Math.log(4))}]`, cell: (f) => fmt.fixed(f.value) },
    { title: '|D − D*|', cell: (f) => fmt.fixed(f.dStarGap) },
    { title: `‖∇G‖ ${SHORT_LOSS[config.loss]}`, cell: (f) => fmt.sci(f.gGradNorm) },
    ...(config.compareLoss
      ? [
          {
            title: `‖∇G‖ ${SHORT_LOSS[config.compareLoss]}`,
            cell: (f: LabFrame) => (f.compare ? fmt.sci(f.compare.gGradNorm) : '')
          }
        ]
      : []),
    { title: 'modes', cell: (f) => `${f.modesCovered}/${f.modesTotal}` },
    ...(config.loss === 'wgan-gp' || config.loss === 'kl'
      ? [
          {
            title: config.loss === 'kl' ? 'KL bound' : 'W₁ est.',
            cell: (f: LabFrame) => fmt.fixed(f.criticEstimate ?? NaN)
          }
        ]
      : []),
    ...(config.instanceNoise
      ? [{ title: 'noise σ', cell: (f: LabFrame) => fmt.fixed(f.noiseStd ?? 0) }]
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
  const widths = columns.map((c) => Math.max(c.title.length, 6))
  const line = (cells: string[]): string => cells.map((s, i) => s.padStart(widths[i]!)).join('  ')
  return {
    header: line(columns.map((c) => c.title)),
    row: (f) => line(columns.map((c) => c.cell(f)))
  }
}
