// `gan-studio dataset inspect|export-idx`: look at a dataset the way the studio will see it,
// and turn IDX files into a folder of PNGs.
import { InvalidArgumentError, Option, type Command } from 'commander'
import path from 'node:path'
import type { DatasetSummary, IdxSplit } from '../../shared/dataset'
import { exportIdxToFolder, guessDatasetSource, openDataset } from '../engine/data/index'
import { cliText, type CliText } from './cliText'

interface InspectOptions {
  resolution?: 28 | 32 | 64
  channels?: 'auto' | 1 | 3
  fit?: 'crop' | 'letterbox'
  background?: string
  limitPerClass?: number
  cacheDir?: string
  json?: boolean
}

/** Skipped files listed before "… and N more" (all of them are in --json). */
const SKIPPED_SHOWN = 100

export function registerDatasetCommands(program: Command): void {
  const dataset = program
    .command('dataset')
    .description('inspect a dataset, or export IDX files as a folder of PNGs')

  dataset
    .command('inspect <folder>')
    .description(
      'open a dataset as training would and print its classes, counts, resolution, channels ' +
        'and skipped files (a folder of images, an IDX folder, fashion-mnist or shapes)'
    )
    .addOption(
      new Option('--resolution <n>', 'square size to decode to (default 28 for IDX, else 32)')
        .choices(['28', '32', '64'])
        .argParser((v) => Number(v) as 28 | 32 | 64)
    )
    .addOption(
      new Option('--channels <c>', 'auto: 1 if every image is gray, else 3')
        .choices(['auto', '1', '3'])
        .argParser((v) => (v === 'auto' ? 'auto' : (Number(v) as 1 | 3)))
    )
    .addOption(
      new Option('--fit <fit>', 'crop to fill the square, or letterbox to fit inside it').choices([
        'crop',
        'letterbox'
      ])
    )
    .option('--background <colour>', 'under transparent pixels and letterbox bars, e.g. #000000')
    .option('--limit-per-class <n>', 'use at most n images of each class', positiveInteger)
    .option('--cache-dir <dir>', 'keep the decoded images here, so the next open is instant')
    .option('--json', 'print the summary as JSON (thumbnails as byte counts)')
    .action(async (folder: string, opts: InspectOptions) => {
      const source = guessDatasetSource(folder)
      const { summary } = await openDataset(source, {
        resolution: opts.resolution,
        channels: opts.channels,
        fit: opts.fit,
        background: opts.background,
        limitPerClass: opts.limitPerClass,
        cacheDir: opts.cacheDir ? path.resolve(opts.cacheDir) : undefined
      })
      console.log(opts.json ? summaryJson(summary) : formatSummary(summary))
    })

  dataset
    .command('export-idx <idx-dir> <folder>')
    .description(
      'write the images of MNIST-style IDX files as PNGs in one folder per class, ' +
        'e.g. <folder>/Sneaker/00012.png (Fashion-MNIST is recognised and named)'
    )
    .option('--limit-per-class <n>', 'write at most n images of each class', positiveInteger)
    .addOption(
      new Option('--split <split>', 'train (train-*), test (t10k-*) or all')
        .choices(['train', 'test', 'all'])
        .default('train')
    )
    .action(
      async (idxDir: string, folder: string, opts: { limitPerClass?: number; split: IdxSplit }) => {
        const result = await exportIdxToFolder(path.resolve(idxDir), path.resolve(folder), {
          split: opts.split,
          limitPerClass: opts.limitPerClass
        })
        console.log(
          cliText().t('cli.dataset.exported', {
            written: result.written,
            classes: result.classes.length,
            folder: result.folder
          })
        )
        for (const c of result.classes) console.log(`  ${c.folder.padEnd(16)} ${c.count}`)
      }
    )
}

function positiveInteger(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) {
    throw new InvalidArgumentError(cliText().t('cli.dataset.positiveInteger'))
  }
  return n
}

/** The summary as `dataset inspect` prints it, in the command line's language (cliText). */
export function formatSummary(s: DatasetSummary, { t }: Pick<CliText, 't'> = cliText()): string {
  const lines: string[] = []
  const kind = s.labeled
    ? t('cli.dataset.summary.classes', { count: s.classes.length })
    : t('cli.dataset.summary.unlabeled')
  lines.push(
    t('cli.dataset.summary.head', {
      name: s.name,
      count: s.count,
      kind,
      size: `${s.resolution}×${s.resolution}`,
      channels: s.channels,
      colour: t(s.channels === 1 ? 'cli.dataset.summary.grayscale' : 'cli.dataset.summary.rgb'),
      source: s.fromCache
        ? t('cli.dataset.summary.fromCache')
        : s.decodedFiles > 0
          ? t('cli.dataset.summary.decoded', { count: s.decodedFiles })
          : ''
    })
  )
  const width = Math.max(5, ...s.classes.map((c) => c.name.length))
  lines.push(t('cli.dataset.summary.classesHeading'))
  s.classes.forEach((c, i) => {
    lines.push(
      `  ${String(i).padStart(3)}  ${c.name.padEnd(width)}  ${String(c.count).padStart(7)}`
    )
  })
  if (s.skipped.length > 0) {
    lines.push(t('cli.dataset.summary.skippedHeading', { count: s.skipped.length }))
    for (const f of s.skipped.slice(0, SKIPPED_SHOWN)) lines.push(`  ${f.path}: ${f.reason}`)
    if (s.skipped.length > SKIPPED_SHOWN) {
      lines.push(t('cli.dataset.summary.skippedMore', { count: s.skipped.length - SKIPPED_SHOWN }))
    }
  } else lines.push(t('cli.dataset.summary.skippedNone'))
  if (s.warnings.length > 0) {
    lines.push(t('cli.dataset.summary.warningsHeading'))
    for (const w of s.warnings) lines.push(`  ${w}`)
  }
  return lines.join('\n')
}

function summaryJson(s: DatasetSummary): string {
  const classes = s.classes.map((c) => ({
    ...c,
    thumbnails: c.thumbnails.map((t) => `${t.length} bytes of PNG`)
  }))
  return JSON.stringify({ ...s, classes }, null, 2)
}
