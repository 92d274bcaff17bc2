import type { StudioEvent } from '../../../shared/events'
import { toRpcError } from '../../../shared/rpc'
import { LabController } from '../lab/labController'
import { TrainingSession } from '../trainingSession'
import {
  LAB_METHODS,
  parseToWorker,
  parseWorkerArgs,
  type FromWorker,
  type ToWorker,
  type WorkerMethodName,
  type WorkerSetup
} from './protocol'

type Handler = (...args: never[]) => unknown

/**
 * The worker's side: a TrainingSession and a LabController driven by messages. Used by
 * the worker thread's entry, and in-thread by unit tests (the same code either way).
 * `post` sends a message back to the serving thread.
 */
export function createWorkerHost(
  setup: Pick<WorkerSetup, 'runsDir' | 'cacheDir'>,
  post: (message: FromWorker) => void
): { receive(raw: unknown): void } {
  const emit = (event: StudioEvent): void => {
    // The serving thread mirrors the status, so a status call never waits for this thread.
    if (event.type === 'training-state') post({ kind: 'status', status: training.status() })
    post({ kind: 'event', event })
  }
  const training = new TrainingSession({ ...setup, emit })
  const lab = new LabController(emit)

  const handlers: Record<WorkerMethodName, Handler> = {
    openDataset: async (...[source, options]: Parameters<TrainingSession['openDataset']>) =>
      (await training.openDataset(source, options)).summary,
    startTraining: (...[config, options]: Parameters<TrainingSession['start']>) =>
      training.start(config, options),
    resumeRun: (...[ref, options]: Parameters<TrainingSession['resume']>) =>
      training.resume(ref, options),
    stopTraining: () => training.stop(),
    labReset: (config: Parameters<LabController['reset']>[0]) => lab.reset(config),
    labRun: ({ steps, frameEvery }: { steps: number; frameEvery: number }) =>
      lab.run(steps, frameEvery),
    labStep: (count: number) => lab.step(count),
    labStop: () => lab.stop(),
    dispose: async () => {
      await training.stop()
      await lab.dispose()
      return { ok: true }
    }
  }

  // The Lab's calls run strictly one after another: a run asked for after a reset trains the
  // new session, however long the reset's stop takes.
  let labQueue: Promise<unknown> = Promise.resolve()

  async function call(message: Extract<ToWorker, { kind: 'call' }>): Promise<void> {
    const { id, method } = message
    try {
      const args = parseWorkerArgs(method, message.args)
      const value = await (handlers[method] as (...a: unknown[]) => unknown)(...args)
      // Checked by the serving thread as it arrives (workerChannel), not twice.
      post({ kind: 'result', id, ok: true, value })
    } catch (err) {
      post({ kind: 'result', id, ok: false, error: toRpcError(err) })
    }
  }

  return {
    receive(raw) {
      let message: ToWorker
      try {
        message = parseToWorker(raw)
      } catch (err) {
        const id = (raw as { id?: unknown } | null)?.id
        if (typeof id === 'number' && Number.isInteger(id) && id >= 0) {
          post({ kind: 'result', id, ok: false, error: toRpcError(err) })
        } else {
          const text = err instanceof Error ? err.message : String(err)
          post({ kind: 'event', event: { type: 'log', level: 'warn', message: text } })
        }
        return
      }
      if (message.kind === 'command') {
        try {
          if (message.command === 'pause') training.pause()
          else training.unpause()
        } catch {
          // The run ended while the command travelled: nothing left to pause or resume.
        }
        return
      }
      if (LAB_METHODS.includes(message.method)) {
        labQueue = labQueue.then(() => call(message))
      } else {
        void call(message)
      }
    }
  }
}
