import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll } from 'vitest'

/** A fresh temporary folder, removed after the test file's tests. */
export function tempDir(prefix = 'gan-data-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  afterAll(() => {
    // Restore permissions a test may have taken away, so the folder can be removed.
    fs.chmodSync(dir, 0o755)
    fs.rmSync(dir, { recursive: true, force: true })
  })
  return dir
}

/** Running as root, permission bits do not stop reads (CAP_DAC_OVERRIDE). */
export const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0
