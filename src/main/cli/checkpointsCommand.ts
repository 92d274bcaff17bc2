import type { Command } from 'commander'
import { resolve } from 'node:path'
import { listCheckpointsIn } from '../engine/runs/runStore'

export function registerCheckpointsCommand(program: Command): void {
  const checkpoints = program.command('checkpoints').description("A run's checkpoints.")
  checkpoints
    .command('list <runDir>')
    .description('List the checkpoints of a run folder (runs/<id>), oldest first.')
    .option('--json', 'print them as JSON')
    .action(async (runDir: string, opts: { json?: boolean }) => {
      const list = await listCheckpointsIn(resolve(runDir))
      if (opts.json) {
        console.log(
          JSON.stringify(
            list.map(({ thumbnail: _t, ...c }) => c),
            null,
            2
          )
        )
        return
      }
      if (list.length === 0) {
        console.log(`${resolve(runDir)} has no checkpoints.`)
        return
      }
      console.log(['step', 'epoch', 'D loss', 'G loss', 'time', 'backend', 'path'].join('\t'))
      for (const c of list) {
        const row = [
          String(c.step),
          c.problem ? '-' : String(c.epoch),
          c.problem ? '-' : c.dLoss.toFixed(4),
          c.problem ? '-' : c.gLoss.toFixed(4),
          c.time || '-',
          c.backend || '-',
          c.path
        ]
        console.log(row.join('\t') + (c.problem ? `\n  will not load: ${c.problem}` : ''))
      }
    })
}
