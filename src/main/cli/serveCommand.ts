import { dirname, join, resolve } from 'node:path'
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
    .description(
      'Serve the studio to a browser on 127.0.0.1 (one-time launch codes, a per-launch token).'
    )
    .option('--port <n>', 'port to listen on (0: any free port)', parsePort, 0)
    .option('--open', 'open the studio in the default browser')
    .option('--data-dir <dir>', 'where runs and caches live', defaultDataDir())
    .option(
      '--allow <dir>',
      'let the studio read and write under this folder too (repeatable); it may use only its data folder otherwise',
      (dir: string, dirs: string[]) => [...dirs, resolve(dir)],
      [] as string[]
    )
    .action(async (opts: { port: number; open?: boolean; dataDir: string; allow: string[] }) => {
      const engine = await Engine.start({
        dataDir: opts.dataDir,
        shell: 'browser',
        confine: { allow: opts.allow }
      })
      console.log(
        `Reads and writes only under: ${[engine.info.dataDir, ...opts.allow].join(', ')} (more with --allow <dir>)`
      )
      const bridge = await startBridge({
        engine,
        rendererDir: rendererDir(),
        port: opts.port,
        onSession: (via) =>
          console.log(`A browser signed in with ${via === 'code' ? 'a launch code' : 'the token'}.`)
      })
      console.log(`GAN Studio on ${engine.info.backend} (${engine.info.backendReason})`)
      // The one-time code is all a browser needs; the token is for scripts and more browsers.
      console.log(`Open: ${bridge.launchUrl()}`)
      console.log(
        `  This address works once; that browser then stays signed in at ${bridge.origin}/.`
      )
      // Printed apart from any address, so no click puts the long-lived token in an argv.
      console.log(`  Another browser: type ${bridge.origin}/?token=<token>, with this token:`)
      console.log(`Token: ${bridge.token}`)
      console.log('  Scripts send it as "Authorization: Bearer <token>".')
      if (opts.open) {
        // Its own one-time code: the only secret in the browser's arguments, spent on arrival.
        await open(bridge.launchUrl()).catch(() => console.log('(could not open a browser)'))
      }
      const shutdown = async (): Promise<void> => {
        await bridge.close()
        await engine.dispose()
        process.exit(0)
      }
      process.once('SIGINT', shutdown)
      process.once('SIGTERM', shutdown)
    })
}
