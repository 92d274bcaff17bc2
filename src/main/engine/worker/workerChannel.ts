import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { StudioEvent } from '../../../shared/events'
import { StudioError } from '../../../shared/rpc'
import type { TrainingStatus } from '../../../shared/train'
import {
  parseFromWorker,
  parseWorkerResult,
  type BackendName,
  type ToWorker,
  type WorkerArgs,
  type WorkerMethodName,
  type WorkerResult,
  type WorkerSetup
} from './protocol'
import { wasmThreadsInUse } from '../kernels/threadedWasm'
import { createWorkerHost } from './workerHost'

/**
 * Where training and the Lab run: a worker thread from the built `engineWorker.js`, or
 * (unit tests, which run the TypeScript sources) the same host in this thread.
 */
export type WorkerMode = { kind: 'thread'; url: URL | string } | { kind: 'inline' }

export const WORKER_FILE = 'engineWorker.js'

/**
 * The built worker sits in out/main beside engineHost.js and cli.js; the code asking for it
 * is bundled into that folder or its chunks/ subfolder. Running from the sources (Vitest)
 * there is no build to start, so the host runs in this thread.
 */
export function defaultWorkerMode(moduleUrl: string = import.meta.url): WorkerMode {
  const here = dirname(fileURLToPath(moduleUrl))
  for (const dir of [here, dirname(here)]) {
    const file = join(dir, WORKER_FILE)
    if (existsSync(file)) return { kind: 'thread', url: pathToFileURL(file) }
  }
  if (moduleUrl.endsWith('.ts')) return { kind: 'inline' }
  throw new StudioError(
    `The engine's worker (${WORKER_FILE}) is missing from ${here}: rebuild the studio with \`npm run build\`.`,
    'worker-missing',
    { params: { path: here } }
  )
}

export interface WorkerChannelOptions {
  setup: WorkerSetup
  mode: WorkerMode
  onEvent(event: StudioEvent): void
  onStatus?(status: TrainingStatus): void
  /** `threads`: XNNPACK's on wasm (1 on other backends, which manage their own). */
  onReady?(backend: BackendName, reason: string, threads: number): void
  /** The worker died (threw, was terminated, or its backend failed to start). */
  /** `detail`: what went wrong (an exit code, a start failure), for the UI's coded message. */
  onCrash(message: string, detail: string): void
  /** How long a worker may take to say it is ready before it counts as failed to start. */
  startTimeoutMs?: number
}

interface Pending {
  method: WorkerMethodName
  resolve(value: unknown): void
  reject(err: Error): void
}

/** One started worker; a crash ends it, and the next call starts a fresh one. */
interface Live {
  send(message: ToWorker): void
  ready: Promise<void>
  pending: Map<number, Pending>
  terminate(): Promise<void>
  closing: boolean
  dead: boolean
  /** Set when a worker asked for XNNPACK's pool failed before it was ready: start on one thread. */
  poolFailure?: string
}

const ROLE_NAMES = { training: 'training worker', lab: 'Lab worker' } as const

/**
 * The serving thread's end of one worker: starts it on first use, sends calls, matches
 * their results, relays events, and turns the worker's death into one clear error.
 */
export class WorkerChannel {
  private live?: Live
  private nextId = 1
  private readonly name: string
  /** The setup workers start with; on one wasm thread once the pool failed to start. */
  private setup: WorkerSetup

  constructor(private readonly opts: WorkerChannelOptions) {
    this.name = ROLE_NAMES[opts.setup.role]
    this.setup = opts.setup
  }

  /** Whether a worker has been started and is still alive. */
  get started(): boolean {
    return !!this.live && !this.live.dead
  }

  async call<M extends WorkerMethodName>(
    method: M,
    ...args: WorkerArgs<M>
  ): Promise<WorkerResult<M>> {
    const live = await this.readyLive()
    if (live.dead) throw this.deadError()
    const id = this.nextId++
    return new Promise<WorkerResult<M>>((resolve, reject) => {
      live.pending.set(id, {
        method,
        resolve: resolve as (value: unknown) => void,
        reject
      })
      try {
        live.send({ kind: 'call', id, method, args })
      } catch (err) {
        live.pending.delete(id)
        reject(err instanceof Error ? err : new Error(String(err)))
      }
    })
  }

  /** A message that answers nothing (pause, resume); dropped when no worker runs. */
  command(command: 'pause' | 'resume'): void {
    if (this.started) this.live!.send({ kind: 'command', command })
  }

  /** Ends the worker on purpose: pending calls are refused, no crash is reported. */
  async close(): Promise<void> {
    const live = this.live
    this.live = undefined
    if (!live || live.dead) return
    live.closing = true
    live.dead = true
    this.rejectAll(live, new StudioError(`The ${this.name} was closed.`, 'closed'))
    await live.terminate()
  }

  /** Ends the worker as a crash would (tests use it to check that a crash is survived). */
  async terminate(): Promise<void> {
    await this.live?.terminate()
  }

  /**
   * A started worker, ready. XNNPACK's pool is new ground on some platforms (Electron's
   * utility process among them): a worker that asked for it and failed before it was ready
   * is started again on one thread, and the user is told, rather than left unable to train.
   */
  private async readyLive(): Promise<Live> {
    const live = this.live && !this.live.dead ? this.live : this.start()
    try {
      await live.ready
      return live
    } catch (err) {
      if (live.poolFailure === undefined) throw err
      if (this.setup.wasmThreads !== 1) {
        this.setup = { ...this.setup, wasmThreads: 1 }
        this.opts.onEvent({
          type: 'log',
          level: 'warn',
          message:
            `The ${this.name} could not start XNNPACK's thread pool (${live.poolFailure}); ` +
            'it trains on one thread. GAN_STUDIO_WASM_THREADS=1 skips the attempt.'
        })
      }
      return this.readyLive()
    }
  }

