/**
 * Lets the engine wait for Dawn synchronously, for `dataSync()` on the webgpu backend.
 *
 * In a browser tfjs reads a GPU tensor synchronously through a canvas; Node has none, and
 * WebGPU's only readback, `mapAsync`, settles from Dawn's event processing, which dawn.node
 * schedules with the global `setImmediate` (AsyncRunner::ScheduleProcessEvents) and so never
 * runs while JavaScript waits. This module routes those scheduled calls through a wrapper
 * that keeps a handle on them, so `pumpDawnUntil` can run Dawn's event processing itself
 * until the condition holds. Everything else passes straight to Node's setImmediate.
 */

type Immediate = typeof globalThis.setImmediate

let realSetImmediate: Immediate | undefined
/** Dawn's scheduled event-processing calls that have not run yet. */
const pending = new Set<() => void>()

/** dawn.node's callback: a native function with no name (a bound function is "bound …"). */
function isDawnCallback(fn: unknown): fn is (...args: unknown[]) => void {
  return (
    typeof fn === 'function' &&
    fn.name === '' &&
    Function.prototype.toString.call(fn).includes('[native code]')
  )
}

/**
 * Installs the wrapper; idempotent. Must run before Dawn's first asynchronous call (before
 * `create()`): a call Dawn scheduled on Node's own queue would hold its only slot, and a
 * synchronous wait would never see it run.
 */
export function installDawnPump(): void {
  if (realSetImmediate) return
  const real = globalThis.setImmediate
  realSetImmediate = real
  const wrapper = function (this: unknown, fn: unknown, ...args: unknown[]) {
    if (!isDawnCallback(fn)) return (real as (...a: unknown[]) => NodeJS.Immediate)(fn, ...args)
    let ran = false
    const run = (): void => {
      if (ran) return
      ran = true
      pending.delete(run)
      fn(...args)
    }
    pending.add(run)
    return real(run)
  }
  // Keep setImmediate's extras (util.promisify.custom, __promisify__).
  for (const key of Reflect.ownKeys(real)) {
    if (key === 'length' || key === 'name' || key === 'prototype') continue
    const d = Object.getOwnPropertyDescriptor(real, key)
    if (d) Object.defineProperty(wrapper, key, d)
  }
  globalThis.setImmediate = wrapper as unknown as Immediate
}

/** Puts Node's own setImmediate back (when the webgpu backend is released). */
export function uninstallDawnPump(): void {
  if (!realSetImmediate) return
  globalThis.setImmediate = realSetImmediate
  realSetImmediate = undefined
  // Calls already queued still run through Node's queue; they no-op if pumped meanwhile.
  pending.clear()
}

const sleeper = new Int32Array(new SharedArrayBuffer(4))

/**
 * Runs Dawn's event processing until `done()` holds, sleeping briefly between rounds so the
 * GPU (or SwiftShader's threads) can progress. Throws after `timeoutMs` with `what` named.
 */
export function pumpDawnUntil(done: () => boolean, what: string, timeoutMs = 600_000): void {
  if (!realSetImmediate) throw new Error('the Dawn pump is not installed')
  const deadline = performance.now() + timeoutMs
  let napMs = 0.02
  while (!done()) {
    const due = [...pending]
    // Nothing scheduled means nothing can complete: fail rather than wait forever.
    if (!due.length) throw new Error(`WebGPU: Dawn has nothing scheduled while waiting for ${what}`)
    for (const run of due) run()
    if (done()) return
    if (performance.now() > deadline) {
      throw new Error(`WebGPU: gave up waiting for ${what} after ${Math.round(timeoutMs / 1000)} s`)
    }
    Atomics.wait(sleeper, 0, 0, napMs)
    napMs = Math.min(napMs * 2, 1)
  }
}
