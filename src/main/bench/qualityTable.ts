import { existsSync } from 'node:fs'
import { appendFile, mkdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import lockfile from 'proper-lockfile'
import type { DatasetOptions, DatasetSource } from '../../shared/dataset'
import {
  CLASSIC_DCGAN,
  DEFAULT_TECHNIQUES,
  TrainConfigSchema,
  type TrainConfigInput
} from '../../shared/train'
import { FASHION_MNIST_DIR, openDataset } from '../engine/data/index'
import type { ImageDataset } from '../engine/data/imageDataset'
import { exportIdxToFolder } from '../engine/data/exportIdx'
import { scoreCheckpoint, scoreSamples, scoringContext } from '../engine/score/scoreCheckpoint'
import { loadOrTrainJudge } from '../engine/score/judgeStore'
import { Trainer } from '../engine/train/trainer'
import { readConfigRecord } from '../engine/runs/runFolder'

/**
 * The measurement behind issue #22's table: the classic DCGAN against each technique alone
 * and the default, at equal generator steps, on each dataset, over several seeds, scored with
 * the studio's own judge (Fréchet distance, fidelity, diversity ratio). The default config
 * (DEFAULT_TECHNIQUES) was chosen from this table, not assumed.
 */
export interface QualityVariant {
  name: string
  /** What the variant changes in the classic DCGAN (CLASSIC_DCGAN), which every run starts from. */
  config: Partial<TrainConfigInput>
  /**
   * Measured on the run of the variant named here, which keeps an EMA of G: the EMA only
   * shadows G (training is the same to the bit), so G itself scored is this variant's run.
   */
  gOfRun?: string
}

/** The default with an EMA of G to sample from: the one run both rows of the default score. */
const DEFAULT_WITH_EMA: Partial<TrainConfigInput> = { ...DEFAULT_TECHNIQUES, ema: true }

export const QUALITY_VARIANTS: QualityVariant[] = [
  { name: 'DCGAN', config: {} },
  { name: '+ EMA', config: { ema: true } },
  { name: '+ projection D', config: { conditioning: 'projection' } },
  { name: '+ spectral norm, hinge', config: { spectralNorm: true, loss: 'hinge' } },
  { name: '+ DiffAugment (p = 1)', config: { augment: 'fixed', augmentStrength: 1 } },
  { name: '+ adaptive augmentation', config: { augment: 'adaptive' } },
  { name: '+ TTUR', config: { lrG: 1e-4, lrD: 4e-4 } },
  { name: '+ R1 (γ = 1)', config: { r1Gamma: 1 } },
  { name: 'ResNet G and D', config: { model: 'resnet' } },
  { name: 'default + EMA', config: DEFAULT_WITH_EMA },
  { name: 'default', config: { ...DEFAULT_TECHNIQUES }, gOfRun: 'default + EMA' }
]

export interface QualityDataset {
  name: string
  source: DatasetSource
  options?: Partial<DatasetOptions>
}

export interface QualityTableOptions {
  datasets: QualityDataset[]
  /** Every run trains this many generator steps. */
  steps: number
  seeds: number[]
  /** Where runs and the judge cache go. */
  outDir: string
  variants?: QualityVariant[]
  /** Shared by every run (model width, batch size…); a variant's own settings win. */
  base?: Partial<TrainConfigInput>
  /** Images per class generated for scoring (default 100). */
  scoreCount?: number
  /** Judge training steps (default: the judge's own rule). */
  judgeSteps?: number
  onLog?: (line: string) => void
}

export interface QualityCell {
  variant: string
  dataset: string
  seed: number
  frechet: number
  fidelity: number | null
  diversityRatio: number | null
  seconds: number
  /** Generator steps the run trained (cells of other lengths are not reused). */
  steps: number
  /** The settings it trained with beyond the classic DCGAN (a variant edited since is measured again). */
  settings: string
}

/** Where each finished cell is appended, so a stopped measurement picks up where it was. */
export const QUALITY_CELLS_FILE = 'cells.jsonl'
/** Held while a measurement runs in the folder. */
export const MEASURING_LOCK = 'measuring.lock'

/** The cells already measured under `outDir` (a torn last line, from a kill, is ignored). */
export async function readQualityCells(outDir: string): Promise<QualityCell[]> {
  let text: string
  try {
    text = await readFile(join(outDir, QUALITY_CELLS_FILE), 'utf8')
  } catch {
    return []
  }
  const cells: QualityCell[] = []
  for (const line of text.split('\n')) {
    try {
      const cell = JSON.parse(line) as QualityCell
      if (typeof cell.frechet === 'number' && typeof cell.steps === 'number') cells.push(cell)
    } catch {
      // a line cut short by a kill mid-write: that run is measured again
    }
  }
  return cells
}

/**
 * The issue's two datasets: Fashion-MNIST's 60 000 training images, and a small folder as
 * users drag in, its first `perClass` images of each class (`dataset export-idx
 * --limit-per-class`), exported under `outDir` once.
 */
export async function issueDatasets(outDir: string, perClass = 50): Promise<QualityDataset[]> {
  const folder = join(outDir, `fashion-mnist-${perClass}-per-class`)
  if (!existsSync(folder)) {
    await exportIdxToFolder(FASHION_MNIST_DIR, folder, { limitPerClass: perClass })
  }
  const options = { resolution: 28 as const, channels: 1 as const }
  return [
    { name: 'Fashion-MNIST', source: { kind: 'builtin', name: 'fashion-mnist' } },
    { name: `${perClass} per class`, source: { kind: 'folder', path: folder }, options }
  ]
}

/**
 * Trains and scores every variant × dataset × seed; returns one cell per run. Seeds are the
 * outer loop, so a measurement stopped part-way still compares every variant on the same
 * seeds. Each cell is appended to `cells.jsonl` as it finishes, and a cell already there
 * (same dataset, variant, seed and steps) is reused: a days-long table survives restarts.
 */
export async function runQualityTable(opts: QualityTableOptions): Promise<QualityCell[]> {
  await mkdir(opts.outDir, { recursive: true })
  // Two measurements in one folder would train the same runs over each other.
  const release = await lockfile
    .lock(opts.outDir, {
      lockfilePath: join(opts.outDir, MEASURING_LOCK),
      stale: 60_000,
      update: 10_000,
      // A lock that could not be refreshed while a step held the thread is not worth a crash.
      onCompromised: (err) => opts.onLog?.(`warning: the measuring lock: ${err.message}`)
    })
    .catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ELOCKED') throw err
      throw new Error(
        `Another quality-table is measuring into ${opts.outDir}: wait for it to finish, or stop ` +
          'it (what it finished is kept in cells.jsonl), then run this again.'
      )
    })
  try {
    return await measure(opts)
  } finally {
    await release().catch(() => undefined)
  }
}

