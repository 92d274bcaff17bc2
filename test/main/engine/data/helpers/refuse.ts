import fs from 'node:fs'
import { vi } from 'vitest'

type FsFunction = 'readdirSync' | 'readFileSync' | 'readFile'

/**
 * Makes one fs function fail with EACCES for one path, as mode 000 would for a normal user.
 * Tests running as root need it: root reads files whatever their mode.
 */
export function refuse(name: FsFunction, target: string) {
  const real = fs[name] as (...args: unknown[]) => unknown
  const denied = () =>
    Object.assign(new Error(`EACCES: permission denied, open '${target}'`), { code: 'EACCES' })
  return vi.spyOn(fs, name).mockImplementation(((...args: unknown[]) => {
    if (String(args[0]) !== target) return real.apply(fs, args)
    const callback = args.at(-1)
    if (name === 'readFile' && typeof callback === 'function') {
      process.nextTick(() => (callback as (err: Error) => void)(denied()))
      return undefined
    }
    throw denied()
  }) as never)
}
