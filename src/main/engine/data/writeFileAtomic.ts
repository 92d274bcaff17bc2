import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

/**
 * Writes `data` to a temporary name beside `target`, flushes it to disk, then renames it over
 * `target`: readers see the old file or the whole new one, never a part, even after a crash.
 */
export async function writeFileAtomic(target: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${target}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`
  try {
    const handle = await fs.promises.open(tmp, 'w')
    try {
      await handle.writeFile(data)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await fs.promises.rename(tmp, target)
  } catch (err) {
    await fs.promises.rm(tmp, { force: true }).catch(() => undefined)
    throw err
  }
  await syncFolder(path.dirname(target))
}

/** Makes the rename itself durable. Windows cannot open a folder for this; there it is skipped. */
async function syncFolder(dir: string): Promise<void> {
  let handle: fs.promises.FileHandle | undefined
  try {
    handle = await fs.promises.open(dir, 'r')
    await handle.sync()
  } catch {
    // Best effort: the data itself was already flushed before the rename.
  } finally {
    await handle?.close().catch(() => undefined)
  }
}
