// The engine's datasets: open a folder, IDX files or a built-in set as one in-memory uint8
// image set with labels and a summary, then batch it for training.
import path from 'node:path'
import {
  DatasetSourceSchema,
  PartialDatasetOptionsSchema,
  resolveDatasetOptions,
  type DatasetOptions,
  type DatasetProgress,
  type DatasetSource,
  type DatasetSummary
} from '../../../shared/dataset'
import { DatasetError, throwIfAborted } from './datasetError'
import { fashionMnistFiles, FASHION_MNIST_CLASSES, idxClassNames } from './fashionMnist'
import { findIdxFiles, idxToDataset, readIdxPairs } from './idx'
import type { ImageDataset } from './imageDataset'
import { openFolder } from './openFolder'
import { shapesFromOptions } from './shapes'
import { summarize } from './summary'

export {
  BatchStream,
  type Batch,
  type BatchStreamOptions,
  type BatchStreamState
} from './batchStream'
export { DatasetError, type DatasetErrorCode } from './datasetError'
export { FASHION_MNIST_CLASSES, FASHION_MNIST_DIR } from './fashionMnist'
export { exportIdxToFolder, folderSafeName } from './exportIdx'
export { guessDatasetSource } from './guessSource'
export type { ImageDataset } from './imageDataset'
export { IMAGE_EXTENSIONS } from './scanFolder'
export { SHAPE_CLASSES } from './shapes'

export interface OpenDatasetOptions extends Partial<DatasetOptions> {
  /** Where a folder's decoded images are kept between opens; no cache without it. */
  cacheDir?: string
  onProgress?: (p: DatasetProgress) => void
  signal?: AbortSignal
}

export async function openDataset(
  source: DatasetSource,
  options: OpenDatasetOptions = {}
): Promise<{ dataset: ImageDataset; summary: DatasetSummary }> {
  const { cacheDir, onProgress, signal, ...rest } = options
  const parsedSource = DatasetSourceSchema.safeParse(source)
  if (!parsedSource.success) {
    throw new DatasetError('bad-options', `Not a dataset source: ${parsedSource.error.message}`, {
      params: { reason: parsedSource.error.message }
    })
  }
  const parsedOptions = PartialDatasetOptionsSchema.safeParse(rest)
  if (!parsedOptions.success) {
    throw new DatasetError(
      'bad-options',
      `Invalid dataset options: ${parsedOptions.error.message}`,
      {
        params: { reason: parsedOptions.error.message }
      }
    )
  }
  const src = parsedSource.data
  const opts = resolveDatasetOptions(src, parsedOptions.data)
  throwIfAborted(signal)

  if (src.kind === 'folder') {
    const opened = await openFolder(src.path, { options: opts, cacheDir, onProgress, signal })
    return { dataset: opened.dataset, summary: summarize(src, opened.dataset, opened) }
  }

  if (src.kind === 'builtin' && src.name === 'shapes') {
    const dataset = shapesFromOptions(opts)
    return { dataset, summary: summarize(src, dataset) }
  }

  const fashion = src.kind === 'builtin'
  const pairs = fashion ? fashionMnistFiles(src.split) : findIdxFiles(src.path, src.split)
  onProgress?.({ phase: 'decode', done: 0, total: pairs.length })
  const set = await readIdxPairs(pairs)
  onProgress?.({ phase: 'decode', done: pairs.length, total: pairs.length })
  throwIfAborted(signal)
  const name = fashion ? 'Fashion-MNIST' : idxName(pairs[0]?.images ?? src.path)
  const classNames = fashion ? [...FASHION_MNIST_CLASSES] : idxClassNames(set)
  const dataset = idxToDataset(set, name, classNames, opts)
  return { dataset, summary: summarize(src, dataset) }
}

/** `…/mnist/train-images-idx3-ubyte.gz` → `mnist`: the folder names the set better than the file. */
function idxName(imagesFile: string): string {
  return path.basename(path.dirname(path.resolve(imagesFile)))
}
