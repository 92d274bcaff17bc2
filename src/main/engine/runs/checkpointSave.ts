import * as tf from '@tensorflow/tfjs'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { atomicWrite, syncFolder } from '../fs/atomicWrite'
import { encodeOptimizers } from './adamState'
import { CHECKPOINT_VERSION, type CheckpointManifest, type FileRecord } from './checkpointManifest'
import { sha256 } from './checkpointVerify'
import { CHECKPOINT_FILES, partialSaveDir } from './runLayout'

/**
 * Saving one checkpoint. The files go to a hidden temporary folder first and the folder is
 * renamed into place, so a failed or interrupted save never leaves a half checkpoint under a
 * step-<n> name; manifest.json, which marks it whole, is written last.
 */

/** Writes one whole file; injectable so tests can make a save fail (ENOSPC and the like). */
export type FileWriter = (path: string, data: string | Uint8Array) => Promise<void>

export interface CheckpointContent {
  generator: tf.LayersModel
  discriminator: tf.LayersModel
  /** An exponential moving average of G's weights, saved as `generator-ema/` when given. */
  generatorEma?: tf.LayersModel
  gOptimizer: tf.Optimizer
  dOptimizer: tf.Optimizer
  thumbnail?: Uint8Array
  /** Everything in the manifest except `files`, `version`, `thumbnail` (filled in here). */
  manifest: Omit<CheckpointManifest, 'files' | 'version' | 'thumbnail'>
}

/**
 * Saves a whole checkpoint into `dir` (replacing one already there only once the new one is
 * complete). On failure nothing is left under `dir`'s name that was not there before, and the
 * error is thrown.
 */
export async function saveCheckpoint(
  dir: string,
  content: CheckpointContent,
  write: FileWriter = atomicWrite
): Promise<void> {
  const F = CHECKPOINT_FILES
  const parent = dirname(dir)
  await mkdir(parent, { recursive: true })
  const temp = partialSaveDir(dir, randomBytes(4).toString('hex'))
  const files: Record<string, FileRecord> = {}
  const put = async (name: string, data: string | Uint8Array) => {
    await write(join(temp, name), data)
    const bytes = typeof data === 'string' ? Buffer.from(data) : data
    files[name] = { bytes: bytes.byteLength, sha256: sha256(bytes) }
  }
  const models: [string, tf.LayersModel][] = [
    [F.generator, content.generator],
    [F.discriminator, content.discriminator],
    ...(content.generatorEma
      ? [[F.generatorEma, content.generatorEma] as [string, tf.LayersModel]]
      : [])
  ]
  try {
    for (const [sub, model] of models) {
      await mkdir(join(temp, sub), { recursive: true })
      const { modelJson, weights } = await layersArtifacts(model)
      await put(`${sub}/${F.weights}`, weights)
      await put(`${sub}/${F.modelJson}`, modelJson)
    }
    const optimizers = await encodeOptimizers(content.gOptimizer, content.dOptimizer)
    await put(F.optimizersBin, optimizers.data)
    await put(F.optimizersJson, optimizers.json)
    if (content.thumbnail) await put(F.thumbnail, content.thumbnail)
    const manifest: CheckpointManifest = {
      version: CHECKPOINT_VERSION,
      ...content.manifest,
      files,
      thumbnail: content.thumbnail ? F.thumbnail : undefined
    }
    await write(join(temp, F.manifest), JSON.stringify(manifest, null, 2) + '\n')
    if (existsSync(dir)) await rm(dir, { recursive: true, force: true })
    await rename(temp, dir)
    await syncFolder(parent)
  } catch (err) {
    await rm(temp, { recursive: true, force: true }).catch(() => undefined)
    throw err
  }
}

/** model.json (the standard layers format, weights in `weights.bin` beside it) and the weights. */
export async function layersArtifacts(
  model: tf.LayersModel
): Promise<{ modelJson: string; weights: Uint8Array }> {
  let out: { modelJson: string; weights: Uint8Array } | undefined
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data = artifacts.weightData
        ? tf.io.CompositeArrayBuffer.join(artifacts.weightData)
        : new ArrayBuffer(0)
      const json = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [
          { paths: [CHECKPOINT_FILES.weights], weights: artifacts.weightSpecs ?? [] }
        ]
      }
      out = { modelJson: JSON.stringify(json), weights: new Uint8Array(data) }
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) }
    })
  )
  if (!out) throw new Error(`${model.name} did not save`)
  return out
}
