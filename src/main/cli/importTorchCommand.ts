import type { Command } from 'commander'
import { join, resolve } from 'node:path'
import { selectBackend } from '../engine/backend/selectBackend'
import { defaultDataDir } from '../engine/dataDir'
import { importTorchJob } from '../engine/torch/importTorch'
import { cliText } from './cliText'

export function registerImportTorchCommand(program: Command): void {
  program
    .command('import-torch')
    .description(
      "Bring a PyTorch job folder from export-torch back as a studio run: its curves, samples and checkpoints (converted to the studio's format), ready for generate."
    )
    .argument('<job-dir>', 'the job folder train.py trained in')
    .option(
      '--out <dir>',
      "the data folder: the run goes to <dir>/runs/<id> (default: the studio's own, shared with the desktop app)"
    )
    .action(async (jobDir: string, opts: { out?: string }) => {
      await selectBackend()
      const dataDir = opts.out ? resolve(opts.out) : defaultDataDir()
      const result = await importTorchJob(resolve(jobDir), join(dataDir, 'runs'), {
        onLog: (m) => console.log(m)
      })
      const latest = join(result.runDir, 'checkpoints', `step-${result.steps.at(-1)}`)
      const { t } = cliText()
      console.log(t('cli.torch.runId', { runId: result.runId }))
      console.log(t('cli.torch.generateFromIt', { checkpoint: latest }))
    })
}
