import type { StudioApi, StudioMethodName } from '../../shared/api'
import type { StudioEvent } from '../../shared/events'
import { createRpcClient, StudioError, type RpcMessage, type RpcTransport } from '../../shared/rpc'
import { OutputRing } from './outputRing'

/**
 * The engine in its own process (Electron's utility process), so a long training step
 * never freezes a window or IPC. Owns the process, the RPC client over its port and
 * the ring of its last output lines; reports a crash to the renderer, rejects the
 * calls it left unanswered, and starts a fresh engine on request.
 */

/** What this class uses of Electron's `UtilityProcess`; tests pass a fake. */
export interface UtilityProcessLike {
  readonly pid: number | undefined
  readonly stdout: NodeJS.ReadableStream | null
  readonly stderr: NodeJS.ReadableStream | null
  postMessage(message: unknown): void
  kill(): boolean
  on(event: 'message', listener: (message: unknown) => void): unknown
  on(event: 'exit', listener: (code: number) => void): unknown
  on(event: 'spawn', listener: () => void): unknown
  on(event: 'error', listener: (type: string, location: string, report: string) => void): unknown
}

export interface EngineForkOptions {
  env: Record<string, string | undefined>
  stdio: 'pipe'
  serviceName: string
}

/** `utilityProcess.fork`, or a fake. */
export type ForkEngine = (
  modulePath: string,
  args: string[],
  options: EngineForkOptions
) => UtilityProcessLike

export type EngineStatus = 'idle' | 'starting' | 'ready' | 'crashed' | 'disposed'

export interface EngineProcessOptions {
  fork: ForkEngine
  /** The bundled engine entry, `out/main/engineHost.js`. */
  modulePath: string
  /** Runs and caches: passed to the engine as `GAN_STUDIO_DATA`. */
  dataDir: string
  env?: NodeJS.ProcessEnv
  /** Engine events, and main's own `engine-state` reports. */
  onEvent(event: StudioEvent): void
  /** Each line the engine prints (main echoes them to its console). */
  onOutput?(line: string, stream: 'stdout' | 'stderr'): void
  /** Lines kept in the ring; the crash report shows the last `reportLines`. */
  ringLines?: number
  reportLines?: number
  /** How long a crash report waits for the pipes to deliver the last words. */
  drainMs?: number
  /** An engine that has not said "ready" by then is stopped and reported (default 2 minutes). */
  readyTimeoutMs?: number
}

export const ENGINE_SERVICE_NAME = 'GAN Studio engine'

const SIGNALS: Record<number, [string, string]> = {
  4: ['SIGILL', 'a crash in native code'],
  5: ['SIGTRAP', 'a fatal error, often running out of memory'],
  6: ['SIGABRT', 'an abort, often running out of memory'],
  7: ['SIGBUS', 'a crash in native code'],
  8: ['SIGFPE', 'a crash in native code'],
  9: ['SIGKILL', 'killed, often by the system when memory runs out'],
  11: ['SIGSEGV', 'a crash in native code'],
  15: ['SIGTERM', 'asked to stop from outside the app']
}

/** Says what an exit code most likely means, in words a person can act on. */
export function describeExit(code: number, platform: NodeJS.Platform = process.platform): string {
  if (platform !== 'win32') {
    const signal = SIGNALS[code] ?? SIGNALS[code - 128]
    if (signal) return `exit code ${code}, probably signal ${signal[0]}: ${signal[1]}`
  } else if (code === 0xc0000005 || code === -1073741819) {
    return `exit code ${code}: an access violation in native code`
  } else if (code === 0xc00000fd || code === -1073741571) {
    return `exit code ${code}: a stack overflow`
  }
  return `exit code ${code}`
}

type RpcClient = StudioApi & { dispose(reason?: string): void }
type AnyMethod = (...args: unknown[]) => Promise<unknown>

