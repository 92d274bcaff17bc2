import fs from 'node:fs'
import { vi } from 'vitest'

type FsFunction = 'readdirSync' | 'openSync' | 'open'

/**
 * Makes one fs function fail with EACCES for one path, as mode 000 would for a normal user.
 * Tests running as root need it: root reads files whatever their mode. 'open' is
 * fs.promises.open.
 */
export function refuse(name: FsFunction, target: string) {
  const denied = () =>
    Object.assign(new Error(`EACCES: permission denied, open '${target}'`), { code: 'EACCES' })
  if (name === 'open') {
    const real = fs.promises.open
    return vi.spyOn(fs.promises, 'open').mockImplementation(((...args: unknown[]) => {
      if (String(args[0]) !== target) return real.apply(fs.promises, args as never)
      return Promise.reject(denied())
    }) as never)
  }
  const real = fs[name] as (...args: unknown[]) => unknown
  return vi.spyOn(fs, name).mockImplementation(((...args: unknown[]) => {
    if (String(args[0]) !== target) return real.apply(fs, args)
    throw denied()
  }) as never)
}
