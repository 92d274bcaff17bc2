import { onScopeDispose, type Ref } from 'vue'
import type { StudioEvent } from '@shared/events'
import { studio } from '../api/studio'
import { errorText, stopReasonText } from '../lib/errorText'

export { errorText, stopReasonText }

/**
 * The stores' one wrapper for an action that calls the engine: it clears `error`, holds
 * `busy` (when given) while the call runs, and turns a failure into `error`, a sentence a
 * person can read in the current language (errorText: the error's code and params in the
 * user's words, else the engine's English message). Returns the guarded runner.
 */
export function guardedCalls(
  error: Ref<string | undefined>,
  busy?: Ref<boolean>
): (fn: () => Promise<void>) => Promise<void> {
  return async (fn) => {
    error.value = undefined
    if (busy) busy.value = true
    try {
      await fn()
    } catch (err) {
      error.value = errorText(err)
    } finally {
      if (busy) busy.value = false
    }
  }
}

/**
 * A store's subscription to engine events. Made on first use (`listen`, idempotent), since
 * a store may exist before the engine is reachable; dropped when the store is disposed
 * (`store.$dispose()`, or the app unmounting, which disposes Pinia). Call it in a setup
 * store's body, where the store's effect scope is active.
 */
export function engineEvents(listener: (event: StudioEvent) => void): { listen(): void } {
  let off: (() => void) | undefined
  onScopeDispose(() => {
    off?.()
    off = undefined
  })
  return {
    listen() {
      off ??= studio().onEvent(listener)
    }
  }
}