export class EngineProcess {
  private child?: UtilityProcessLike
  private client?: RpcClient
  /** Calls made before the engine said it is ready; sent once it has. */
  private outbox: RpcMessage[] = []
  private statusValue: EngineStatus = 'idle'
  private crashMessage = ''
  /** What went wrong, for the UI's `engine-crashed` message (an exit code, a timeout). */
  private crashDetail = ''
  private fatalError = ''
  private readyTimer?: ReturnType<typeof setTimeout>
  private timedOut?: UtilityProcessLike
  /** The process whose output fills the ring: the current one, or the one that just died. */
  private outputOwner?: UtilityProcessLike
  readonly output: OutputRing

  constructor(private readonly options: EngineProcessOptions) {
    this.output = new OutputRing(options.ringLines ?? 200)
  }

  get status(): EngineStatus {
    return this.statusValue
  }

  get pid(): number | undefined {
    return this.child?.pid
  }

  start(): void {
    if (this.statusValue === 'disposed')
      throw new StudioError('The engine was shut down.', 'disconnected')
    if (this.child) return
    this.statusValue = 'starting'
    this.output.clear()
    this.fatalError = ''
    let child: UtilityProcessLike
    try {
      child = this.options.fork(this.options.modulePath, [], {
        env: { ...(this.options.env ?? process.env), GAN_STUDIO_DATA: this.options.dataDir },
        stdio: 'pipe',
        serviceName: ENGINE_SERVICE_NAME
      })
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err)
      this.crashMessage = `The engine could not be started (${reason}).`
      this.crashDetail = reason
      this.statusValue = 'crashed'
      this.report()
      return
    }
    this.child = child
    this.outputOwner = child
    const drained = this.pipeOutput(child)

    const receivers = new Set<(message: unknown) => void>()
    const transport: RpcTransport = {
      send: (message) => {
        if (this.child !== child) return
        if (this.statusValue === 'ready') child.postMessage(message)
        else this.outbox.push(message)
      },
      onMessage(receive) {
        receivers.add(receive)
        return () => receivers.delete(receive)
      }
    }
    let complained = false
    child.on('message', (message) => {
      if (this.child !== child) return
      for (const receive of receivers) {
        try {
          receive(message)
        } catch (err) {
          // A message main cannot read must not take main down with it; say so once.
          if (complained) continue
          complained = true
          const reason = err instanceof Error ? err.message : String(err)
          this.options.onEvent({
            type: 'log',
            level: 'error',
            message: `Main could not read a message from the engine (${reason}).`
          })
        }
      }
    })
    child.on('error', (type, location) => {
      if (this.child !== child) return
      this.fatalError = `${type} at ${location}`
      this.output.push(`[${type} at ${location}]`)
    })
    child.on('exit', (code) => this.onExit(child, code, drained))
    const readyTimeoutMs = this.options.readyTimeoutMs ?? 120_000
    this.readyTimer = setTimeout(() => {
      if (this.child !== child || this.statusValue === 'ready') return
      this.timedOut = child
      child.kill()
    }, readyTimeoutMs)

