import { randomBytes } from 'node:crypto'
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs'
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
  const temp = temporaryBeside(path)
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

/**
 * `atomicWrite` for callers that cannot wait, such as a window saving its state as it
 * closes (the app may quit before a promise settles). Same steps, same guarantees.
 */
export function atomicWriteSync(path: string, data: string | Uint8Array): void {
  const dir = dirname(path)
  const temp = temporaryBeside(path)
  const fd = openSync(temp, 'w')
  try {
    writeFileSync(fd, data)
    fsyncSync(fd)
  } catch (err) {
    closeSync(fd)
    rmSync(temp, { force: true })
    throw err
  }
  closeSync(fd)
  try {
    renameSync(temp, path)
  } catch (err) {
    rmSync(temp, { force: true })
    throw err
  }
  syncFolderSync(dir)
}

function temporaryBeside(path: string): string {
  return join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  )
}

/** Makes a rename in `dir` survive a power cut. */
export async function syncFolder(dir: string): Promise<void> {
  // Windows cannot open a folder for fsync; there the rename is durable enough.
  if (process.platform === 'win32') return
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

function syncFolderSync(dir: string): void {
  if (process.platform === 'win32') return
  const fd = openSync(dir, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}
