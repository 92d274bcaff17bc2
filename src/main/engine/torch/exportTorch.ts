import * as tf from '@tensorflow/tfjs'
import { existsSync } from 'node:fs'
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { parseStoredConfig, TECHNIQUE_FIELDS, type TrainConfig } from '../../../shared/train'
import { folderSafeName, openDataset, type ImageDataset } from '../data/index'
import { encodePng } from '../data/png'
import { buildDiscriminatorFor, buildGeneratorFor } from '../models/build'
import type { DcganSpec } from '../models/dcgan'
import { fullSpec } from '../models/fullSpec'
import {
  checkFiles,
  DISCRIMINATOR_DIR,
  GENERATOR_DIR,
  GENERATOR_EMA_DIR,
  hasGeneratorEma,
  loadWeightsInto,
  MANIFEST,
  readManifest,
  restoreOptimizers
} from '../runs/checkpoint'
import { parseMetrics, readConfigRecord } from '../runs/runFolder'
import { fixedGridNoise } from './gridNoise'
import { discriminatorPlaces, generatorCounters, generatorPlaces, modelToTorch } from './layout'
import { adamToTorch } from './optimizerState'
import { encodeSafetensors, type TensorMap } from './safetensors'
import { JOB_FORMAT, JOB_VERSION, type TorchJob } from './job'
import trainPy from '../../../../resources/torch/train.py?raw'
import readmeTemplate from '../../../../resources/torch/README.template.md?raw'
import requirementsTxt from '../../../../resources/torch/requirements.txt?raw'

export interface ExportTorchOptions {
  /** A folder dataset only: train.py reads the user's folder instead of a copy. */
  dataReference?: boolean
  /** Lines worth showing a person while it works. */
  onLog?: (message: string) => void
}

export interface ExportTorchResult {
  dir: string
  /** The checkpoint step training continues from (0: a fresh start with the run's settings). */
  step: number
  /** Images written into data/ (0 when the job references the user's folder). */
  images: number
  /** The command that trains it on one machine with two processes. */
  command: string
}

/**
 * `export-torch`: a self-contained PyTorch job folder for a run (a fresh start with its
 * settings and initial weights) or a checkpoint (training continues from it):
 *
 *   train.py, requirements.txt, README.md  the job (DDP + DistributedSampler) and how to run it
 *   job.json                               the run's config, architecture, classes, data
 *   init/state.safetensors, init/torch.json weights and Adam state in PyTorch's layout
 *   grid-noise.f32                         the fixed noise of the studio's sample grids
 *   data/<nnn>-<class>/*.png               the dataset as an ImageFolder (or a reference)
 *   config.json, metrics.jsonl, samples/   the run so far, so the folder reads as a run
 */