    const client = createRpcClient(transport)
    client.onEvent((event) => {
      if (this.child !== child) return
      if (event.type === 'engine-state' && event.state === 'ready') this.onReady(child)
      this.options.onEvent(event)
    })
    this.client = client
  }

  /** Stops the current engine, if any, and starts a fresh one. */
  restart(): void {
    if (this.statusValue === 'disposed')
      throw new StudioError('The engine was shut down.', 'disconnected')
    this.options.onEvent({
      type: 'engine-state',
      state: 'restarting',
      message: 'Restarting the engine…'
    })
    this.stopChild('The engine was restarted before it answered; try again.')
    this.statusValue = 'idle'
    this.start()
  }

  /**
   * Relays one call to the engine, which validates its arguments (they cross into its
   * process); the client validates the result and events as they come back into main.
   */
  call(method: StudioMethodName, args: readonly unknown[]): Promise<unknown> {
    if (this.statusValue === 'disposed') {
      return Promise.reject(
        new StudioError('The app is closing; the engine is shut down.', 'disconnected')
      )
    }
    if (this.statusValue === 'crashed') {
      return Promise.reject(
        new StudioError(`${this.crashMessage} Restart the engine to continue.`, 'engine-crashed', {
          params: { detail: this.crashDetail }
        })
      )
    }
    if (!this.client) this.start()
    const client = this.client as unknown as Record<string, AnyMethod> | undefined
    const fn = client?.[method]
    if (!fn)
      return Promise.reject(
        new StudioError(`The engine has no method "${method}".`, 'unavailable', {
          params: { method }
        })
      )
    return fn(...args)
  }

  dispose(): void {
    if (this.statusValue === 'disposed') return
    this.stopChild('The app is closing; the engine is shut down.')
    this.statusValue = 'disposed'
  }

  private onReady(child: UtilityProcessLike): void {
    clearTimeout(this.readyTimer)
    this.statusValue = 'ready'
    const queued = this.outbox
    this.outbox = []
    for (const message of queued) child.postMessage(message)
  }

  private onExit(child: UtilityProcessLike, code: number, drained: Promise<void>): void {
    if (this.child !== child) return // one we stopped on purpose
    const wasReady = this.statusValue === 'ready'
    this.child = undefined
    this.outbox = []
    clearTimeout(this.readyTimer)
    const what = wasReady ? 'The engine stopped unexpectedly' : 'The engine failed to start'
    const fatal = this.fatalError ? `; V8 reported ${this.fatalError}` : ''
    const seconds = Math.round((this.options.readyTimeoutMs ?? 120_000) / 1000)
    this.crashMessage =
      this.timedOut === child
        ? `The engine did not get ready within ${seconds} s and was stopped.`
        : `${what} (${describeExit(code)}${fatal}).`
    this.crashDetail = this.timedOut === child ? `> ${seconds} s` : `${describeExit(code)}${fatal}`
    this.statusValue = 'crashed'
    this.client?.dispose(
      `${this.crashMessage} It did not finish this call; restart the engine and try again.`
    )
    this.client = undefined
    // Report once the pipes have delivered the last words, or after a short wait.
    let timer: ReturnType<typeof setTimeout> | undefined
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.options.drainMs ?? 250)
    })
    void Promise.race([drained, waited]).then(() => {
      clearTimeout(timer)
      if (this.statusValue === 'crashed' && !this.child) this.report()
    })
  }

  private report(): void {
    const lastOutput = this.output.text(this.options.reportLines ?? 40)
    this.options.onEvent({
      type: 'engine-state',
      state: 'crashed',
      message: `${this.crashMessage} Restart the engine to continue.`,
      code: 'engine-crashed',
      params: { detail: this.crashDetail },
      ...(lastOutput ? { lastOutput } : {})
    })
  }

  private stopChild(reason: string): void {
    clearTimeout(this.readyTimer)
    const child = this.child
    this.child = undefined
    this.outbox = []
    this.client?.dispose(reason)
    this.client = undefined
    if (child) {
      try {
        child.kill()
      } catch {
        // Already gone.
      }
    }
  }

  /** Collects the child's output into the ring; resolves when both pipes have ended. */
  private pipeOutput(child: UtilityProcessLike): Promise<void> {
    const streams = [
      ['stdout', child.stdout],
      ['stderr', child.stderr]
    ] as const
    let open = 0
    return new Promise<void>((resolve) => {
      for (const [name, stream] of streams) {
        if (!stream) continue
        open++
        let ended = false
        stream.setEncoding('utf8')
        stream.on('data', (chunk: string | Buffer) => {
          if (this.outputOwner !== child) return
          for (const line of this.output.write(name, String(chunk)))
            this.options.onOutput?.(line, name)
        })
        const end = (): void => {
          if (ended) return
          ended = true
          if (this.outputOwner === child) {
            for (const line of this.output.flush(name)) this.options.onOutput?.(line, name)
          }
          if (--open === 0) resolve()
        }
        stream.on('end', end)
        stream.on('close', end)
        stream.on('error', end)
      }
      if (open === 0) resolve()
    })
  }
}
