import type {
  DatasetNote,
  DatasetSource,
  DatasetSummary,
  SkippedFile
} from '../../../shared/dataset'
import type { ImageDataset } from './imageDataset'
import { encodePng } from './png'

export const THUMBNAILS_PER_CLASS = 4

export interface SummaryExtras {
  skipped?: SkippedFile[]
  warnings?: string[]
  notes?: DatasetNote[]
  fromCache?: boolean
  cacheKey?: string
  decodedFiles?: number
}

/** Counts per class and the first few images of each as PNG thumbnails. */
export function summarize(
  source: DatasetSource,
  dataset: ImageDataset,
  extras: SummaryExtras = {}
): DatasetSummary {
  const { size, channels } = dataset
  const area = size * size * channels
  const counts = new Array<number>(dataset.classNames.length).fill(0)
  const firsts = dataset.classNames.map((): number[] => [])
  dataset.labels.forEach((label, i) => {
    counts[label] = (counts[label] ?? 0) + 1
    const list = firsts[label]
    if (list && list.length < THUMBNAILS_PER_CLASS) list.push(i)
  })
  return {
    source,
    name: dataset.name,
    classes: dataset.classNames.map((name, c) => ({
      name,
      count: counts[c] ?? 0,
      thumbnails: (firsts[c] ?? []).map((i) =>
        encodePng(dataset.images.subarray(i * area, (i + 1) * area), size, size, channels)
      )
    })),
    count: dataset.count,
    resolution: size,
    channels,
    labeled: dataset.labeled,
    skipped: extras.skipped ?? [],
    warnings: extras.warnings ?? [],
    notes: extras.notes ?? (extras.warnings ?? []).map((message) => ({ message })),
    fromCache: extras.fromCache ?? false,
    cacheKey: extras.cacheKey,
    decodedFiles: extras.decodedFiles ?? 0
  }
}
