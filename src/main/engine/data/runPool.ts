import pLimit from 'p-limit'

/**
 * Runs `work` over `items` with at most `concurrency` calls in flight, stopping at the first
 * thrown error (the calls already started finish first, so nothing runs on afterwards).
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>
): Promise<void> {
  const limit = pLimit(Math.max(1, concurrency))
  let failure: { error: unknown } | undefined
  const results = items.map((item, index) =>
    limit(async () => {
      // Queued calls after a failure are skipped, not started.
      if (failure) return
      try {
        await work(item, index)
      } catch (error) {
        failure ??= { error }
      }
    })
  )
  await Promise.all(results)
  if (failure) throw failure.error
}

/** A counting semaphore: `use` waits for one of `slots` before running `work`. */
export class Slots {
  private readonly limit: pLimit.Limit

  constructor(slots: number) {
    this.limit = pLimit(Math.max(1, slots))
  }

  use<R>(work: () => Promise<R>): Promise<R> {
    return this.limit(work)
  }
}
