import path from 'node:path'
import { openDataset } from '../../../../../src/main/engine/data/index'
import { solidImage } from './images'

/**
 * Opens a folder of one class with two images, and calls `change` with the second one's
 * path as the decode phase begins: the scan has listed it by then.
 */
export async function openWhileChanging(
  dir: string,
  change: (file: string) => void
): ReturnType<typeof openDataset> {
  await solidImage(path.join(dir, 'a', '1.png'), '#ff0000')
  const second = await solidImage(path.join(dir, 'a', '2.png'), '#00ff00')
  return openDataset(
    { kind: 'folder', path: dir },
    {
      onProgress: (p) => {
        if (p.phase === 'decode' && p.done === 0) change(second)
      }
    }
  )
}
