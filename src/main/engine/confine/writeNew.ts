import { randomBytes } from 'node:crypto'
import { link, open, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/** Thrown when the file to create is already there. */
export class FileExistsError extends Error {
  override name = 'FileExistsError'
  readonly code = 'file-exists'
  constructor(readonly path: string) {
    super(`${path} already exists.`)
  }
}

/**
 * Creates a file that must not exist yet, whole or not at all: the bytes go to a temporary
 * file beside it, which is then hard-linked into place (the link fails if anything, even a
 * symlink, took the name meanwhile). Where hard links are not supported the temporary file
 * is renamed after a check, which leaves a short race.
 */
export async function writeNewFile(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path)
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  const file = await open(temp, 'wx')
  try {
    await file.writeFile(data)
    await file.sync()
  } finally {
    await file.close()
  }
  try {
    await link(temp, path)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EEXIST') {
      await rm(temp, { force: true })
      throw new FileExistsError(path)
    }
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EXDEV') {
      await rm(temp, { force: true })
      throw err
    }
    try {
      await open(path, 'wx').then((h) => h.close())
      await rename(temp, path)
    } catch (fallbackErr) {
      await rm(temp, { force: true })
      if ((fallbackErr as NodeJS.ErrnoException).code === 'EEXIST') throw new FileExistsError(path)
      throw fallbackErr
    }
    return
  }
  await rm(temp, { force: true })
}
