// Loaded with `node --import` into a `gan-studio train` child: SIGKILLs the process at one
// point of a checkpoint save, named by GAN_STUDIO_CRASH_AT (plain JavaScript: the child runs
// the built CLI, with no TypeScript loader).
//
//   write:<step>   while the checkpoint of <step> is half written (as optimizers.bin opens)
//   after:<step>   just after the checkpoint of <step> is renamed into place
import fsp from 'node:fs/promises'
import { basename } from 'node:path'
import { syncBuiltinESMExports } from 'node:module'

const [when, step] = (process.env.GAN_STUDIO_CRASH_AT ?? '').split(':')
const die = () => process.kill(process.pid, 'SIGKILL')

if (when === 'write') {
  const open = fsp.open
  fsp.open = async (path, ...rest) => {
    const p = String(path)
    if (p.includes(`.step-${step}.`) && basename(p).startsWith('.optimizers.bin.')) die()
    return open(path, ...rest)
  }
} else if (when === 'after') {
  const rename = fsp.rename
  fsp.rename = async (from, to, ...rest) => {
    await rename(from, to, ...rest)
    if (basename(String(to)) === `step-${step}`) die()
  }
}
// The CLI's `import { open } from 'node:fs/promises'` bindings follow the patched functions.
syncBuiltinESMExports()
