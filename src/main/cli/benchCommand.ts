/**
 * `gan-studio bench`: the speed figures, each beside its peer where one exists
 * (scripts/bench/peer_*.py on Debian's PyTorch), measured in the same invocation, and the
 * memory of a long run. Speed lives here, never in timed tests.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Command } from 'commander'
import * as tf from '@tensorflow/tfjs'
import { benchDatasetIngest } from '../bench/ingestBench'
import { benchConvKernels } from '../bench/kernelBench'
import { benchMemory, type MemoryBench } from '../bench/memoryBench'
import { peerScript } from '../bench/peerScripts'
import {
  compareWithPeer,
  profileTrainStep,
  type TrainComparison,
  type TrainStepProfile
} from '../bench/trainBench'
import { selectBackend } from '../engine/backend/selectBackend'
import { exportIdxToFolder, FASHION_MNIST_DIR } from '../engine/data/index'
import { defaultDataDir } from '../engine/dataDir'
import {
  prepareThreadedWasm,
  releaseWasmThreads,
  wasmThreadCount,
  wasmThreadsInUse
} from '../engine/kernels/threadedWasm'

const PARTS = ['kernels', 'train', 'data', 'memory'] as const
type Part = (typeof PARTS)[number]
/** `memory` trains 2,000 steps (minutes): asked for by name only. */
const DEFAULT_PARTS: Part[] = ['kernels', 'train', 'data']

function printComparison(c: TrainComparison): void {
  const row = (who: string, s: TrainComparison['studio']['imagesPerSecond']) =>
    console.log(
      `  ${who.padEnd(26)} ${s.median.toFixed(1).padStart(7)} img/s  (${s.min.toFixed(1)}–${s.max.toFixed(1)}, spread ${(100 * s.spread).toFixed(0)}%, ${s.runs.length} runs)`
    )
  console.log(`\n  medians over ${c.rounds} alternated rounds of ${c.steps} steps:`)
  row(`gan-studio ${c.backend}`, c.studio.imagesPerSecond)
  row(`  default techniques`, c.studioDefault.imagesPerSecond)
  console.log(
    `  the default techniques (projection D, spectral norm, hinge, DiffAugment) cost ${c.studioDefault.cost.toFixed(2)}× the DCGAN step; the peer trains the DCGAN`
  )
  if (c.peer) {
    for (const [t, p] of Object.entries(c.peer.byThreads))
      row(`peer threads=${t}`, p.imagesPerSecond)
    console.log(
      `  ratio: gan-studio / peer's best (threads=${c.peer.best.threads}) = ${c.ratio!.toFixed(3)}×`
    )
  } else {
    console.log(`  peer skipped: ${c.peerSkipped}`)
  }
  const drift = [...c.studio.runs, ...c.studioDefault.runs].map((r) => r.tensorDrift)
  console.log(
    `  1-min load average during the runs: median ${c.load.median.toFixed(2)} (${c.load.min.toFixed(2)}–${c.load.max.toFixed(2)}); tensor drift per run: ${drift.join(', ')}`
  )
}

function printMemory(m: MemoryBench): void {
  for (const k of m.marks) {
    console.log(
      `  step ${String(k.step).padEnd(6)} RSS ${k.rssMB.toFixed(1).padStart(7)} MB   heap ${k.heapMB.toFixed(1).padStart(6)} MB   tensors ${k.tensors}`
    )
  }
  const change = `${m.rssChange >= 0 ? '+' : ''}${(100 * m.rssChange).toFixed(1)}%`
  console.log(
    `  RSS ${change} from step ${m.marks[0]!.step} to ${m.marks.at(-1)!.step}: ${m.rssFlat ? 'within' : 'NOT within'} 10%; tensor drift ${m.tensorDrift}` +
      (m.settled ? '' : ' (no full GC before the readings)')
  )
}

function printProfile(p: TrainStepProfile, top: number): void {
  console.log(
    `\n  kernel profile (${p.backend}, ${p.steps} steps): ${p.stepMs.toFixed(0)} ms/step under the profiler, ${p.kernelMs.toFixed(0)} ms in kernels`
  )
  console.log(
    `  ${'kernel'.padEnd(24)} ${'ms/step'.padStart(8)} ${'calls'.padStart(6)} ${'share'.padStart(6)}`
  )
  for (const k of p.kernels.slice(0, top)) {
    console.log(
      `  ${k.kernel.padEnd(24)} ${k.ms.toFixed(1).padStart(8)} ${String(k.calls).padStart(6)} ${(100 * k.share).toFixed(1).padStart(5)}%`
    )
  }
}

