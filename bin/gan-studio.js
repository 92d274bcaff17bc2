#!/usr/bin/env node
// The `gan-studio` command: the engine without Electron. It runs the build's CLI entry.
import { existsSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url))
if (!existsSync(cli)) {
  console.error(
    'gan-studio: the studio is not built yet. Run `npm run build` in its folder, then try again.'
  )
  process.exit(1)
}
const { runCli } = await import(pathToFileURL(cli).href)
await runCli(process.argv)
