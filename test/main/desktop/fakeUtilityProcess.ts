import { EventEmitter } from 'node:events'
import { PassThrough } from 'node:stream'
import type { StudioHandlers } from '../../../src/shared/api'
import { serveRpc, type RpcMessage, type RpcTransport } from '../../../src/shared/rpc'
import type { EngineForkOptions, UtilityProcessLike } from '../../../src/main/desktop/engineProcess'

/**
 * A stand-in for Electron's UtilityProcess: messages are structured-cloned and
 * delivered asynchronously both ways, output goes through real streams, and the
 * test decides when it says "ready", prints, or dies.
 */
export class FakeUtilityProcess extends EventEmitter implements UtilityProcessLike {
  pid: number | undefined = 4242
  stdout = new PassThrough()
  stderr = new PassThrough()
  killed = false
  readonly sent: unknown[] = []
  private readonly childReceivers = new Set<(message: unknown) => void>()

  constructor(
    readonly modulePath: string,
    readonly options: EngineForkOptions
  ) {
    super()
  }

  /** The child's end of the port: what `process.parentPort` is to the engine host. */
  readonly childTransport: RpcTransport = {
    send: (message: RpcMessage) => {
      const copy = structuredClone(message)
      setImmediate(() => {
        if (this.pid !== undefined) this.emit('message', copy)
      })
    },
    onMessage: (receive) => {
      this.childReceivers.add(receive)
      return () => this.childReceivers.delete(receive)
    }
  }

  postMessage(message: unknown): void {
    this.sent.push(message)
    const copy = structuredClone(message)
    setImmediate(() => {
      if (this.pid === undefined) return
      for (const receive of this.childReceivers) receive(copy)
    })
  }

  kill(): boolean {
    this.killed = true
    setImmediate(() => this.exit(15))
    return true
  }

  /** Serves `handlers` like the engine host does, then announces it is ready. */
  serve(handlers: Partial<StudioHandlers>): ReturnType<typeof serveRpc> {
    const server = serveRpc(this.childTransport, handlers)
    this.childTransport.send({ kind: 'event', event: { type: 'engine-state', state: 'ready' } })
    return server
  }

  print(text: string, stream: 'stdout' | 'stderr' = 'stdout'): void {
    this[stream].write(text)
  }

  /** The process ends: pipes close, then `exit`, as in Electron. */
  exit(code: number): void {
    if (this.pid === undefined) return
    this.pid = undefined
    this.stdout.end()
    this.stderr.end()
    this.emit('exit', code)
  }
}

/** A fork function that records every process it starts. */
export function fakeFork(onFork?: (child: FakeUtilityProcess) => void): {
  fork: (modulePath: string, args: string[], options: EngineForkOptions) => FakeUtilityProcess
  children: FakeUtilityProcess[]
} {
  const children: FakeUtilityProcess[] = []
  return {
    children,
    fork(modulePath, _args, options) {
      const child = new FakeUtilityProcess(modulePath, options)
      children.push(child)
      onFork?.(child)
      return child
    }
  }
}

export async function until(condition: () => boolean, what = 'condition'): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (condition()) return
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
  throw new Error(`timed out waiting for ${what}`)
}
