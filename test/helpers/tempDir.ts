import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeEach } from 'vitest'

function remove(dir: string): void {
  // Restore permissions a test may have taken away, so the folder can be removed.
  fs.chmodSync(dir, 0o755)
  fs.rmSync(dir, { recursive: true, force: true })
}

/**
 * A fresh temporary folder, made now and removed after the tests around the call: the
 * file's when called at the top level, a describe block's when called inside one.
 */
export function tempDir(prefix = 'gan-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  afterAll(() => remove(dir))
  return dir
}

/** A fresh temporary folder for each test, removed after it: call the result inside a test. */
export function tempDirEach(prefix = 'gan-test-'): () => string {
  let dir: string | undefined
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  })
  afterEach(() => {
    if (dir) remove(dir)
    dir = undefined
  })
  return () => {
    if (!dir) throw new Error('tempDirEach: the folder exists only while a test runs')
    return dir
  }
}

/** Running as root, permission bits do not stop reads (CAP_DAC_OVERRIDE). */
export const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0
