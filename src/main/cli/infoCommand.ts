import type { Command } from 'commander'
import { adapterLabel, BACKEND_LADDER } from '../../shared/info'
import { selectBackend } from '../engine/backend/selectBackend'
import { defaultDataDir } from '../engine/dataDir'
import { ENGINE_VERSION } from '../engine/version'
import { cliText } from './cliText'

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
      const { t } = cliText()
      console.log(t('cli.info.backend', { backend: choice.backend }))
      const adapter = choice.attempts.find((a) => a.ok)?.adapter
      if (adapter) console.log(t('cli.info.adapter', { adapter: adapterLabel(adapter) }))
      console.log(t('cli.info.why', { reason: choice.reason }))
      // Every rung, best first: taken, passed over and why, or not tried.
      for (const backend of BACKEND_LADDER) {
        const a = choice.attempts.find((t) => t.backend === backend)
        if (a) console.log(`  ${a.ok ? '✓' : '✗'} ${backend}: ${a.reason}`)
        else if (!choice.override) console.log(t('cli.info.notTried', { backend }))
      }
      console.log(t('cli.info.data', { dir: defaultDataDir() }))
    })
}
