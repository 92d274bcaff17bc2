import { basename, dirname, join } from 'node:path'

/**
 * The one owner of the run folder's names and their parsing. Nothing else spells a file
 * name of a run or parses a `step-<n>`:
 *
 *   runs/<id>/config.json                 what was trained, on what, where
 *   runs/<id>/metrics.jsonl               one progress record a line, appended
 *   runs/<id>/meta.json                   what the studio keeps beside it (the run's name)
 *   runs/<id>/samples/step-<n>.png        the fixed-noise grid at step n
 *   runs/<id>/checkpoints/step-<n>/       one checkpoint (CHECKPOINT_FILES)
 */
export const RUN_FILES = {
  config: 'config.json',
  metrics: 'metrics.jsonl',
  meta: 'meta.json',
  samples: 'samples',
  checkpoints: 'checkpoints'
} as const

/**
 * One checkpoint folder:
 *
 *   generator/model.json + weights.bin      TF.js layers format (plain tf.loadLayersModel loads it)
 *   generator-ema/…                         optional: an exponential moving average of G's weights
 *   discriminator/model.json + weights.bin
 *   optimizers.json + optimizers.bin        both Adam optimisers' slots
 *   thumbnail.png                           the fixed-noise sample grid at this step
 *   manifest.json                           written LAST: its presence marks a whole checkpoint
 */
export const CHECKPOINT_FILES = {
  manifest: 'manifest.json',
  generator: 'generator',
  generatorEma: 'generator-ema',
  discriminator: 'discriminator',
  modelJson: 'model.json',
  weights: 'weights.bin',
  optimizersJson: 'optimizers.json',
  optimizersBin: 'optimizers.bin',
  thumbnail: 'thumbnail.png'
} as const

// Canonical numbers only (no leading zeros), so a parsed step names the same folder again.
const STEP_DIR = /^step-(0|[1-9]\d*)$/
const SAMPLE_FILE = /^step-(0|[1-9]\d*)\.png$/
/** A checkpoint save that never got renamed into place. */
const PARTIAL_SAVE = /^\..+\.partial$/
/** atomicWrite's temporary file. */
const TEMP_FILE = /^\..+\.tmp$/

export function checkpointDirName(step: number): string {
  return `step-${step}`
}

/** The step of a `step-<n>` folder name, or undefined. */
export function stepOfDirName(name: string): number | undefined {
  const m = STEP_DIR.exec(name)
  return m ? Number(m[1]) : undefined
}

export function sampleFileName(step: number): string {
  return `step-${step}.png`
}

/** The step of a `step-<n>.png` sample name, or undefined. */
export function stepOfSampleName(name: string): number | undefined {
  const m = SAMPLE_FILE.exec(name)
  return m ? Number(m[1]) : undefined
}

/** The hidden folder a checkpoint is written into before it is renamed to `checkpointDir`. */
export function partialSaveDir(checkpointDir: string, unique: string): string {
  return join(dirname(checkpointDir), `.${basename(checkpointDir)}.${unique}.partial`)
}

export function isPartialSave(name: string): boolean {
  return PARTIAL_SAVE.test(name)
}

export function isTempFile(name: string): boolean {
  return TEMP_FILE.test(name)
}

/** Steps found among folder entries (`step-<n>` folders or `step-<n>.png` files), ascending. */
export function stepsOf(names: readonly string[], parse: (name: string) => number | undefined) {
  return names
    .map(parse)
    .filter((s): s is number => s !== undefined)
    .sort((a, b) => a - b)
}

/** Where each thing of one run lives. */
export class RunLayout {
  constructor(readonly dir: string) {}

  get configPath(): string {
    return join(this.dir, RUN_FILES.config)
  }

  get metricsPath(): string {
    return join(this.dir, RUN_FILES.metrics)
  }

  get metaPath(): string {
    return join(this.dir, RUN_FILES.meta)
  }

  get samplesDir(): string {
    return join(this.dir, RUN_FILES.samples)
  }

  samplePath(step: number): string {
    return join(this.samplesDir, sampleFileName(step))
  }

  get checkpointsDir(): string {
    return join(this.dir, RUN_FILES.checkpoints)
  }

  checkpointDir(step: number): string {
    return join(this.checkpointsDir, checkpointDirName(step))
  }

  /**
   * What a path names: a checkpoint folder (`<run>/checkpoints/step-<n>`) gives its run and
   * step; any other folder is taken as a run folder (step undefined: its latest).
   */
  static ofPath(path: string): { layout: RunLayout; runId: string; step?: number } {
    const step = stepOfDirName(basename(path))
    const runDir = step !== undefined ? dirname(dirname(path)) : path
    return { layout: new RunLayout(runDir), runId: basename(runDir), step }
  }
}

/** Where each file of one checkpoint lives. */
export class CheckpointLayout {
  constructor(readonly dir: string) {}

  get manifestPath(): string {
    return join(this.dir, CHECKPOINT_FILES.manifest)
  }

  /** A model's folder: generator, its EMA twin, or discriminator. */
  modelDir(which: 'generator' | 'generatorEma' | 'discriminator'): string {
    return join(this.dir, CHECKPOINT_FILES[which])
  }

  file(name: string): string {
    return join(this.dir, name)
  }
}