async function measure(opts: QualityTableOptions): Promise<QualityCell[]> {
  const cells: QualityCell[] = []
  const log = opts.onLog ?? (() => undefined)
  const cacheDir = join(opts.outDir, 'cache')
  const done = await readQualityCells(opts.outDir)
  // A line torn by a kill has no newline: end it, so the next cell starts a line of its own.
  const cellsFile = join(opts.outDir, QUALITY_CELLS_FILE)
  const tail = await readFile(cellsFile, 'utf8').catch(() => '')
  if (tail && !tail.endsWith('\n')) await appendFile(cellsFile, '\n')
  const settingsOf = (variant: QualityVariant): string =>
    JSON.stringify({ ...opts.base, ...variant.config })
  const measured = (dataset: string, variant: QualityVariant, seed: number) =>
    done.find(
      (c) =>
        c.dataset === dataset &&
        c.variant === variant.name &&
        c.seed === seed &&
        c.steps === opts.steps &&
        c.settings === settingsOf(variant)
    )
  const variants = opts.variants ?? QUALITY_VARIANTS
  const variantNamed = (name: string): QualityVariant => {
    const found = [...variants, ...QUALITY_VARIANTS].find((v) => v.name === name)
    if (!found) throw new Error(`The quality variant "${name}" is measured on but not listed.`)
    return found
  }
  /** Trains one run at the table's length; its seconds. */
  const trainRun = async (
    data: QualityDataset,
    variant: QualityVariant,
    seed: number,
    runDir: string,
    dataset: ImageDataset
  ): Promise<number> => {
    const config = TrainConfigSchema.parse({
      ...CLASSIC_DCGAN,
      ...opts.base,
      ...variant.config,
      dataset: data.source,
      datasetOptions: data.options ?? {},
      seed,
      maxSteps: opts.steps,
      checkpointEvery: opts.steps,
      sampleEvery: opts.steps,
      keepCheckpoints: 1
    })
    // Not in cells.jsonl, so whatever is there is a run cut short: measure it afresh.
    await rm(runDir, { recursive: true, force: true })
    const started = performance.now()
    const runId = runIdOf(data.name, variant.name, seed)
    const result = await new Trainer({ config, dataset, runId, runDir }).run()
    if (result.state !== 'finished') {
      throw new Error(
        `${variant.name} on ${data.name} (seed ${seed}) ${result.state}: ${result.message}`
      )
    }
    return (performance.now() - started) / 1000
  }
  for (const data of opts.datasets) {
    const { dataset } = await openDataset(data.source, { ...data.options, cacheDir })
    const judge = await loadOrTrainJudge(dataset, {
      cacheDir,
      settings: opts.judgeSteps ? { steps: opts.judgeSteps } : undefined,
      onLog: log
    })
    const ctx = await scoringContext(dataset, judge)
    try {
      for (const seed of opts.seeds) {
        for (const variant of variants) {
          const earlier = measured(data.name, variant, seed)
          if (earlier) {
            log(
              `${data.name} · ${variant.name} · seed ${seed}: measured before (${QUALITY_CELLS_FILE})`
            )
            cells.push(earlier)
            continue
          }
          // A variant measured on another's run scores that run's G, training it only if absent.
          const source = variant.gOfRun ? variantNamed(variant.gOfRun) : variant
          const runDir = join(opts.outDir, 'runs', runIdOf(data.name, source.name, seed))
          const checkpoint = join(runDir, 'checkpoints', `step-${opts.steps}`)
          const sourceCell = cells.find(
            (c) => c.dataset === data.name && c.variant === source.name && c.seed === seed
          )
          let seconds = sourceCell?.seconds ?? 0
          const reusable =
            variant.gOfRun &&
            sourceCell &&
            existsSync(checkpoint) &&
            (await trainedWith(runDir, { ...opts.base, ...source.config }))
          if (!reusable) {
            seconds = await trainRun(data, source, seed, runDir, dataset)
          }
          const scores = variant.gOfRun
            ? await scoreSamples(checkpoint, ctx, { count: opts.scoreCount, ignoreEma: true })
            : await scoreCheckpoint(checkpoint, ctx, { count: opts.scoreCount, rescore: true })
          const cell: QualityCell = {
            variant: variant.name,
            dataset: data.name,
            seed,
            frechet: scores.frechet,
            fidelity: scores.fidelity,
            diversityRatio: scores.diversityRatio,
            seconds,
            steps: opts.steps,
            settings: settingsOf(variant)
          }
          await appendFile(cellsFile, JSON.stringify(cell) + '\n')
          log(
            `${data.name} · ${variant.name} · seed ${seed}: Fréchet ${cell.frechet.toFixed(2)}, ` +
              `fidelity ${fmt(cell.fidelity)}, diversity ${fmt(cell.diversityRatio)} (${seconds.toFixed(0)} s)`
          )
          cells.push(cell)
        }
      }
    } finally {
      ctx.dispose()
    }
  }
  return cells
}

