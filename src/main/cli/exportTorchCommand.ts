import type { Command } from 'commander'
import { resolve } from 'node:path'
import { selectBackend } from '../engine/backend/selectBackend'
import { exportTorchJob } from '../engine/torch/exportTorch'
import { cliText } from './cliText'

export function registerExportTorchCommand(program: Command): void {
  program
    .command('export-torch')
    .description(
      'Write a PyTorch job folder (train.py with DistributedDataParallel for torchrun, the data, the weights) for a run or a checkpoint; bring it back with import-torch.'
    )
    .argument(
      '<run|checkpoint>',
      'a run folder (runs/<id>: a fresh start with its settings) or a checkpoint (runs/<id>/checkpoints/step-<n>: training continues from it)'
    )
    .requiredOption('--out <dir>', 'the job folder to write (new or empty)')
    .option(
      '--data-reference',
      "a folder dataset only: train.py reads the run's own folder instead of a copy in the job"
    )
    .action(async (source: string, opts: { out: string; dataReference?: boolean }) => {
      await selectBackend()
      const result = await exportTorchJob(resolve(source), resolve(opts.out), {
        dataReference: opts.dataReference ?? false,
        onLog: (m) => console.log(m)
      })
      const { t } = cliText()
      console.log(`\n${t('cli.torch.trainIt', { readme: resolve(result.dir, 'README.md') })}`)
      console.log(`  cd ${result.dir} && ${result.command}`)
      console.log(t('cli.torch.bringBack', { dir: result.dir }))
    })
}
