import { Command } from 'commander'

/**
 * A `gan-studio` program with the given commands that throws instead of exiting; commander's
 * own messages go to `onError` (dropped by default) and its help output nowhere.
 */
export function testProgram(
  commands: Array<(program: Command) => void>,
  onError: (text: string) => void = () => undefined
): Command {
  const program = new Command('gan-studio').exitOverride().configureOutput({
    writeErr: onError,
    writeOut: () => undefined
  })
  for (const register of commands) register(program)
  return program
}
