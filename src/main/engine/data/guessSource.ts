import fs from 'node:fs'
import path from 'node:path'
import { BUILTIN_DATASETS, type DatasetSource } from '../../../shared/dataset'
import { IDX_IMAGES } from './idx'

/**
 * What a path typed by a person means: a built-in set by name, IDX files (a folder holding
 * `*-images-idx3-ubyte[.gz]`, or such a file), else a folder of images. A path that does
 * not exist is returned as a folder, so that opening it explains what is missing.
 */
export function guessDatasetSource(arg: string): DatasetSource {
  const builtin = BUILTIN_DATASETS.find((name) => name === arg)
  const where = path.resolve(arg)
  if (builtin && !fs.existsSync(where)) return { kind: 'builtin', name: builtin }
  let stat: fs.Stats | undefined
  try {
    stat = fs.statSync(where)
  } catch {
    return { kind: 'folder', path: where }
  }
  if (stat.isDirectory()) {
    let names: string[] = []
    try {
      names = fs.readdirSync(where)
    } catch {
      // Unreadable: opening it as a folder reports why.
    }
    return names.some((n) => IDX_IMAGES.test(n))
      ? { kind: 'idx', path: where }
      : { kind: 'folder', path: where }
  }
  return IDX_IMAGES.test(where) ? { kind: 'idx', path: where } : { kind: 'folder', path: where }
}
