import { lstatSync, realpathSync } from 'node:fs'
import nodePath from 'node:path'
import type { StudioMethodName } from '../../shared/api'
import { StudioError } from '../../shared/rpc'

/**
 * Main reads only folders the user chose (native dialog or a drop) and the app's own
 * data folder. A renderer that asks for any other path — by mistake or because it was
 * subverted — is refused before the call reaches the engine.
 */

export const CHOOSE_FOLDER_HINT =
  'Choose the folder with File › Open dataset folder… or by dropping it onto the window.'

export type PathCheck = { ok: true; resolved: string } | { ok: false; reason: string }

/** The file system and platform the policy sees; tests pass fakes. */
export interface PathPolicyEnv {
  /** Resolves every symlink of an existing path; throws when it does not exist. */
  realpath(p: string): string
  /** True when something (a file, folder or a dangling symlink) sits at `p`. */
  exists(p: string): boolean
  path: nodePath.PlatformPath
  /** Windows compares paths without regard to case. */
  caseInsensitive: boolean
}

export const nodePathPolicyEnv: PathPolicyEnv = {
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

function hasParentSegment(p: string, env: PathPolicyEnv): boolean {
  const separators = env.path.sep === '\\' ? /[\\/]+/ : /\/+/
  return p.split(separators).includes('..')
}

/**
 * Resolves symlinks along the longest existing prefix of an absolute path and keeps
 * the rest as written, so a folder that is yet to be created (an export target) can
 * be checked too. Returns null when a component exists but cannot be resolved (a
 * dangling symlink could point anywhere once its target is created).
 */
export function resolveReal(p: string, env: PathPolicyEnv): string | null {
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
export function isWithin(root: string, candidate: string, env: PathPolicyEnv): boolean {
  const fold = (s: string): string => (env.caseInsensitive ? s.toLowerCase() : s)
  const rel = env.path.relative(fold(root), fold(candidate))
  if (rel === '') return true
  return rel !== '..' && !rel.startsWith('..' + env.path.sep) && !env.path.isAbsolute(rel)
}

/**
 * The policy as one pure function: may `candidate` be read, given the folders granted
 * so far (already resolved)? Refuses relative paths, `..` segments, and paths whose
 * symlinks lead outside every granted folder.
 */
export function checkPath(
  candidate: unknown,
  grantedRoots: Iterable<string>,
  env: PathPolicyEnv = nodePathPolicyEnv
): PathCheck {
  if (typeof candidate !== 'string' || candidate.length === 0 || candidate.includes('\0')) {
    return { ok: false, reason: 'is not a valid path' }
  }
  if (!env.path.isAbsolute(candidate)) {
    return { ok: false, reason: `"${candidate}" is not an absolute path` }
  }
  if (hasParentSegment(candidate, env)) {
    return { ok: false, reason: `"${candidate}" climbs out of its folder with ".."` }
  }
  const resolved = resolveReal(candidate, env)
  if (resolved === null) {
    return {
      ok: false,
      reason: `"${candidate}" cannot be followed (a broken link, or no permission)`
    }
  }
  for (const root of grantedRoots) {
    if (isWithin(root, resolved, env)) return { ok: true, resolved }
  }
  return {
    ok: false,
    reason: `"${candidate}" is not in a folder you chose${resolved !== env.path.normalize(candidate) ? ` (it leads to "${resolved}")` : ''}`
  }
}

/** The folders this session may read: the app's data folder plus every one the user chose. */
export class FolderGrants {
  private readonly roots = new Set<string>()

  constructor(
    alwaysGranted: readonly string[],
    private readonly env: PathPolicyEnv = nodePathPolicyEnv
  ) {
    for (const root of alwaysGranted) this.grant(root)
  }

  /** Grants a folder (or file) the user chose; returns its resolved path. */
  grant(chosen: string): string {
    if (!this.env.path.isAbsolute(chosen) || hasParentSegment(chosen, this.env)) {
      throw new StudioError(`Cannot use "${chosen}": expected an absolute path.`, 'path-refused')
    }
    const resolved = resolveReal(chosen, this.env)
    if (resolved === null) {
      throw new StudioError(
        `Cannot use "${chosen}": it cannot be followed (a broken link, or no permission).`,
        'path-refused'
      )
    }
    this.roots.add(resolved)
    return resolved
  }

  check(candidate: unknown): PathCheck {
    return checkPath(candidate, this.roots, this.env)
  }

  /** Throws a StudioError that tells the person how to give access. */
  assertAllowed(candidate: unknown, where: string): void {
    const verdict = this.check(candidate)
    if (!verdict.ok) {
      throw new StudioError(
        `Refused ${where}: ${verdict.reason}. ${CHOOSE_FOLDER_HINT}`,
        'path-refused',
        where
      )
    }
  }

  get granted(): readonly string[] {
    return [...this.roots]
  }
}

/** Methods whose positional arguments are themselves paths. */
const PATH_ARGUMENTS: Partial<Record<StudioMethodName, readonly number[]>> = {
  revealPath: [0]
}

const PATH_KEY =
  /^(path|paths|dir|folder|file|files)$|(Path|Paths|Dir|Dirs|Folder|Folders|File|Files)$/

/**
 * Every path a call carries, with where it sits (`openDataset.args.0.path`): the
 * positional path arguments, values under path-like keys (`path`, `imagesFile`,
 * `outDir`…), and any other string that is an absolute path. Generic on purpose: a
 * method added to the contract is covered without touching this list.
 */
export function pathsInCall(
  method: StudioMethodName,
  args: readonly unknown[],
  pathApi: nodePath.PlatformPath = nodePath
): { where: string; value: unknown }[] {
  const found: { where: string; value: unknown }[] = []
  const positional = new Set(PATH_ARGUMENTS[method] ?? [])

  const visit = (value: unknown, where: string, pathLike: boolean, depth: number): void => {
    if (depth > 32) return
    if (typeof value === 'string') {
      if (pathLike || pathApi.isAbsolute(value)) found.push({ where, value })
      return
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, `${where}.${i}`, pathLike, depth + 1))
      return
    }
    if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) {
      for (const [key, v] of Object.entries(value)) {
        visit(v, `${where}.${key}`, PATH_KEY.test(key), depth + 1)
      }
    }
  }
  args.forEach((arg, i) => visit(arg, `${method}.args.${i}`, positional.has(i), 0))
  return found
}