  /** Whether a failure before `ready` may be the pool's: wasm, asked for more than one thread. */
  private mayBeThePool(): boolean {
    return this.setup.backend === 'wasm' && this.setup.wasmThreads !== 1
  }

  private deadError(message = `The ${this.name} stopped.`, detail = ''): StudioError {
    return new StudioError(message, 'worker-crashed', { params: { detail } })
  }

  private rejectAll(live: Live, err: Error): void {
    for (const p of live.pending.values()) p.reject(err)
    live.pending.clear()
  }

  private start(): Live {
    let readyResolve!: () => void
    let readyReject!: (err: Error) => void
    const ready = new Promise<void>((ok, fail) => {
      readyResolve = ok
      readyReject = fail
    })
    // A start failure reaches every caller through `await ready`; this keeps it from also
    // being reported as unhandled when no call is waiting.
    ready.catch(() => {})
    const live: Live = {
      send: () => {},
      ready,
      pending: new Map(),
      terminate: async () => {},
      closing: false,
      dead: false
    }
    this.live = live
    let failure: string | undefined
    let isReady = false
    let otherBackend = false
    // Set once the thread is created (below); read by die() and on ready.
    const startup: { timer?: NodeJS.Timeout } = {}

    const die = (reason: string): void => {
      if (live.dead) return
      live.dead = true
      clearTimeout(startup.timer)
      if (this.live === live) this.live = undefined
      const message = failure ?? `The ${this.name} crashed (${reason}).`
      const detail = failure ?? reason
      if (!isReady && !otherBackend && this.mayBeThePool()) {
        // Not a crash yet: readyLive starts it again on one thread.
        live.poolFailure = message
        readyReject(this.deadError(message, detail))
        return
      }
      readyReject(this.deadError(message, detail))
      this.rejectAll(live, this.deadError(message, detail))
      this.opts.onCrash(message, detail)
    }

    const receive = (raw: unknown): void => {
      if (live.dead) return
      let message
      try {
        message = parseFromWorker(raw)
      } catch (err) {
        // A malformed answer fails its call rather than leave it waiting for ever.
        const id = (raw as { id?: unknown } | null)?.id
        const p = typeof id === 'number' ? live.pending.get(id) : undefined
        if (p && typeof id === 'number') {
          live.pending.delete(id)
          p.reject(err instanceof Error ? err : new Error(String(err)))
          return
        }
        const text = err instanceof Error ? err.message : String(err)
        this.opts.onEvent({ type: 'log', level: 'warn', message: `${this.name}: ${text}` })
        return
      }
      switch (message.kind) {
        case 'ready':
          if (message.backend !== this.setup.backend) {
            failure = `The ${this.name} started on ${message.backend}, not on the engine's ${this.setup.backend}.`
            otherBackend = true
            void live.terminate()
            return
          }
          isReady = true
          clearTimeout(startup.timer)
          readyResolve()
          this.opts.onReady?.(message.backend, message.reason, message.threads)
          return
        case 'start-failed':
          failure = `The ${this.name} could not start its ${this.setup.backend} backend: ${message.message}`
          void live.terminate()
          return
        case 'event':
          this.opts.onEvent(message.event)
          return
        case 'status':
          this.opts.onStatus?.(message.status)
          return
        case 'result': {
          const p = live.pending.get(message.id)
          if (!p) return
          live.pending.delete(message.id)
          if (!message.ok) {
            p.reject(StudioError.from(message.error))
            return
          }
          try {
            p.resolve(parseWorkerResult(p.method, message.value))
          } catch (err) {
            p.reject(err instanceof Error ? err : new Error(String(err)))
          }
        }
      }
    }

    if (this.opts.mode.kind === 'inline') {
      // Cloned and delivered on a later turn, as a real port would.
      const host = createWorkerHost(this.setup, (m) => {
        const copy = structuredClone(m)
        setImmediate(() => receive(copy))
      })
      live.send = (m) => {
        const copy = structuredClone(m)
        setImmediate(() => {
          if (!live.dead) host.receive(copy)
        })
      }
      live.terminate = async () => die('terminated')
      readyResolve()
      const threads = this.setup.backend === 'wasm' ? wasmThreadsInUse() : 1
      this.opts.onReady?.(this.setup.backend, 'in the serving thread (no worker)', threads)
      return live
    }

    let worker: Worker
    try {
      worker = new Worker(this.opts.mode.url, {
        workerData: this.setup,
        name: `gan-studio ${this.name}`
      })
    } catch (err) {
      live.dead = true
      this.live = undefined
      throw err
    }
    // The worker never keeps the process alive by itself: whatever serves calls does.
    worker.unref()
    let lastError: string | undefined
    worker.on('message', receive)
    worker.on('error', (err) => (lastError = err.message))
    worker.on('messageerror', (err) => (lastError = `a message could not be read: ${err.message}`))
    worker.on('exit', (code) => {
      if (live.closing) return
      die(lastError ?? `it exited with code ${code}`)
    })
    live.send = (m) => worker.postMessage(m)
    live.terminate = async () => {
      await worker.terminate()
    }
    const timeoutMs = this.opts.startTimeoutMs ?? 120_000
    startup.timer = setTimeout(() => {
      failure = `The ${this.name} did not start within ${Math.round(timeoutMs / 1000)} s.`
      void live.terminate()
    }, timeoutMs)
    startup.timer.unref()
    return live
  }
}
