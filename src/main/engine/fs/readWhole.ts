import fs from 'node:fs'

/** A file over the size a caller reads, left unread. */
export class FileTooLarge extends Error {
  constructor(readonly size: number) {
    super(`${size} bytes`)
  }
}

/**
 * The whole file in one read call where the system allows: one thread-pool job instead of one
 * per 512 KB chunk, so the read proceeds while the main thread is busy. Refused unread past
 * `maxBytes` (its size as it is now); a file that shrank meanwhile comes back short.
 */
export async function readWhole(path: string, maxBytes = Infinity): Promise<Buffer> {
  const file = await fs.promises.open(path, 'r')
  try {
    const { size } = await file.stat()
    if (size > maxBytes) throw new FileTooLarge(size)
    const buf = Buffer.allocUnsafe(size)
    let at = 0
    while (at < size) {
      const { bytesRead } = await file.read(buf, at, size - at, at)
      if (bytesRead === 0) break
      at += bytesRead
    }
    return at < size ? buf.subarray(0, at) : buf
  } finally {
    await file.close()
  }
}

/** `readWhole` on this thread: for small files, where a thread-pool round trip costs more. */
export function readWholeSync(path: string, maxBytes = Infinity): Buffer {
  const fd = fs.openSync(path, 'r')
  try {
    const size = fs.fstatSync(fd).size
    if (size > maxBytes) throw new FileTooLarge(size)
    const buf = Buffer.allocUnsafe(size)
    let at = 0
    while (at < size) {
      const n = fs.readSync(fd, buf, at, size - at, at)
      if (n === 0) break
      at += n
    }
    return at < size ? buf.subarray(0, at) : buf
  } finally {
    fs.closeSync(fd)
  }
}
