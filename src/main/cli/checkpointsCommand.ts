import type { Command } from 'commander'
import { resolve } from 'node:path'
import { listCheckpointsIn } from '../engine/runs/runStore'

export function registerCheckpointsCommand(program: Command): void {
  const checkpoints = program.command('checkpoints').description("A run's checkpoints.")
  checkpoints
    .command('list <runDir>')
    .description(
      'List every checkpoint of a run folder (runs/<id>), oldest first: whole, or damaged and why.'
    )
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
      const number = (n: number | null, digits = 0) => (n === null ? '-' : n.toFixed(digits))
      console.log(
        ['step', 'epoch', 'D loss', 'G loss', 'time', 'backend', 'state', 'path'].join('\t')
      )
      for (const c of list) {
        const row = [
          String(c.step),
          number(c.epoch),
          number(c.dLoss, 4),
          number(c.gLoss, 4),
          c.time || '-',
          c.backend || '-',
          c.state,
          c.path
        ]
        const notes = [
          ...(c.problem ? [`  will not load: ${c.problem}`] : []),
          ...Object.entries(c.nullReasons ?? {})
            .filter(([, why]) => !c.problem || !why.includes(c.problem))
            .map(([key, why]) => `  ${key}: ${why}`)
        ]
        console.log([row.join('\t'), ...notes].join('\n'))
      }
    })
}
