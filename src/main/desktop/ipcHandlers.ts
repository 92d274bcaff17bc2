import { existsSync } from 'node:fs'
import { STUDIO_METHOD_NAMES, studioMethods, type StudioMethodName } from '../../shared/api'
import { parseCall, StudioError, toRpcError } from '../../shared/rpc'
import { GRANT_DROPPED_PATH_CHANNEL, methodChannel, type IpcReply } from '../../shared/ipcChannels'
import { mapPaths } from '../../shared/paths'
import type { FolderGrants } from './pathPolicy'

/**
 * Main's IPC: one `studio:<method>` handler per method of the contract, generated from
 * `studioMethods` (a method added there gets its handler here), plus the channel on
 * which the preload grants a dropped folder. Every handler checks who is calling,
 * validates the arguments, applies the path policy, then runs the method in main
 * (`runsIn: 'desktop'`) or relays it to the engine process.
 *
 * Validation on this crossing (renderer → main): the arguments, here, once — the page is
 * not trusted. Results go back unchecked: the preload checks what it receives.
 */

/** What this module uses of `ipcMain`; tests pass a fake. */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: IpcInvokeEventLike, ...args: unknown[]) => unknown
  ): void
  removeHandler(channel: string): void
}

/** What a handler reads of `IpcMainInvokeEvent`. */
export interface IpcInvokeEventLike {
  readonly senderFrame: { readonly url: string } | null
}

export type DesktopHandler = (...args: never[]) => Promise<unknown>

export interface StudioIpcOptions {
  ipc: IpcMainLike
  engine: { call(method: StudioMethodName, args: readonly unknown[]): Promise<unknown> }
  /** Methods that run in main, by name (`chooseFolder`, `revealPath`, later `restartEngine`). */
  desktop: Readonly<Record<string, DesktopHandler | undefined>>
  grants: FolderGrants
  /** True for calls from GAN Studio's own page; anything else is refused. */
  isTrustedSender(event: IpcInvokeEventLike): boolean
  /** Sees every successful result (main follows the theme setting from it). */
  onResult?(method: StudioMethodName, value: unknown): void
  exists?(path: string): boolean
}

function untrusted(): StudioError {
  return new StudioError('Refused a call from a page that is not GAN Studio.', 'untrusted-sender')
}

/** Registers every handler; returns them by channel (for tests) and `dispose`. */
export function registerStudioIpc(options: StudioIpcOptions): {
  handlers: ReadonlyMap<
    string,
    (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<IpcReply>
  >
  dispose(): void
} {
  const { ipc, engine, desktop, grants } = options
  const exists = options.exists ?? existsSync
  const handlers = new Map<
    string,
    (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<IpcReply>
  >()

  const reply = async (run: () => Promise<unknown>): Promise<IpcReply> => {
    try {
      return { ok: true, value: await run() }
    } catch (err) {
      return { ok: false, error: toRpcError(err) }
    }
  }

  for (const name of STUDIO_METHOD_NAMES) {
    const spec = studioMethods[name]
    handlers.set(methodChannel(name), (event, ...args) =>
      reply(async () => {
        if (!options.isTrustedSender(event)) throw untrusted()
        const call = parseCall(name, args)
        // The paths are found from the contract's path schemas, not from key names, and each
        // is replaced by where it really leads, so a link changed after this check is moot.
        const checked = mapPaths(
          spec.args,
          call.args,
          `${name}.args`,
          ({ where, value, intent }) =>
            intent === 'report' ? value : grants.resolveAllowed(value, where)
        ) as unknown[]
        let value: unknown
        if (spec.runsIn === 'desktop') {
          const handler = desktop[name] as ((...a: unknown[]) => Promise<unknown>) | undefined
          if (!handler)
            throw new StudioError(`"${name}" is not available in this shell.`, 'unavailable', {
              params: { method: name }
            })
          value = await handler(...checked)
        } else {
          // The checked arguments, defaults filled in; main's engine client checks the result.
          value = await engine.call(name, checked)
        }
        options.onResult?.(name, value)
        return value
      })
    )
  }

  handlers.set(GRANT_DROPPED_PATH_CHANNEL, (event, path) =>
    reply(async () => {
      if (!options.isTrustedSender(event)) throw untrusted()
      if (typeof path !== 'string' || path.length === 0) {
        throw new StudioError('The dropped item has no path on disk.', 'invalid-argument', {
          field: 'path',
          params: { field: 'path', reason: 'the dropped item has no path on disk' }
        })
      }
      if (!exists(path)) {
        throw new StudioError(`"${path}" no longer exists; drop the folder again.`, 'not-found', {
          field: 'path',
          params: { path }
        })
      }
      grants.grant(path)
      return path
    })
  )

  for (const [channel, handler] of handlers) ipc.handle(channel, handler)
  return {
    handlers,
    dispose() {
      for (const channel of handlers.keys()) ipc.removeHandler(channel)
    }
  }
}
