/**
 * `gan-studio`: the engine from the command line, for servers without a display and
 * for the tests. The same Engine object the desktop app runs in its utility process.
 */
import { Command } from 'commander'
import { reasonOf } from '../../shared/errorCodes'
import { cliText } from './cliText'
import { registerBenchCommand } from './benchCommand'
import { registerCheckpointsCommand } from './checkpointsCommand'
import { registerDatasetCommands } from './datasetCommands'
import { registerExportTorchCommand } from './exportTorchCommand'
import { registerGenerateCommand } from './generateCommand'
import { registerImportTorchCommand } from './importTorchCommand'
import { registerInfoCommand } from './infoCommand'
import { registerLabCommand } from './labCommand'
import { registerQualityCommand } from './qualityCommand'
import { registerScoreCommand } from './scoreCommand'
import { registerServeCommand } from './serveCommand'
import { registerTrainCommand } from './trainCommand'
import { ENGINE_VERSION } from '../engine/version'

export function createProgram(): Command {
  const program = new Command('gan-studio')
    .description('Train conditional GANs on your own pictures.')
    .version(ENGINE_VERSION)
    .showHelpAfterError()
  registerInfoCommand(program)
  registerServeCommand(program)
  registerTrainCommand(program)
  registerDatasetCommands(program)
  registerGenerateCommand(program)
  registerCheckpointsCommand(program)
  registerScoreCommand(program)
  registerBenchCommand(program)
  registerQualityCommand(program)
  registerLabCommand(program)
  registerExportTorchCommand(program)
  registerImportTorchCommand(program)
  return program
}

/** Runs the command line; bin/gan-studio.js calls this on the build of this file. */
export async function runCli(argv: string[] = process.argv): Promise<void> {
  try {
    await createProgram().parseAsync(argv)
  } catch (err) {
    // An engine error with a code is worded in the user's language (LANG), as the studio does.
    const message =
      err instanceof Error ? cliText().explain(err.message, reasonOf(err)) : String(err)
    console.error(`gan-studio: ${message}`)
    process.exitCode = 1
  }
}
