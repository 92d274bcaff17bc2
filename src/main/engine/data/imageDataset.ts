import type { Resolution } from '../../../shared/dataset'

/** A decoded dataset held in memory, ready for batching: no decoding happens after this. */
export interface ImageDataset {
  name: string
  /** Index = label. Folder names in ImageFolder order, IDX class names, or the shapes. */
  classNames: string[]
  /** False for one unlabeled class (a folder of loose images): nothing to condition on. */
  labeled: boolean
  /** Side of the square images, in pixels. */
  size: Resolution
  channels: 1 | 3
  count: number
  /** count × size × size × channels, NHWC, 0–255. */
  images: Uint8Array
  /** One class index per image. */
  labels: Uint16Array
}
