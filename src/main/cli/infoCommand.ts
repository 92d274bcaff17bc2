import type { Command } from 'commander'
import { selectBackend } from '../engine/backend/selectBackend'
import { defaultDataDir } from '../engine/dataDir'
import { ENGINE_VERSION } from '../engine/version'

export function registerInfoCommand(program: Command): void {
  program
    .command('info')
    .description('Print the TensorFlow.js backend the engine picks, and why.')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => {
      const choice = await selectBackend()
      if (opts.json) {
        console.log(JSON.stringify({ version: ENGINE_VERSION, ...choice }, null, 2))
        return
      }
      console.log(`GAN Studio ${ENGINE_VERSION}`)
      console.log(`backend: ${choice.backend}`)
      console.log(`why:     ${choice.reason}`)
      for (const a of choice.attempts)
        console.log(`  ${a.ok ? '✓' : '✗'} ${a.backend}: ${a.reason}`)
      console.log(`data:    ${defaultDataDir()}`)
    })
}
