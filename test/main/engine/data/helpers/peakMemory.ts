import fs from 'node:fs'
import { requirement } from '../../../../helpers/requirement'

const CLEAR_REFS = '/proc/self/clear_refs'

function canResetPeak(): boolean {
  try {
    fs.writeFileSync(CLEAR_REFS, '5')
    return true
  } catch {
    return false
  }
}

/** Linux lets a process reset its own resident-memory peak (VmHWM) to its current RSS. */
export const resettablePeak = requirement(
  canResetPeak(),
  `measuring a peak of memory needs Linux's ${CLEAR_REFS} (kernel 4.0 or newer, writable)`
)

function statusKb(field: 'VmHWM' | 'VmRSS'): number {
  const status = fs.readFileSync('/proc/self/status', 'utf8')
  const kb = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1]
  if (kb === undefined) throw new Error(`/proc/self/status has no ${field} line`)
  return Number(kb) * 1024
}

/**
 * How far this process's resident memory rises above its level at the start while `work`
 * runs: the peak is reset to the current RSS first, then read back, so nothing before
 * (a high-water mark from earlier work) enters it, and a peak between two samples is not
 * missed. Per process, so other work on the machine does not enter it either.
 */
export async function peakGrowthDuring<T>(
  work: () => Promise<T>
): Promise<{ result: T; growth: number }> {
  resettablePeak.check()
  fs.writeFileSync(CLEAR_REFS, '5')
  const before = statusKb('VmRSS')
  const result = await work()
  return { result, growth: statusKb('VmHWM') - before }
}
