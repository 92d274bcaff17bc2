import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Command } from 'commander'
import { InvalidArgumentError } from 'commander'
import open from 'open'
import { startBridge } from '../engine/bridge/bridgeServer'
import { defaultDataDir } from '../engine/dataDir'
import { Engine } from '../engine/engine'

function parsePort(value: string): number {
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError('a port is a whole number from 0 to 65535 (0 picks a free one).')
  }
  return port
}

/** The built renderer sits beside the built CLI: out/main/cli.js → out/renderer. */
function rendererDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'renderer')
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Serve the studio to a browser on 127.0.0.1, with a per-launch token.')
    .option('--port <n>', 'port to listen on (0: any free port)', parsePort, 0)
    .option('--open', 'open the studio in the default browser')
    .option('--data-dir <dir>', 'where runs and caches live', defaultDataDir())
    .action(async (opts: { port: number; open?: boolean; dataDir: string }) => {
      const engine = await Engine.start({ dataDir: opts.dataDir, shell: 'browser' })
      const bridge = await startBridge({ engine, rendererDir: rendererDir(), port: opts.port })
      console.log(`GAN Studio on ${engine.info.backend} (${engine.info.backendReason})`)
      console.log(`Open: ${bridge.url}`)
      if (opts.open) await open(bridge.url).catch(() => console.log('(could not open a browser)'))
      const shutdown = async (): Promise<void> => {
        await bridge.close()
        await engine.dispose()
        process.exit(0)
      }
      process.once('SIGINT', shutdown)
      process.once('SIGTERM', shutdown)
    })
}
