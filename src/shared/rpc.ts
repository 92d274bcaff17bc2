import { z } from 'zod'
import {
  STUDIO_METHOD_NAMES,
  studioMethods,
  type StudioApi,
  type StudioHandlers,
  type StudioMethodName
} from './api'
import { ErrorParamsSchema, type ErrorParams } from './errorCodes'
import { StudioEventSchema, type StudioEvent } from './events'
import { ContractError, parseOrThrow } from './validation'

/**
 * The envelope every transport carries (utility-process port, WebSocket, in-memory):
 * calls, their results, and events. Each value is validated once per crossing, by the end
 * that receives it: the server checks calls (`serveRpc`), the client results and events
 * (`createRpcClient`). Neither checks what it sends.
 */
export const RpcErrorSchema = z.object({
  message: z.string(),
  /** One of ERROR_CODES (errorCodes.ts), for the UI to say in the user's language. */
  code: z.string().optional(),
  field: z.string().optional(),
  /** The values `message` quotes, for the UI's own wording of `code`. */
  params: ErrorParamsSchema.optional()
})
export type RpcError = z.infer<typeof RpcErrorSchema>

export const RpcMessageSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('call'),
    id: z.number().int().nonnegative(),
    method: z.string(),
    args: z.array(z.unknown())
  }),
  z.discriminatedUnion('ok', [
    z.object({
      kind: z.literal('result'),
      id: z.number().int(),
      ok: z.literal(true),
      value: z.unknown()
    }),
    z.object({
      kind: z.literal('result'),
      id: z.number().int(),
      ok: z.literal(false),
      error: RpcErrorSchema
    })
  ]),
  z.object({ kind: z.literal('event'), event: z.unknown() })
])
export type RpcMessage = z.infer<typeof RpcMessageSchema>

/** A duplex of messages: what a port, a socket or a test pipe provides. */
export interface RpcTransport {
  send(message: RpcMessage): void
  /** Registers the receiver; returns a function that unregisters it. */
  onMessage(receive: (message: unknown) => void): () => void
}

/**
 * An error a caller can act on. `message` is English (the CLI and logs print it); `code`
 * (one of ERROR_CODES) and `params` (the values the message quotes) let the UI say it in
 * the user's language. The third argument is the offending field, or `{ field, params }`.
 */
export class StudioError extends Error {
  override name = 'StudioError'
  readonly field?: string
  readonly params?: ErrorParams
  constructor(
    message: string,
    readonly code?: string,
    detail?: string | { field?: string; params?: ErrorParams; cause?: unknown }
  ) {
    super(message, typeof detail === 'object' && detail.cause ? { cause: detail.cause } : {})
    if (typeof detail === 'string') this.field = detail
    else if (detail) {
      if (detail.field !== undefined) this.field = detail.field
      if (detail.params !== undefined) this.params = detail.params
    }
  }

  /** The error an RpcError describes, as it crossed a transport. */
  static from(error: RpcError): StudioError {
    return new StudioError(error.message, error.code, { field: error.field, params: error.params })
  }
}

export function isStudioMethod(name: string): name is StudioMethodName {
  return Object.hasOwn(studioMethods, name)
}

/** Validates a call's method name and arguments against the contract; throws naming the field. */
export function parseCall(
  method: string,
  args: unknown
): { method: StudioMethodName; args: unknown[] } {
  if (!isStudioMethod(method)) {
    throw new ContractError(
      `Unknown method "${method}": expected one of ${STUDIO_METHOD_NAMES.join(', ')}`,
      'method',
      `unknown method "${method}"`
    )
  }
  const parsed = parseOrThrow(studioMethods[method].args, args, `${method}.args`) as unknown[]
  return { method, args: parsed }
}

/** An error as it travels: its English message, and its code, field and params when it has them. */
export function toRpcError(err: unknown): RpcError {
  if (err instanceof ContractError) {
    return {
      message: err.message,
      code: 'invalid-argument',
      field: err.field,
      params: { field: err.field, reason: err.reason }
    }
  }
  const { code, field, params } = (err ?? {}) as {
    code?: unknown
    field?: unknown
    params?: unknown
  }
  const checked = ErrorParamsSchema.safeParse(params)
  return {
    message: err instanceof Error ? err.message : String(err),
    code: typeof code === 'string' ? code : undefined,
    ...(typeof field === 'string' ? { field } : {}),
    ...(checked.success ? { params: checked.data } : {})
  }
}

