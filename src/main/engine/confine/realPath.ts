import { lstatSync, realpathSync } from 'node:fs'
import nodePath from 'node:path'

/**
 * Where a path really leads, and whether it lies inside a folder: the one piece of path
 * logic that main's desktop policy and the engine's serve-mode confinement share.
 */

/** The file system and platform the checks see; tests pass fakes. */
export interface PathEnv {
  /** Resolves every symlink of an existing path; throws when it does not exist. */
  realpath(p: string): string
  /** True when something (a file, folder or a dangling symlink) sits at `p`. */
  exists(p: string): boolean
  path: nodePath.PlatformPath
  /** Windows compares paths without regard to case. */
  caseInsensitive: boolean
}

export const nodePathEnv: PathEnv = {
  realpath: (p) => realpathSync.native(p),
  exists(p) {
    try {
      lstatSync(p)
      return true
    } catch {
      return false
    }
  },
  path: nodePath,
  caseInsensitive: process.platform === 'win32'
}

export function hasParentSegment(p: string, env: PathEnv): boolean {
  const separators = env.path.sep === '\\' ? /[\\/]+/ : /\/+/
  return p.split(separators).includes('..')
}

/**
 * Resolves symlinks along the longest existing prefix of an absolute path and keeps
 * the rest as written, so a folder that is yet to be created (an export target) can
 * be checked too. Returns null when a component exists but cannot be resolved (a
 * dangling symlink could point anywhere once its target is created).
 */
export function resolveReal(p: string, env: PathEnv): string | null {
  let head = env.path.normalize(p)
  const tail: string[] = []
  for (;;) {
    try {
      return env.path.join(env.path.normalize(env.realpath(head)), ...tail)
    } catch {
      if (env.exists(head)) return null
    }
    const parent = env.path.dirname(head)
    if (parent === head) return env.path.join(head, ...tail)
    tail.unshift(env.path.basename(head))
    head = parent
  }
}

/** True when `candidate` is `root` or lies beneath it; both already resolved. */
export function isWithin(root: string, candidate: string, env: PathEnv): boolean {
  const fold = (s: string): string => (env.caseInsensitive ? s.toLowerCase() : s)
  const rel = env.path.relative(fold(root), fold(candidate))
  if (rel === '') return true
  return rel !== '..' && !rel.startsWith('..' + env.path.sep) && !env.path.isAbsolute(rel)
}

export type PathCheck =
  | { ok: true; resolved: string }
  /** Malformed, or a link that cannot be followed: `reason` is a whole clause. */
  | { ok: false; outside: false; reason: string }
  /** Outside every root: `subject` names the path (and where it leads); the caller says why. */
  | { ok: false; outside: true; subject: string; resolved: string }

/**
 * May `candidate` be used, given the folders granted (already resolved)? Refuses relative
 * paths, `..` segments, NUL, and paths whose symlinks lead outside every root. `roots`
 * null checks only the form (absolute on this platform, no `..`).
 */
export function checkPath(
  candidate: unknown,
  roots: Iterable<string> | null,
  env: PathEnv = nodePathEnv
): PathCheck {
  if (typeof candidate !== 'string' || candidate.length === 0 || candidate.includes('\0')) {
    return { ok: false, outside: false, reason: 'is not a valid path' }
  }
  if (!env.path.isAbsolute(candidate)) {
    return { ok: false, outside: false, reason: `"${candidate}" is not an absolute path` }
  }
  if (hasParentSegment(candidate, env)) {
    return {
      ok: false,
      outside: false,
      reason: `"${candidate}" climbs out of its folder with ".."`
    }
  }
  if (roots === null) return { ok: true, resolved: candidate }
  const resolved = resolveReal(candidate, env)
  if (resolved === null) {
    return {
      ok: false,
      outside: false,
      reason: `"${candidate}" cannot be followed (a broken link, or no permission)`
    }
  }
  for (const root of roots) {
    if (isWithin(root, resolved, env)) return { ok: true, resolved }
  }
  const leads = resolved !== env.path.normalize(candidate) ? ` (it leads to "${resolved}")` : ''
  return { ok: false, outside: true, subject: `"${candidate}"${leads}`, resolved }
}
