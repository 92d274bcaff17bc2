/**
 * Entry point of the engine process that Electron's main starts with
 * `utilityProcess.fork`. It speaks the RPC envelope over `process.parentPort`;
 * main relays between it and the renderer. No `electron` import: `parentPort` is
 * provided on `process` by the utility process itself.
 *
 * Validation on this crossing (main → engine): `serveRpc` checks each call's arguments as
 * they arrive; results and events are checked by main's client as they arrive there.
 */
import type { RpcMessage, RpcTransport } from '../../shared/rpc'
import { defaultDataDir } from './dataDir'
import { Engine } from './engine'
import { serveEngine } from './serveEngine'

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void
  off(event: 'message', listener: (e: { data: unknown }) => void): void
  postMessage(message: unknown): void
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort
if (!parentPort) {
  console.error('engine host: no parentPort; start it with utilityProcess.fork from Electron main')
  process.exit(2)
}

const transport: RpcTransport = {
  send: (message: RpcMessage) => parentPort.postMessage(message),
  onMessage(receive) {
    const listener = (e: { data: unknown }): void => receive(e.data)
    parentPort.on('message', listener)
    return () => parentPort.off('message', listener)
  }
}

try {
  const engine = await Engine.start({
    dataDir: process.env.GAN_STUDIO_DATA ?? defaultDataDir(),
    shell: 'desktop'
  })
  serveEngine(engine, transport)
  transport.send({ kind: 'event', event: { type: 'engine-state', state: 'ready' } })
  console.log(`engine ready on ${engine.info.backend}: ${engine.info.backendReason}`)
} catch (err) {
  // Main shows this message and the process's last output to the user.
  console.error(`engine failed to start: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
}