export async function exportTorchJob(
  source: string,
  outDir: string,
  options: ExportTorchOptions = {}
): Promise<ExportTorchResult> {
  const log = options.onLog ?? (() => undefined)
  const src = resolve(source)
  const out = resolve(outDir)
  const from = await readSource(src)
  refuseUnsupported(from.config)
  await refuseNonEmpty(out)

  const spec = from.spec
  const generator = buildGeneratorFor(spec)
  const discriminator = buildDiscriminatorFor(spec)
  // The EMA of G (config.ema): the checkpoint's, else G's own weights, as the studio starts it.
  const generatorEma = from.config.ema ? buildGeneratorFor(spec) : null
  const gOptimizer = tf.train.adam(from.config.lrG, from.config.beta1, from.config.beta2)
  const dOptimizer = tf.train.adam(from.config.lrD, from.config.beta1, from.config.beta2)
  try {
    if (from.checkpoint) {
      await loadWeightsInto(generator, join(from.checkpoint, GENERATOR_DIR))
      await loadWeightsInto(discriminator, join(from.checkpoint, DISCRIMINATOR_DIR))
      if (generatorEma) {
        const emaDir = from.hasEma ? GENERATOR_EMA_DIR : GENERATOR_DIR
        await loadWeightsInto(generatorEma, join(from.checkpoint, emaDir))
      }
      await restoreOptimizers(from.checkpoint, gOptimizer, dOptimizer)
    }
    const gPlaces = generatorPlaces(spec)
    const dPlaces = discriminatorPlaces(spec)
    const state: TensorMap = new Map()
    for (const [k, v] of modelToTorch(generator, gPlaces)) state.set(`generator.${k}`, v)
    for (const [k, v] of modelToTorch(discriminator, dPlaces)) state.set(`discriminator.${k}`, v)
    if (generatorEma) {
      for (const [k, v] of modelToTorch(generatorEma, gPlaces)) state.set(`${EMA_PREFIX}${k}`, v)
    }
    const gSteps = await adamToTorch(gOptimizer, generator, gPlaces, 'generator.', state)
    await adamToTorch(dOptimizer, discriminator, dPlaces, 'discriminator.', state)
    // torch's BatchNorm counts its updates; the studio does not keep the count.
    for (const key of generatorCounters(spec)) {
      const count = { dtype: 'F32' as const, shape: [], data: Float32Array.of(gSteps) }
      state.set(`generator.${key}`, count)
      if (generatorEma) state.set(`${EMA_PREFIX}${key}`, count)
    }

    const dataset = await openData(from, log)
    await mkdir(join(out, 'init'), { recursive: true })
    await writeFile(join(out, 'init', 'state.safetensors'), encodeSafetensors(state))
    await writeFile(
      join(out, 'init', 'torch.json'),
      JSON.stringify(
        {
          format: 'gan-studio-torch',
          version: 1,
          step: from.step,
          epoch: from.epoch,
          time: new Date().toISOString(),
          dLoss: from.losses[0],
          gLoss: from.losses[1],
          backend: `gan-studio ${tf.getBackend()}`,
          // ADA's p goes on from where the studio left it (0 on a fresh start).
          ...(from.config.augment === 'adaptive' ? { augmentP: from.augmentP ?? 0 } : {})
        },
        null,
        2
      ) + '\n'
    )

    const images = options.dataReference
      ? 0
      : await writeImageFolder(dataset, join(out, 'data'), log)
    const grid = fixedGridNoise(spec, dataset.classNames, from.config.seed)
    await writeFile(join(out, 'grid-noise.f32'), Buffer.from(grid.z.buffer))

    if (from.config.augment === 'adaptive' && from.checkpoint && from.augmentP === undefined) {
      log(
        'augmentation: the checkpoint does not record adaptive p (saved before it was kept); the job starts p at 0'
      )
    }
    const runId = `${from.runId}-torch`
    const job: TorchJob = {
      format: JOB_FORMAT,
      version: JOB_VERSION,
      runId,
      source: {
        run: from.runDir,
        runId: from.runId,
        checkpoint: from.checkpoint ?? null,
        step: from.step
      },
      config: from.config,
      spec: fullSpec(spec),
      classNames: dataset.classNames,
      labeled: dataset.labeled,
      dataset: { name: dataset.name, count: dataset.count },
      data: options.dataReference
        ? {
            path: dataReferencePath(from.config),
            fit: from.config.datasetOptions.fit ?? 'crop',
            background: from.config.datasetOptions.background ?? '#000000',
            ...(from.config.datasetOptions.limitPerClass
              ? { limitPerClass: from.config.datasetOptions.limitPerClass }
              : {})
          }
        : { path: 'data' },
      grid: {
        noise: 'grid-noise.f32',
        count: grid.count,
        rows: grid.rows,
        labels: grid.labels,
        rowLabels: grid.rowLabels
      }
    }
    await writeFile(join(out, 'job.json'), JSON.stringify(job, null, 2) + '\n')
    await writeFile(join(out, 'train.py'), trainPy)
    await writeFile(join(out, 'requirements.txt'), requirementsTxt)
    await writeFile(join(out, 'README.md'), fillReadme(job, from, images))
    await writeRunRecord(out, from, job)
    const command = 'torchrun --nproc_per_node=2 train.py'
    log(
      `job: ${out} (${from.checkpoint ? `continues from step ${from.step}` : 'a fresh start'}); train it with: cd ${out} && ${command}`
    )
    return { dir: out, step: from.step, images, command }
  } finally {
    for (const d of [generator, discriminator, gOptimizer, dOptimizer]) d.dispose()
    generatorEma?.dispose()
  }
}

