import * as tf from '@tensorflow/tfjs'
import { execFile } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'

// Running an exported PyTorch job with Debian's python3-torch: its own train.py, and
// torchProbe.py, which loads the job's models and answers a JSON request with outputs.
export const runFile = promisify(execFile)
export const PYTHON = '/usr/bin/python3'
export const PROBE = join(import.meta.dirname, '..', 'torchProbe.py')

/** The probe's answer for `request`, which is written to a fresh file under `scratch`. */
export async function probe(
  scratch: string,
  job: string,
  request: object
): Promise<Record<string, unknown>> {
  const path = join(scratch, `request-${Math.random().toString(36).slice(2)}.json`)
  await writeFile(path, JSON.stringify(request))
  const { stdout } = await runFile(PYTHON, [PROBE, job, path], { maxBuffer: 1 << 24 })
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>
}

/** A tensor's float32 values as a raw file `dir/name`, for the probe to read. */
export async function f32File(dir: string, t: tf.Tensor, name: string): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, Buffer.from((await t.data()).buffer as ArrayBuffer))
  return path
}

/** The job's train.py to `steps` on one CPU thread; what it printed. */
export async function trainJob(job: string, steps: number): Promise<string> {
  const args = ['train.py', '--steps', String(steps), '--threads', '1']
  const { stdout } = await runFile(PYTHON, args, { cwd: job })
  return stdout
}

export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!))
  return worst
}
