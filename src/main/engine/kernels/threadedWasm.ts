import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'

/**
 * tfjs's threaded wasm build (XNNPACK's thread pool on emscripten pthreads) in Node.
 *
 * Out of the box it cannot start there, for three reasons, each handled here for the
 * duration of the backend's start only:
 *  1. tfjs reports WASM_HAS_MULTITHREAD_SUPPORT false whenever IS_NODE (tfjs#3830).
 *     → the flag is set true.
 *  2. Its pthread workers are created from a blob: URL (URL.createObjectURL of the worker
 *     source), and each is then sent the main script as a Blob; Node's worker_threads load
 *     neither. → createObjectURL of that source returns a real .cjs file written to a cache
 *     folder, whose prelude swaps the Blob for a copy of the main script on disk. (emscripten's
 *     worker source already runs on worker_threads once it has files.)
 *  3. It caps the pool at emscripten_num_logical_cores() / 2 (it assumes two hyperthreads per
 *     core), which in Node is os.cpus().length / 2: one thread on a 2-core machine.
 *     → os.cpus() reports each CPU twice while the module starts, so the cap is the core count.
 *
 * Call `prepareThreadedWasm` before the first tf.setBackend('wasm') of the process, and its
 * `restore` right after.
 */

const PACKAGE = '@tensorflow/tfjs-backend-wasm'
const MAIN_SCRIPT = 'wasm-out/tfjs-backend-wasm-threaded-simd.js'
const WORKER_SCRIPT = 'wasm-out/tfjs-backend-wasm-threaded-simd.worker.js'

export interface ThreadedWasmOptions {
  /** XNNPACK threads, the calling thread included (capped by tfjs at 8 and at the cores). */
  threads: number
  /** Where the worker and main scripts are written (default: the OS temp folder). */
  cacheDir?: string
}

/** Writes the two scripts once per content; returns the worker's path. */
function writeScripts(cacheDir: string): string {
  const require = createRequire(import.meta.url)
  const mainSource = readFileSync(require.resolve(`${PACKAGE}/${MAIN_SCRIPT}`), 'utf8')
  const { wasmWorkerContents } = require(`${PACKAGE}/${WORKER_SCRIPT}`) as {
    wasmWorkerContents: string
  }
  const hash = createHash('sha256').update(mainSource).update(wasmWorkerContents).digest('hex')
  const dir = join(cacheDir, `gan-studio-wasm-threads-${hash.slice(0, 16)}`)
  const mainPath = join(dir, 'threaded-simd.js')
  const workerPath = join(dir, 'pthread-worker.cjs')
  if (existsSync(workerPath) && existsSync(mainPath)) return workerPath
  mkdirSync(dir, { recursive: true })
  // The worker source is one line whose string literals hold "\n" escapes that the module's
  // template literal turned into newlines; tfjs re-escapes them the same way for its Blob.
  const worker =
    wasmWorkerContents.replace(/\n/g, '\\n') +
    ';{const load=self.onmessage;self.onmessage=e=>{' +
    'if(e.data&&e.data.cmd==="load"&&typeof e.data.urlOrBlob!=="string")' +
    `e.data.urlOrBlob=${JSON.stringify(mainPath)};load(e)}}\n`
  for (const [path, text] of [
    [mainPath, mainSource],
    [workerPath, worker]
  ] as const) {
    const tmp = `${path}.${process.pid}.tmp`
    writeFileSync(tmp, text)
    renameSync(tmp, path)
  }
  return workerPath
}

/**
 * Makes the next wasm backend start threaded. Returns `restore`, which puts back what was
 * patched; call it once tf.setBackend('wasm') has resolved.
 */
export function prepareThreadedWasm(options: ThreadedWasmOptions): () => void {
  const threads = Math.floor(options.threads)
  if (!(threads >= 1)) throw new Error(`wasm threads must be 1 or more, got ${options.threads}.`)
  if (threads === 1) return () => undefined
  const workerPath = writeScripts(options.cacheDir ?? os.tmpdir())
  // Imported lazily so that this module adds nothing to a process that never asks for threads.
  const require = createRequire(import.meta.url)
  const wasm = require(PACKAGE) as { setThreadsCount(n: number): void }

  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true)
  wasm.setThreadsCount(threads)
  const createObjectURL = URL.createObjectURL
  const cpus = os.cpus
  URL.createObjectURL = (obj: Blob) =>
    obj instanceof Blob && obj.type === 'application/javascript' ? workerPath : createObjectURL(obj)
  os.cpus = () => {
    const real = cpus()
    return [...real, ...real]
  }
  return () => {
    URL.createObjectURL = createObjectURL
    os.cpus = cpus
  }
}

/**
 * The thread count asked for: `setting` (GAN_STUDIO_WASM_THREADS or a --wasm-threads flag),
 * else every core (tfjs caps the pool at 8).
 */
export function wasmThreadCount(setting: string | undefined): number {
  if (setting === undefined || setting.trim() === '') return Math.min(8, os.availableParallelism())
  const n = Number(setting)
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(
      `GAN_STUDIO_WASM_THREADS must be a whole number of threads, 1 or more; got "${setting}".`
    )
  }
  return n
}

/** XNNPACK's thread count in the running wasm backend (1 when it started single-threaded). */
export function wasmThreadsInUse(): number {
  const require = createRequire(import.meta.url)
  const wasm = require(PACKAGE) as { getThreadsCount(): number }
  return wasm.getThreadsCount()
}

/**
 * Stops the threaded backend's worker threads, which otherwise keep a Node process alive
 * after its work is done: disposes the wasm backend (emscripten terminates its pthreads) and
 * unregisters it, so call it only when the process is finished with tfjs.
 */
export function releaseWasmThreads(): void {
  if (tf.engine().registry.wasm !== undefined) tf.removeBackend('wasm')
}
