/**
 * Entry of the engine's worker threads (built to out/main/engineWorker.js): training, or
 * the Lab, off the thread that answers calls. It loads the backend the engine chose (the
 * wasm backend gets the engine's training kernels here too), says which, then serves
 * messages (protocol.ts).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { selectBackend } from '../backend/selectBackend'
import { prepareThreadedWasm, wasmThreadCount, wasmThreadsInUse } from '../kernels/threadedWasm'
import { WorkerSetupSchema, type FromWorker } from './protocol'
import { createWorkerHost } from './workerHost'

if (!parentPort) throw new Error('engineWorker runs as a worker thread (node:worker_threads)')
const port = parentPort
const post = (message: FromWorker): void => port.postMessage(message)

try {
  const setup = WorkerSetupSchema.parse(workerData)
  // Strictly the engine's choice: a different backend here would train differently from
  // what the status bar says. A software WebGPU adapter the engine was allowed to take
  // must be allowed here too.
  const allowSoftware = process.env.GAN_STUDIO_WEBGPU_ALLOW_SOFTWARE
  // On wasm, XNNPACK's thread pool uses every core (kernels/threadedWasm.ts explains how it
  // starts in Node), in the desktop app too; GAN_STUDIO_WASM_THREADS sets the count, 1 for a
  // single thread. A pool that fails to start is retried on one thread (workerChannel.ts).
  const threads =
    setup.backend === 'wasm'
      ? (setup.wasmThreads ?? wasmThreadCount(process.env.GAN_STUDIO_WASM_THREADS))
      : 1
  const restore = prepareThreadedWasm({ threads })
  let choice: Awaited<ReturnType<typeof selectBackend>>
  try {
    choice = await selectBackend({
      setting: setup.backend,
      env: allowSoftware === undefined ? {} : { GAN_STUDIO_WEBGPU_ALLOW_SOFTWARE: allowSoftware }
    })
  } finally {
    restore()
  }
  const reason = choice.attempts.find((a) => a.ok)?.reason ?? choice.reason
  const inUse = setup.backend === 'wasm' ? wasmThreadsInUse() : 1
  const how = setup.backend === 'wasm' ? `${reason}, ${inUse} thread(s)` : reason
  const host = createWorkerHost(setup, post)
  port.on('message', (raw: unknown) => host.receive(raw))
  post({ kind: 'ready', backend: choice.backend, reason: how, threads: inUse })
} catch (err) {
  post({ kind: 'start-failed', message: err instanceof Error ? err.message : String(err) })
}
