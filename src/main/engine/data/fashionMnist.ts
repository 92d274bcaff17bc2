// The built-in `fashion-mnist` set, read from Debian's dataset-fashion-mnist package.
import fs from 'node:fs'
import path from 'node:path'
import type { IdxSplit } from '../../../shared/dataset'
import { DatasetError } from './datasetError'
import { numberedClassNames, type IdxPair, type IdxSet } from './idx'

export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist'

export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot'
]

// SHA-256 of the (decompressed) train and t10k label files' data: IDX files carry no class
// names, so Fashion-MNIST is recognised by its labels wherever its files are copied.
const LABEL_DIGESTS = new Set([
  '657fbd221bfc9f4198cc14b5619cc33ec57c58dd0e47af4d99d6650759e869a7',
  '3d0e6c6ea990b53b6f8f500a41cac93881d981b315f84578b7d915342ade01e9'
])

/** Fashion-MNIST's names when these are its labels, else '0', '1', …. */
export function idxClassNames(set: IdxSet): string[] {
  const fashion = set.labelDigests.length > 0 && set.labelDigests.every((d) => LABEL_DIGESTS.has(d))
  return fashion ? [...FASHION_MNIST_CLASSES] : numberedClassNames(set)
}

/** The package's IDX pairs for a split; names the package to install when it is missing. */
export function fashionMnistFiles(split: IdxSplit = 'train', dir = FASHION_MNIST_DIR): IdxPair[] {
  const splits: ('train' | 'test')[] = split === 'all' ? ['train', 'test'] : [split]
  return splits.map((s) => {
    const prefix = s === 'train' ? 'train' : 't10k'
    const images = path.join(dir, `${prefix}-images-idx3-ubyte.gz`)
    const labels = path.join(dir, `${prefix}-labels-idx1-ubyte.gz`)
    for (const file of [images, labels]) {
      if (!fs.existsSync(file)) {
        throw new DatasetError(
          'missing-package',
          `Fashion-MNIST is not installed: ${file} is missing. Install Debian's package with ` +
            '`sudo apt-get install dataset-fashion-mnist`, or import its IDX files from ' +
            'another folder.',
          { params: { file, package: 'dataset-fashion-mnist' } }
        )
      }
    }
    return { images, labels, split: s }
  })
}