/** The table as Markdown: per dataset and variant, mean ± std over the seeds. */
export function qualityTableMarkdown(cells: QualityCell[], steps: number): string {
  const lines = [
    `| dataset | variant | Fréchet ↓ | fidelity ↑ | diversity ratio (→ 1) | seconds per run |`,
    `| --- | --- | --- | --- | --- | --- |`
  ]
  const groups = new Map<string, QualityCell[]>()
  for (const c of cells) {
    const key = `${c.dataset}\u0000${c.variant}`
    groups.set(key, [...(groups.get(key) ?? []), c])
  }
  for (const group of groups.values()) {
    const { dataset, variant } = group[0]!
    lines.push(
      `| ${dataset} | ${variant} | ${meanStd(
        group.map((c) => c.frechet),
        2
      )} | ` +
        `${meanStd(
          group.map((c) => c.fidelity),
          3
        )} | ${meanStd(
          group.map((c) => c.diversityRatio),
          2
        )} | ` +
        `${meanStd(
          group.map((c) => c.seconds),
          0
        )} |`
    )
  }
  const seeds = new Set(cells.map((c) => c.seed)).size
  lines.push(
    '',
    `${steps} generator steps per run, ${seeds} seed${seeds === 1 ? '' : 's'} each (mean ± std).`
  )
  return lines.join('\n')
}

function meanStd(values: (number | null)[], digits: number): string {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x))
  if (v.length === 0) return '–'
  const mean = v.reduce((a, b) => a + b, 0) / v.length
  if (v.length === 1) return mean.toFixed(digits)
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1))
  return `${mean.toFixed(digits)} ± ${std.toFixed(digits)}`
}

function fmt(x: number | null): string {
  return x === null ? '–' : x.toFixed(3)
}

/**
 * Whether the run in `runDir` trained with `settings` (its config.json): a folder another
 * measurement has since retrained with other settings is not the run a cell describes.
 */
async function trainedWith(runDir: string, settings: Partial<TrainConfigInput>): Promise<boolean> {
  const record = await readConfigRecord(runDir)
  if (!record) return false
  const trained = (record.config ?? {}) as Record<string, unknown>
  return Object.entries(settings).every(
    ([key, value]) => JSON.stringify(trained[key]) === JSON.stringify(value)
  )
}

function runIdOf(dataset: string, variant: string, seed: number): string {
  return `quality-${slug(dataset)}-${slug(variant)}-s${seed}`
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
}
