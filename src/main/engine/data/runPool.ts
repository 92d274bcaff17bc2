/**
 * Runs `work` over `items` with at most `concurrency` calls in flight, stopping at the first
 * thrown error (the calls already started finish first, so nothing runs on afterwards).
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>
): Promise<void> {
  let next = 0
  let failed = false
  const lane = async () => {
    while (!failed && next < items.length) {
      const index = next++
      try {
        await work(items[index] as T, index)
      } catch (err) {
        failed = true
        throw err
      }
    }
  }
  const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane)
  const results = await Promise.allSettled(lanes)
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (rejected) throw rejected.reason
}

/** A counting semaphore: `use` waits for one of `slots` before running `work`. */
export class Slots {
  private waiting: (() => void)[] = []
  constructor(private free: number) {}

  async use<R>(work: () => Promise<R>): Promise<R> {
    if (this.free > 0) this.free--
    else await new Promise<void>((resolve) => this.waiting.push(resolve))
    try {
      return await work()
    } finally {
      const wake = this.waiting.shift()
      if (wake) wake()
      else this.free++
    }
  }
}