/** state.safetensors' prefix for the EMA of G's weights (train.py's generator_ema). */
export const EMA_PREFIX = 'generator_ema.'

/** What an export starts from: a run folder (a fresh start) or one of its checkpoints. */
interface ExportSource {
  runDir: string
  runId: string
  checkpoint?: string
  step: number
  epoch: number
  losses: [number | null, number | null]
  config: TrainConfig
  spec: DcganSpec
  /** The run's config.json, as recorded (null when it has none). */
  record: Record<string, unknown> | null
  /** The checkpoint holds an EMA of G (generator-ema/). */
  hasEma: boolean
  /** Adaptive augmentation's p, as the checkpoint recorded it. */
  augmentP?: number
  dataset: { name: string; count: number; classNames: string[] }
}

async function readSource(src: string): Promise<ExportSource> {
  if (existsSync(join(src, MANIFEST))) {
    const manifest = await readManifest(src)
    const problem = await checkFiles(src, manifest)
    if (problem) throw new Error(`The checkpoint at ${src} will not load: ${problem}`)
    const runDir = dirname(dirname(src))
    const config = parseConfig(manifest.config, join(src, MANIFEST))
    return {
      runDir,
      runId: manifest.runId,
      checkpoint: src,
      step: manifest.step,
      epoch: manifest.epoch,
      losses: [manifest.dLoss, manifest.gLoss],
      config,
      spec: {
        resolution: manifest.resolution as DcganSpec['resolution'],
        channels: manifest.channels as DcganSpec['channels'],
        noiseDim: manifest.noiseDim,
        numClasses: manifest.numClasses,
        width: manifest.modelWidth,
        seed: config.seed,
        ...techniquesOf(config)
      },
      record: await readConfigRecord(runDir),
      hasEma: hasGeneratorEma(manifest),
      augmentP: manifest.augment?.p,
      dataset: manifest.dataset
    }
  }
  const record = await readConfigRecord(src)
  if (!record) {
    throw new Error(
      `${src} is neither a run folder (with config.json) nor a checkpoint (with manifest.json). Name a run (runs/<id>) or one of its checkpoints (runs/<id>/checkpoints/step-<n>).`
    )
  }
  const config = parseConfig(record.config, join(src, 'config.json'))
  const model = (record.model ?? {}) as Partial<DcganSpec>
  const data = (record.dataset ?? {}) as { name?: string; count?: number; classNames?: string[] }
  if (!model.resolution || !model.channels || model.numClasses === undefined) {
    throw new Error(
      `${join(src, 'config.json')} does not record the model (resolution, channels, classes); export one of its checkpoints instead.`
    )
  }
  return {
    runDir: src,
    runId: typeof record.runId === 'string' ? record.runId : basename(src),
    step: 0,
    epoch: 1,
    losses: [null, null],
    config,
    spec: {
      resolution: model.resolution,
      channels: model.channels,
      noiseDim: config.noiseDim,
      numClasses: model.numClasses,
      width: config.modelWidth,
      seed: config.seed,
      ...techniquesOf(config)
    },
    record,
    hasEma: false,
    dataset: { name: data.name ?? '', count: data.count ?? 0, classNames: data.classNames ?? [] }
  }
}

/** The spec's fields that come from #22's techniques. */
function techniquesOf(
  config: TrainConfig
): Pick<DcganSpec, 'conditioning' | 'spectralNorm' | 'architecture'> {
  return {
    conditioning: config.conditioning,
    spectralNorm: config.spectralNorm,
    architecture: config.model
  }
}

function parseConfig(raw: unknown, where: string): TrainConfig {
  const parsed = parseStoredConfig(raw)
  if (!parsed.success)
    throw new Error(`${where} holds no valid training config: ${parsed.error.message}`)
  return parsed.data
}