export function registerBenchCommand(program: Command): void {
  program
    .command('bench')
    .description('Measure kernels, training and dataset ingest, beside the PyTorch peers.')
    .option(
      '--only <parts>',
      `comma-separated: ${PARTS.join(', ')} (memory: RSS and tensors at steps 200 and 2,000 of a run; takes minutes)`,
      DEFAULT_PARTS.join(',')
    )
    .option('--steps <n>', 'timed training steps per run', positiveInt('--steps'), 20)
    .option(
      '--rounds <n>',
      'alternated rounds of studio and peer runs (medians over them)',
      positiveInt('--rounds'),
      3
    )
    .option('--profile', "also print the training step's time per kernel (top 10)")
    .option(
      '--wasm-threads <n>',
      'XNNPACK threads for the wasm backend, as training uses them (default: GAN_STUDIO_WASM_THREADS, else every core; 1 = the plain build)',
      positiveInt('--wasm-threads')
    )
    .option(
      '--folder <dir>',
      'image folder for the ingest bench (default: Fashion-MNIST exported once)'
    )
    .option('--json <file>', 'also write the figures as JSON')
    .option('--backend <name>', 'measure this backend (e.g. webgpu), as GAN_STUDIO_BACKEND does')
    .action(
      async (opts: {
        backend?: string
        only: string
        steps: number
        rounds: number
        profile?: boolean
        wasmThreads?: number
        folder?: string
        json?: string
      }) => {
        const parts = opts.only.split(',').map((p) => p.trim()) as Part[]
        const unknown = parts.filter((p) => !PARTS.includes(p))
        if (unknown.length)
          throw new Error(`--only: unknown part ${unknown.join(', ')}; use ${PARTS.join(', ')}`)
        // Threads must be asked for before the wasm backend first starts.
        const restore = prepareThreadedWasm({
          threads: opts.wasmThreads ?? wasmThreadCount(process.env.GAN_STUDIO_WASM_THREADS)
        })
        let choice: Awaited<ReturnType<typeof selectBackend>>
        try {
          const env = opts.backend
            ? { ...process.env, GAN_STUDIO_BACKEND: opts.backend }
            : undefined
          choice = await selectBackend({ env })
        } finally {
          restore()
        }
        const threads = tf.getBackend() === 'wasm' ? wasmThreadsInUse() : undefined
        console.log(
          `backend: ${choice.backend} (${choice.reason})${threads ? `, ${threads} XNNPACK thread${threads > 1 ? 's' : ''}` : ''}`
        )
        const figures: Record<string, unknown> = { backend: choice.backend, wasmThreads: threads }

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
            `\ntraining step, 28×28 conditional DCGAN (the peer's model), batch 64, ${opts.steps} steps per run`
          )
          const comparison = await compareWithPeer({
            steps: opts.steps,
            rounds: opts.rounds,
            conditional: true,
            peer: { script: peerScript('peer_dcgan.py') },
            onRun: (line) => console.log(`  ${line}`)
          })
          printComparison(comparison)
          figures.train = comparison
          if (opts.profile) {
            const profile = await profileTrainStep({ steps: 3, conditional: true })
            printProfile(profile, 10)
            figures.trainProfile = profile
          }
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

        if (parts.includes('memory')) {
          console.log(
            '\nmemory: 2,000 steps of the conditional DCGAN-28 (width 16, batch 32) on shapes, through the Trainer, a sample grid and a checkpoint every 500'
          )
          const memory = await benchMemory({
            onMark: (m) => console.log(`  step ${m.step} reached`)
          })
          printMemory(memory)
          figures.memory = memory
        }

        if (opts.json) {
          writeFileSync(opts.json, JSON.stringify(figures, null, 2))
          console.log(`\nfigures written to ${opts.json}`)
        }
        // Its pthread workers would keep the process alive.
        if ((threads ?? 1) > 1) releaseWasmThreads()
      }
    )
}

function positiveInt(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value)
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`${flag} must be a whole number of 1 or more, got "${value}".`)
    return n
  }
}