/** The id of something shaped like a call, if it has a usable one. */
function callId(raw: unknown): number | undefined {
  if (!raw || typeof raw !== 'object') return undefined
  const { kind, id } = raw as { kind?: unknown; id?: unknown }
  return kind === 'call' && typeof id === 'number' && Number.isSafeInteger(id) && id >= 0
    ? id
    : undefined
}

/**
 * Serves `handlers` on a transport: validates each call (its sender is not trusted: a
 * browser page, or main relaying one), runs it and sends the result. Results and events
 * are validated by the client that receives them. Returns `emit` for events and `dispose`.
 */
export function serveRpc(
  transport: RpcTransport,
  handlers: Partial<StudioHandlers>
): { emit(event: StudioEvent): void; dispose(): void } {
  const off = transport.onMessage((raw) => {
    const msg = RpcMessageSchema.safeParse(raw)
    if (!msg.success || msg.data.kind !== 'call') {
      // A call with an id but a malformed body still gets an answer: its caller is waiting.
      const id = callId(raw)
      if (id !== undefined && !msg.success) {
        transport.send({
          kind: 'result',
          id,
          ok: false,
          error: {
            message:
              'Invalid call: it needs a method name (a string) and its arguments (an array).',
            code: 'invalid-argument',
            params: {
              field: 'call',
              reason: 'a method name (a string) and its arguments (an array)'
            }
          }
        })
        return
      }
      transport.send({
        kind: 'event',
        event: {
          type: 'log',
          level: 'warn',
          message: 'Ignored a malformed message from the client.'
        }
      })
      return
    }
    const { id, method, args } = msg.data
    void (async () => {
      try {
        const call = parseCall(method, args)
        const handler = handlers[call.method] as ((...a: unknown[]) => Promise<unknown>) | undefined
        if (!handler) {
          throw new StudioError(`"${method}" is not available in this shell.`, 'unavailable', {
            params: { method }
          })
        }
        const value = await handler(...call.args)
        transport.send({ kind: 'result', id, ok: true, value })
      } catch (err) {
        transport.send({ kind: 'result', id, ok: false, error: toRpcError(err) })
      }
    })()
  })
  return {
    emit(event) {
      transport.send({ kind: 'event', event })
    },
    dispose: off
  }
}

/**
 * A StudioApi over a transport. Results and events are validated when they arrive (this is
 * their one check on this crossing); arguments are checked by the server that receives them,
 * which names the offending field in its error.
 */
export function createRpcClient(
  transport: RpcTransport,
  options: { droppedPath?: (file: object) => Promise<string | null>; onClose?: () => void } = {}
): StudioApi & { dispose(reason?: string): void } {
  let nextId = 1
  const pending = new Map<
    number,
    { resolve(v: unknown): void; reject(e: Error): void; method: StudioMethodName }
  >()
  const listeners = new Set<(e: StudioEvent) => void>()

  const off = transport.onMessage((raw) => {
    const msg = RpcMessageSchema.safeParse(raw)
    if (!msg.success) return
    const m = msg.data
    if (m.kind === 'event') {
      const event = StudioEventSchema.safeParse(m.event)
      if (!event.success) return
      for (const l of listeners) l(event.data)
      return
    }
    if (m.kind !== 'result') return
    const p = pending.get(m.id)
    if (!p) return
    pending.delete(m.id)
    if (m.ok) {
      try {
        p.resolve(parseOrThrow(studioMethods[p.method].result, m.value, `${p.method}.result`))
      } catch (err) {
        p.reject(err as Error)
      }
    } else {
      p.reject(StudioError.from(m.error))
    }
  })

  const api = {
    onEvent(listener: (e: StudioEvent) => void) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    droppedPath: options.droppedPath ?? (async () => null),
    dispose(reason = 'The connection to the engine closed.') {
      off()
      for (const p of pending.values()) p.reject(new StudioError(reason, 'disconnected'))
      pending.clear()
      listeners.clear()
    }
  } as Record<string, unknown>

  for (const name of STUDIO_METHOD_NAMES) {
    api[name] = (...args: unknown[]) =>
      new Promise((resolve, reject) => {
        const id = nextId++
        pending.set(id, { resolve, reject, method: name })
        try {
          transport.send({ kind: 'call', id, method: name, args })
        } catch (err) {
          // Arguments a port cannot carry (a function, say) fail here, not in silence.
          pending.delete(id)
          reject(err instanceof Error ? err : new Error(String(err)))
        }
      })
  }
  return api as unknown as StudioApi & { dispose(reason?: string): void }
}
