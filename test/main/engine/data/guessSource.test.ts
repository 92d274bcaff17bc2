import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { guessDatasetSource } from '../../../../src/main/engine/data/index'
import { tempDir } from '../../../helpers/tempDir'

const root = tempDir()

describe('guessDatasetSource', () => {
  it('reads built-in names, IDX folders and files, and anything else as a folder', () => {
    const idxDir = path.join(root, 'mnist')
    fs.mkdirSync(idxDir)
    fs.writeFileSync(path.join(idxDir, 'train-images-idx3-ubyte.gz'), '')
    expect(guessDatasetSource('shapes')).toEqual({ kind: 'builtin', name: 'shapes' })
    expect(guessDatasetSource('fashion-mnist')).toEqual({ kind: 'builtin', name: 'fashion-mnist' })
    expect(guessDatasetSource(idxDir)).toEqual({ kind: 'idx', path: idxDir })
    const file = path.join(idxDir, 'train-images-idx3-ubyte.gz')
    expect(guessDatasetSource(file)).toEqual({ kind: 'idx', path: file })
    expect(guessDatasetSource(root)).toEqual({ kind: 'folder', path: root })
    // A missing path stays a folder: opening it then says that it does not exist.
    expect(guessDatasetSource(path.join(root, 'nope'))).toEqual({
      kind: 'folder',
      path: path.join(root, 'nope')
    })
  })
})
