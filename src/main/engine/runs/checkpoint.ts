/**
 * One checkpoint on disk, `checkpoints/step-<n>/` (runLayout.ts names its files). Each
 * concern has its own module; this one gathers them under the names other code imports.
 */
export {
  CHECKPOINT_VERSION,
  CheckpointManifestSchema,
  architectureOf,
  readManifest,
  type CheckpointManifest
} from './checkpointManifest'
export {
  saveCheckpoint,
  layersArtifacts,
  type CheckpointContent,
  type FileWriter
} from './checkpointSave'
export {
  readModelArtifacts,
  loadLayersModelFrom,
  loadWeightsInto,
  loadSamplingGenerator,
  hasGeneratorEma,
  type SamplingGenerator
} from './checkpointLoad'
export { checkFiles, openCheckpoint } from './checkpointVerify'
export { restoreOptimizers } from './adamState'
export { completeCheckpointSteps, pruneCheckpoints } from './checkpointPrune'
export { checkResumable, discardAfter, type ResumeTarget } from './resumeCheck'
export { checkpointDirName, stepOfDirName } from './runLayout'
import { CHECKPOINT_FILES } from './runLayout'

export const MANIFEST = CHECKPOINT_FILES.manifest
export const GENERATOR_DIR = CHECKPOINT_FILES.generator
export const GENERATOR_EMA_DIR = CHECKPOINT_FILES.generatorEma
export const DISCRIMINATOR_DIR = CHECKPOINT_FILES.discriminator
export const MODEL_JSON = CHECKPOINT_FILES.modelJson
export const WEIGHTS_BIN = CHECKPOINT_FILES.weights