/** TrainConfig keys train.py reproduces; any other setting that is on is refused by name. */
const SUPPORTED = new Set<string>([
  'dataset',
  'datasetOptions',
  'modelWidth',
  'conditional',
  'noiseDim',
  'dSteps',
  'batchSize',
  'beta1',
  'beta2',
  'epochs',
  'maxSteps',
  'labelSmoothing',
  'instanceNoise',
  'mismatchedLabels',
  'gpWeight',
  'seed',
  'sampleEvery',
  'checkpointEvery',
  'keepCheckpoints',
  'scoreEvery',
  // Every technique of issue #22: train.py reproduces them all.
  ...TECHNIQUE_FIELDS
])

/** The settings that are off by these values; anything else is a technique train.py lacks. */
function isOff(key: string, value: unknown): boolean {
  if (key === 'conditioning') return value === 'planes'
  if (key === 'augment') return value === 'off'
  return (
    value === undefined ||
    value === null ||
    value === false ||
    value === 0 ||
    value === 'off' ||
    value === 'none'
  )
}

/** Refuses, naming each, the settings train.py does not build yet. */
export function refuseUnsupported(config: TrainConfig): void {
  const problems: string[] = []
  const record = config as unknown as Record<string, unknown>
  for (const [key, value] of Object.entries(record)) {
    if (SUPPORTED.has(key) || isOff(key, value)) continue
    problems.push(`${key} = ${JSON.stringify(value)}`)
  }
  if (problems.length > 0) {
    throw new Error(
      `The PyTorch export does not support this run's ${problems.join(', ')} yet. ` +
        'It exports the DCGAN (conditional by planes or projection, or not) and the resnet, with any of the four losses, k, TTUR rates, label smoothing, instance noise, mismatched labels, spectral norm, EMA, R1 and DiffAugment (fixed or adaptive).'
    )
  }
}

async function refuseNonEmpty(out: string): Promise<void> {
  const names = await readdir(out).catch(() => [] as string[])
  if (names.length > 0) {
    throw new Error(
      `${out} is not empty (it holds ${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}). Export into a new or empty folder.`
    )
  }
}

async function openData(from: ExportSource, log: (m: string) => void): Promise<ImageDataset> {
  log(`dataset: opening ${describeSource(from.config)}`)
  let dataset: ImageDataset
  try {
    ;({ dataset } = await openDataset(from.config.dataset, from.config.datasetOptions))
  } catch (err) {
    throw new Error(
      `The run's dataset (${describeSource(from.config)}) cannot be opened: ${err instanceof Error ? err.message : String(err)}. The job needs it to train; make it available again and export once more.`,
      { cause: err }
    )
  }
  const expected = from.dataset
  if (
    expected.count > 0 &&
    (dataset.count !== expected.count ||
      dataset.classNames.join('\n') !== expected.classNames.join('\n'))
  ) {
    throw new Error(
      `The run's dataset has changed since it trained: it trained on ${expected.count} images of [${expected.classNames.join(', ')}], it now holds ${dataset.count} of [${dataset.classNames.join(', ')}]. Restore it, or train a new run on it.`
    )
  }
  return dataset
}

function describeSource(config: TrainConfig): string {
  const s = config.dataset as { kind: string; path?: string; name?: string }
  return s.kind === 'folder' || s.kind === 'idx' ? `${s.kind} ${s.path}` : `built-in ${s.name}`
}

function dataReferencePath(config: TrainConfig): string {
  const s = config.dataset as { kind: string; path?: string }
  if (s.kind !== 'folder' || !s.path) {
    throw new Error(
      `Only a folder dataset can be referenced; this run trained on ${describeSource(config)}, which the job gets as a copy (export without the reference option).`
    )
  }
  return s.path
}

