import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'

export const REPO = resolve(import.meta.dirname, '../..')

/**
 * A clean copy of the project as a fresh clone plus `npm install` leaves it: the files
 * git knows (committed or not, minus ignored ones), and node_modules hard-linked from this
 * checkout, without the Electron binary, which Electron 45 fetches on first use. Hard links
 * keep the copy cheap and give its packages real paths inside it, so tools there resolve
 * the copy's own `electron`, not this checkout's.
 */
export function cleanProjectCopy(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const files = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: REPO,
      encoding: 'utf8'
    }
  )
    .split('\0')
    .filter(Boolean)
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true })
    try {
      cpSync(join(REPO, file), join(dir, file))
    } catch (err) {
      // A file deleted in the work tree but still in the index: a fresh clone would not have it either.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    }
  }
  execFileSync('cp', ['-al', join(REPO, 'node_modules'), join(dir, 'node_modules')])
  for (const installed of ['dist', 'path.txt']) {
    rmSync(join(dir, 'node_modules/electron', installed), { recursive: true, force: true })
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
