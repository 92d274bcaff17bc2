/**
 * Entry of the engine's worker threads (built to out/main/engineWorker.js): training, or
 * the Lab, off the thread that answers calls. It loads the backend the engine chose (the
 * wasm backend gets the engine's training kernels here too), says which, then serves
 * messages (protocol.ts).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { selectBackend } from '../backend/selectBackend'
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
  const choice = await selectBackend({
    setting: setup.backend,
    env: allowSoftware === undefined ? {} : { GAN_STUDIO_WEBGPU_ALLOW_SOFTWARE: allowSoftware }
  })
  const how = choice.attempts.find((a) => a.ok)?.reason ?? choice.reason
  const host = createWorkerHost(setup, post)
  port.on('message', (raw: unknown) => host.receive(raw))
  post({ kind: 'ready', backend: choice.backend, reason: how })
} catch (err) {
  post({ kind: 'start-failed', message: err instanceof Error ? err.message : String(err) })
}
