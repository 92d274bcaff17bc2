import { randomBytes } from 'node:crypto'
import { open, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/**
 * Writes a whole file so that readers (and a crash) see either the old contents or the
 * new, never a torn mix: write a temporary file beside it, fsync it, rename it over the
 * target (atomic within one folder on POSIX and NTFS), then fsync the folder so the
 * rename itself survives a power cut.
 */
export async function atomicWrite(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path)
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  const file = await open(temp, 'w')
  try {
    await file.writeFile(data)
    await file.sync()
  } catch (err) {
    await file.close().catch(() => undefined)
    await rm(temp, { force: true })
    throw err
  }
  await file.close()
  try {
    await rename(temp, path)
  } catch (err) {
    await rm(temp, { force: true })
    throw err
  }
  await syncFolder(dir)
}

async function syncFolder(dir: string): Promise<void> {
  // Windows cannot open a folder for fsync; there the rename is durable enough.
  if (process.platform === 'win32') return
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