/** The dataset as an ImageFolder: one folder per class, numbered so they sort in label order. */
async function writeImageFolder(
  dataset: ImageDataset,
  dir: string,
  log: (m: string) => void
): Promise<number> {
  const { size, channels, count } = dataset
  const names = dataset.labeled ? dataset.classNames : ['images']
  const folders = names.map((n, i) => `${String(i).padStart(3, '0')}-${folderSafeName(n, i)}`)
  for (const f of folders) await mkdir(join(dir, f), { recursive: true })
  const perImage = size * size * channels
  const counters = new Array<number>(folders.length).fill(0)
  for (let i = 0; i < count; i++) {
    const label = dataset.labeled ? dataset.labels[i]! : 0
    const pixels = dataset.images.subarray(i * perImage, (i + 1) * perImage)
    const n = counters[label]!++
    await writeFile(
      join(dir, folders[label]!, `${String(n).padStart(6, '0')}.png`),
      encodePng(pixels, size, size, channels)
    )
    if ((i + 1) % 10_000 === 0) log(`data: ${i + 1} of ${count} images written`)
  }
  log(`data: ${count} images in ${folders.length} class folders under ${dir}`)
  return count
}

/** config.json, and the metrics and samples up to the exported step, so the job reads as a run. */
async function writeRunRecord(out: string, from: ExportSource, job: TorchJob): Promise<void> {
  const record = {
    ...(from.record ?? {}),
    runId: job.runId,
    createdAt: new Date().toISOString(),
    backend: 'pytorch (export-torch)',
    config: from.config,
    torch: { exportedFrom: from.checkpoint ?? from.runDir, step: from.step }
  }
  await writeFile(join(out, 'config.json'), JSON.stringify(record, null, 2) + '\n')
  await mkdir(join(out, 'samples'), { recursive: true })
  if (from.step === 0) return
  const text = await readFile(join(from.runDir, 'metrics.jsonl'), 'utf8').catch(() => '')
  const kept = parseMetrics(text).records.filter(
    (r) => typeof r.step === 'number' && r.step <= from.step
  )
  if (kept.length > 0)
    await writeFile(join(out, 'metrics.jsonl'), kept.map((r) => JSON.stringify(r) + '\n').join(''))
  for (const name of await readdir(join(from.runDir, 'samples')).catch(() => [] as string[])) {
    const m = /^step-(\d+)\.png$/.exec(name)
    if (m && Number(m[1]) <= from.step)
      await copyFile(join(from.runDir, 'samples', name), join(out, 'samples', name))
  }
}

function fillReadme(job: TorchJob, from: ExportSource, images: number): string {
  const c = from.config
  const fill: Record<string, string> = {
    RUN: from.runId,
    START: from.checkpoint
      ? `continues from the checkpoint at step ${from.step}`
      : "starts afresh with the run's settings and initial weights",
    MODEL: `${job.spec.architecture === 'resnet' ? 'ResNet' : 'DCGAN'} ${job.spec.resolution}×${job.spec.resolution}×${job.spec.channels}, width ${job.spec.width}, noise ${job.spec.noiseDim}, ${job.spec.numClasses > 0 ? `conditional on ${job.spec.numClasses} classes (${job.spec.conditioning === 'projection' || job.spec.architecture === 'resnet' ? 'projection discriminator' : 'label planes'})` : 'unconditional'}${job.spec.spectralNorm ? ', spectral norm in D' : ''}`,
    TRAINING: [
      `loss ${c.loss}, k = ${c.dSteps}, batch ${c.batchSize} (split over the processes), Adam lr G ${c.lrG} / D ${c.lrD}, betas (${c.beta1}, ${c.beta2}), label smoothing ${c.labelSmoothing}`,
      c.ema ? `EMA of G (decay ${c.emaDecay}; samples and checkpoints use it)` : '',
      c.augment === 'fixed'
        ? `DiffAugment ${c.augmentOps.join('+')} with p ${c.augmentStrength}`
        : c.augment === 'adaptive'
          ? `adaptive DiffAugment ${c.augmentOps.join('+')} (target ${c.augmentTarget})`
          : '',
      c.r1Gamma > 0 ? `R1 γ ${c.r1Gamma}` : ''
    ]
      .filter(Boolean)
      .join(', '),
    DATA:
      images > 0
        ? `data/: ${images} images of ${job.dataset.name}, one folder per class`
        : `the folder ${job.data.path} (referenced, not copied)`
  }
  return readmeTemplate.replace(/\{\{(\w+)\}\}/g, (all, key: string) => fill[key] ?? all)
}
