import { stat } from 'node:fs/promises'
import { LRUCache } from 'lru-cache'

/**
 * Answers kept while the files they were read from stay the same: a checkpoint never changes
 * once written, so its manifest, its hash check and its listing are worked out once and kept
 * until one of its files is replaced, resized, touched or removed.
 */
export class StatCache<T> {
  private readonly kept: LRUCache<string, { key: string; value: T }>

  constructor(max = 1024) {
    this.kept = new LRUCache({ max })
  }

  /** `compute()`'s answer for `id`, computed again only when a file of `paths` changed. */
  async get(id: string, paths: readonly string[], compute: () => Promise<T>): Promise<T> {
    const key = await statKey(paths)
    const hit = this.kept.get(id)
    if (hit?.key === key) return hit.value
    const value = await compute()
    // Changed while computed: keep nothing, so the next call looks again.
    if ((await statKey(paths)) === key) this.kept.set(id, { key, value })
    return value
  }
}

/** Inode, size and mtime of each path ('-' for a missing one). */
export async function statKey(paths: readonly string[]): Promise<string> {
  const parts = await Promise.all(
    paths.map((p) =>
      stat(p).then(
        (s) => `${s.ino}:${s.size}:${s.mtimeMs}`,
        () => '-'
      )
    )
  )
  return parts.join('|')
}
