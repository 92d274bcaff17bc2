import { mkdir, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { StudioError } from '../../../shared/rpc'
import { FileExistsError, writeNewFile } from '../confine/writeNew'

// Letters and digits of any script: a class folder named 連衣裙 saves as 連衣裙-1.png.
const PREFIX = /^[\p{L}\p{N}_.-]{1,64}$/u

/**
 * Writes PNGs into `dir` as `<prefix>-<n>.png`, numbering on from the highest such file
 * already there. Never replaces a file: a name taken meanwhile moves on to the next number.
 * Returns the paths written.
 */
export async function saveImages(
  dir: string,
  images: readonly Uint8Array[],
  prefix = 'image'
): Promise<{ paths: string[] }> {
  if (!PREFIX.test(prefix)) {
    throw new StudioError(
      `"${prefix}" is not a file prefix (letters, digits, . _ or -, at most 64).`,
      'bad-prefix',
      { params: { prefix } }
    )
  }
  await mkdir(dir, { recursive: true })
  const pattern = new RegExp(`^${prefix.replace(/\./g, '\\.')}-(\\d+)\\.png$`)
  let n = 0
  for (const name of await readdir(dir)) {
    const m = pattern.exec(name)
    if (m) n = Math.max(n, Number(m[1]))
  }
  const paths: string[] = []
  for (const png of images) {
    for (;;) {
      n += 1
      const path = join(dir, `${prefix}-${n}.png`)
      try {
        await writeNewFile(path, png)
        paths.push(path)
        break
      } catch (err) {
        if (!(err instanceof FileExistsError)) throw err
      }
    }
  }
  return { paths }
}
