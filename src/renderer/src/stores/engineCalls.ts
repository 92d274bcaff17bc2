import { computed, onScopeDispose, shallowRef, type Ref, type WritableComputedRef } from 'vue'
import type { StudioEvent } from '@shared/events'
import { studio } from '../api/studio'
import { errorText, stopReasonText } from '../lib/errorText'

export { errorText, stopReasonText }

/**
 * A store's error: set it to what went wrong (a thrown engine error, an event that carries a
 * reason, a function that words a message of ours, or a string already in words); read it
 * as one sentence in the current language. It is worded at each read, so an error already
 * on screen follows a language switch.
 */
export type ErrorSlot = WritableComputedRef<string | undefined, unknown>

export function errorSlot(): ErrorSlot {
  const cause = shallowRef<unknown>()
  return computed<string | undefined, unknown>({
    get: () => {
      const c = cause.value
      if (c === undefined || c === null) return undefined
      if (typeof c === 'string') return c
      if (typeof c === 'function') return (c as () => string)()
      if (typeof c === 'object' && 'type' in c) {
        const event = c as { message?: string }
        return stopReasonText(event) ?? event.message
      }
      return errorText(c)
    },
    set: (value) => {
      cause.value = value
    }
  })
}

/**
 * The stores' one wrapper for an action that calls the engine: it clears `error`, holds
 * `busy` (when given) while the call runs, and keeps a failure in `error`, which words it
 * in the current language (errorText: the error's code and params in the user's words,
 * else the engine's English message). Returns the guarded runner.
 */
export function guardedCalls(
  error: ErrorSlot,
  busy?: Ref<boolean>
): (fn: () => Promise<void>) => Promise<void> {
  return async (fn) => {
    error.value = undefined
    if (busy) busy.value = true
    try {
      await fn()
    } catch (err) {
      error.value = err
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
