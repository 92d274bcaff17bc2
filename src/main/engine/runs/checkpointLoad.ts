import * as tf from '@tensorflow/tfjs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
// A D saved with spectral norm holds the studio's own layer; loading it needs the class registered.
import '../models/spectralNorm'
import type { CheckpointManifest } from './checkpointManifest'
import { openCheckpoint } from './checkpointVerify'
import { CHECKPOINT_FILES, CheckpointLayout } from './runLayout'

/** Reading models back out of a checkpoint (see runLayout.ts for its files). */

/** Bytes a tf.io weight spec occupies. */
export function bytesOfSpec(spec: tf.io.WeightsManifestEntry): number {
  const n = spec.shape.reduce((a, b) => a * b, 1)
  return n * (spec.dtype === 'bool' ? 1 : 4)
}

/** Reads a model folder (model.json + weights) into artifacts tf.loadLayersModel accepts. */
export async function readModelArtifacts(modelDir: string): Promise<tf.io.ModelArtifacts> {
  const json = JSON.parse(await readFile(join(modelDir, CHECKPOINT_FILES.modelJson), 'utf8')) as {
    modelTopology: object
    format?: string
    generatedBy?: string
    convertedBy?: string | null
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[]
  }
  const specs: tf.io.WeightsManifestEntry[] = []
  const buffers: ArrayBuffer[] = []
  for (const group of json.weightsManifest) {
    specs.push(...group.weights)
    for (const p of group.paths) {
      const bytes = await readFile(join(modelDir, p))
      buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))
    }
  }
  const weightData = tf.io.CompositeArrayBuffer.join(buffers)
  const expected = specs.reduce((n, s) => n + bytesOfSpec(s), 0)
  if (weightData.byteLength !== expected) {
    throw new Error(
      `${join(modelDir, CHECKPOINT_FILES.weights)} has ${weightData.byteLength} bytes; model.json expects ${expected}.`
    )
  }
  return {
    modelTopology: json.modelTopology,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy ?? undefined,
    weightSpecs: specs,
    weightData
  }
}

/** Loads a model folder as a LayersModel. */
export async function loadLayersModelFrom(modelDir: string): Promise<tf.LayersModel> {
  const artifacts = await readModelArtifacts(modelDir)
  return tf.loadLayersModel(tf.io.fromMemory(artifacts))
}

/** Loads saved weights into a model built with the same architecture. */
export async function loadWeightsInto(model: tf.LayersModel, modelDir: string): Promise<void> {
  const artifacts = await readModelArtifacts(modelDir)
  const weights = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs!)
  try {
    model.loadWeights(weights, true)
  } finally {
    tf.dispose(Object.values(weights))
  }
}

/** Whether a checkpoint holds an EMA generator (`generator-ema/`), by its manifest. */
export function hasGeneratorEma(manifest: Pick<CheckpointManifest, 'files'>): boolean {
  return `${CHECKPOINT_FILES.generatorEma}/${CHECKPOINT_FILES.modelJson}` in manifest.files
}

/** A generator to sample from, with the manifest of its checkpoint. */
export interface SamplingGenerator {
  model: tf.LayersModel
  manifest: CheckpointManifest
  /** True when `model` is the EMA of G's weights rather than G itself. */
  ema: boolean
}

/**
 * The generator to draw images with from a checkpoint: its EMA generator when it has one
 * (smoother, what the EMA is kept for), else G itself. Verifies the checkpoint first (once:
 * see checkpointVerify.ts) and throws saying why one will not load.
 */
export async function loadSamplingGenerator(
  checkpointDir: string,
  opts: { ignoreEma?: boolean } = {}
): Promise<SamplingGenerator> {
  const manifest = await openCheckpoint(checkpointDir)
  const ema = hasGeneratorEma(manifest) && !opts.ignoreEma
  const layout = new CheckpointLayout(checkpointDir)
  const model = await loadLayersModelFrom(layout.modelDir(ema ? 'generatorEma' : 'generator'))
  return { model, manifest, ema }
}
