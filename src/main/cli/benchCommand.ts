/**
 * `gan-studio bench`: the speed figures, each beside its peer where one exists
 * (shared/bench/peer_*.py on Debian's PyTorch), measured in the same invocation.
 * Speed lives here, never in timed tests.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import type { Command } from 'commander'
import * as tf from '@tensorflow/tfjs'
import { selectBackend } from '../engine/backend/selectBackend'
import { benchDatasetIngest } from '../engine/data/bench'
import { exportIdxToFolder, FASHION_MNIST_DIR } from '../engine/data/index'
import { defaultDataDir } from '../engine/dataDir'
import { benchConvKernels } from '../engine/kernels/bench'
import { benchTrainStep } from '../engine/train/bench'

const run = promisify(execFile)
const PARTS = ['kernels', 'train', 'data'] as const
type Part = (typeof PARTS)[number]

/** shared/ sits beside the repository (as in CI); GAN_STUDIO_SHARED overrides. */
function peerScript(name: string): string {
  return resolve(
    process.env.GAN_STUDIO_SHARED ?? join(process.cwd(), '..', 'shared'),
    'bench',
    name
  )
}

async function peerDcgan(steps: number, conditional: boolean): Promise<string> {
  const script = peerScript('peer_dcgan.py')
  if (!existsSync(script)) return `peer skipped: ${script} not found`
  try {
    const args = [script, '--steps', String(steps), '--threads', '1']
    if (!conditional) args.push('--unconditional')
    const { stdout } = await run('/usr/bin/python3', args, { timeout: 600_000 })
    return stdout.trim()
  } catch (err) {
    return `peer skipped: ${(err as Error).message.split('\n')[0]} (needs Debian's python3-torch)`
  }
}

export function registerBenchCommand(program: Command): void {
  program
    .command('bench')
    .description('Measure kernels, training and dataset ingest, beside the PyTorch peers.')
    .option('--only <parts>', `comma-separated: ${PARTS.join(', ')}`, PARTS.join(','))
    .option('--steps <n>', 'timed training steps', (v) => Number(v), 20)
    .option(
      '--folder <dir>',
      'image folder for the ingest bench (default: Fashion-MNIST exported once)'
    )
    .option('--json <file>', 'also write the figures as JSON')
    .action(async (opts: { only: string; steps: number; folder?: string; json?: string }) => {
      const parts = opts.only.split(',').map((p) => p.trim()) as Part[]
      const unknown = parts.filter((p) => !PARTS.includes(p))
      if (unknown.length)
        throw new Error(`--only: unknown part ${unknown.join(', ')}; use ${PARTS.join(', ')}`)
      const choice = await selectBackend()
      console.log(`backend: ${choice.backend} (${choice.reason})`)
      const figures: Record<string, unknown> = { backend: choice.backend }

      if (parts.includes('kernels')) {
        if (tf.getBackend() !== 'wasm') {
          console.log(
            "\nkernels: skipped (they are the wasm backend's; this backend is " +
              tf.getBackend() +
              ')'
          )
        } else {
          console.log(
            '\nwasm convolution kernels, 28×28 DCGAN layers, batch 64 (median ms, GFLOP/s)'
          )
          const timings = await benchConvKernels()
          for (const t of timings)
            console.log(
              `  ${t.name.padEnd(44)} ${t.ms.toFixed(1).padStart(8)} ms ${t.gflops.toFixed(1).padStart(6)} GFLOP/s`
            )
          figures.kernels = timings
        }
      }

      if (parts.includes('train')) {
        console.log(
          `\ntraining step, 28×28 conditional DCGAN (the peer's model), batch 64, ${opts.steps} steps`
        )
        const ours = await benchTrainStep({ steps: opts.steps, conditional: true })
        console.log(
          `  gan-studio ${ours.backend}: ${ours.stepsPerSecond.toFixed(3)} steps/s, ${ours.imagesPerSecond.toFixed(1)} img/s`
        )
        const peer = await peerDcgan(opts.steps, true)
        console.log(`  ${peer}`)
        figures.train = { ours, peer }
      }

      if (parts.includes('data')) {
        let folder = opts.folder
        if (!folder) {
          folder = join(defaultDataDir(), 'bench', 'fashion-mnist-folder')
          if (!existsSync(join(folder, 'Sneaker'))) {
            console.log(`\nexporting Fashion-MNIST (train + test) to ${folder} once…`)
            mkdirSync(folder, { recursive: true })
            await exportIdxToFolder(FASHION_MNIST_DIR, folder, { split: 'all' })
          }
        }
        console.log(`\ndataset ingest: ${folder}`)
        const ingest = await benchDatasetIngest({
          folder,
          cacheDir: join(defaultDataDir(), 'bench', 'cache'),
          peerScript: peerScript('peer_imagefolder.py')
        })
        console.log(
          `  gan-studio: ${ingest.images} images, ${ingest.imagesPerSecond.toFixed(0)} img/s (${ingest.ingestSeconds.toFixed(1)} s); reopen from cache ${ingest.reopenSeconds.toFixed(2)} s; peak RSS ${ingest.maxRssMB.toFixed(0)} MB`
        )
        console.log(
          `  ${ingest.peer ? `peer torchvision ImageFolder: ${ingest.peer.imagesPerSecond.toFixed(0)} img/s` : `peer skipped: ${ingest.peerSkipped}`}`
        )
        figures.data = ingest
      }

      if (opts.json) writeFileSync(opts.json, JSON.stringify(figures, null, 2))
    })
}
