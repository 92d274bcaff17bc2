import { InvalidArgumentError, type Command } from 'commander'
import { mkdir } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { SEED_MAX } from '../../shared/seed'
import { selectBackend } from '../engine/backend/selectBackend'
import { generateFromCheckpoint, interpolateFromCheckpoint } from '../engine/generate/generate'
import { saveImages } from '../engine/generate/saveImages'
import { atomicWrite } from '../engine/fs/atomicWrite'
import { cliText, wholeNumberOption } from './cliText'

interface GenerateOptions {
  checkpoint: string
  label?: string
  count: number
  seed: number
  truncation?: number
  grid?: string
  outDir?: string
  interpolate?: [number, number]
  steps: number
}

export function registerGenerateCommand(program: Command): void {
  program
    .command('generate')
    .description('Generate images from a checkpoint: a PNG grid, or one PNG per image.')
    .requiredOption('--checkpoint <dir>', 'a checkpoint folder (runs/<id>/checkpoints/step-<n>)')
    .option('--label <name|index>', 'the class to generate (default: every class, one row each)')
    .option(
      '--count <n>',
      'images (of each class, without --label)',
      wholeNumberOption('--count', 1, 1024),
      16
    )
    .option('--seed <n>', 'noise seed', wholeNumberOption('--seed', 0, SEED_MAX), 0)
    .option(
      '--truncation <t>',
      'resample noise components with |z| above t (the truncation trick)',
      positive('--truncation', 10)
    )
    .option(
      '--interpolate <seedA,seedB>',
      'instead: a strip along the spherical path from z(seedA) to z(seedB)',
      seedPair
    )
    .option(
      '--steps <n>',
      'images along an --interpolate strip',
      wholeNumberOption('--steps', 2, 64),
      8
    )
    .option('--grid <file.png>', 'write all images as one PNG grid')
    .option('--out-dir <dir>', 'write one PNG per image into this folder')
    .action(async (opts: GenerateOptions) => {
      const { t } = cliText()
      if (!opts.grid && !opts.outDir) throw new Error(t('cli.generate.needOutput'))
      const backend = await selectBackend()
      console.log(t('cli.generate.backend', { backend: backend.backend, reason: backend.reason }))
      const checkpoint = resolve(opts.checkpoint)
      const generated = opts.interpolate
        ? await interpolateFromCheckpoint(checkpoint, {
            label: opts.label,
            seedA: opts.interpolate[0],
            seedB: opts.interpolate[1],
            steps: opts.steps
          })
        : await generateFromCheckpoint(checkpoint, {
            label: opts.label,
            count: opts.count,
            seed: opts.seed,
            truncation: opts.truncation
          })
      if (opts.grid) {
        const path = resolve(opts.grid)
        await mkdir(dirname(path), { recursive: true })
        await atomicWrite(path, generated.grid)
        console.log(t('cli.generate.grid', { path, count: generated.images.length }))
      }
      if (opts.outDir) {
        const { paths } = await saveImages(resolve(opts.outDir), generated.images, 'image')
        console.log(t('cli.generate.images', { count: paths.length, dir: resolve(opts.outDir) }))
      }
    })
}

function positive(option: string, max: number) {
  return (value: string): number => {
    const n = Number(value)
    if (!Number.isFinite(n) || n <= 0 || n > max) {
      throw new InvalidArgumentError(cliText().t('cli.options.positiveNumber', { option, max }))
    }
    return n
  }
}

function seedPair(value: string): [number, number] {
  const m = /^\s*(\d+)\s*,\s*(\d+)\s*$/.exec(value)
  const a = Number(m?.[1])
  const b = Number(m?.[2])
  if (!m || a > SEED_MAX || b > SEED_MAX) {
    throw new InvalidArgumentError(cliText().t('cli.options.seedPair'))
  }
  return [a, b]
}
