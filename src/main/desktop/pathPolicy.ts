import { studioMethods, type StudioMethodName } from '../../shared/api'
import { pathsIn, type FoundPath } from '../../shared/paths'
import { StudioError } from '../../shared/rpc'
import {
  checkPath as checkRealPath,
  hasParentSegment,
  isWithin,
  nodePathEnv,
  resolveReal,
  type PathEnv
} from '../engine/confine/realPath'

/**
 * Main reads only folders the user chose (native dialog or a drop) and the app's own
 * data folder. A renderer that asks for any other path — by mistake or because it was
 * subverted — is refused before the call reaches the engine. Which arguments are paths
 * comes from the contract (every `ReadPathSchema`/`WritePathSchema` in its schemas).
 */

export const CHOOSE_FOLDER_HINT =
  'Choose the folder with File › Open dataset folder… or by dropping it onto the window.'

export type PathCheck = { ok: true; resolved: string } | { ok: false; reason: string }

/** The file system and platform the policy sees; tests pass fakes. */
export type PathPolicyEnv = PathEnv
export const nodePathPolicyEnv: PathPolicyEnv = nodePathEnv
export { isWithin, resolveReal }

/**
 * The policy as one pure function: may `candidate` be used, given the folders granted
 * so far (already resolved)? Refuses relative paths, `..` segments, and paths whose
 * symlinks lead outside every granted folder.
 */
export function checkPath(
  candidate: unknown,
  grantedRoots: Iterable<string>,
  env: PathPolicyEnv = nodePathPolicyEnv
): PathCheck {
  const verdict = checkRealPath(candidate, grantedRoots, env)
  if (verdict.ok) return verdict
  if (!verdict.outside) return { ok: false, reason: verdict.reason }
  return { ok: false, reason: `${verdict.subject} is not in a folder you chose` }
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
      throw new StudioError(
        `Cannot use "${chosen}": expected an absolute path.`,
        'path-not-absolute',
        {
          params: { path: chosen }
        }
      )
    }
    const resolved = resolveReal(chosen, this.env)
    if (resolved === null) {
      throw new StudioError(
        `Cannot use "${chosen}": it cannot be followed (a broken link, or no permission).`,
        'path-unfollowable',
        { params: { path: chosen } }
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
    this.resolveAllowed(candidate, where)
  }

  /** Where an allowed path really leads (its symlinks resolved); throws like `assertAllowed`. */
  resolveAllowed(candidate: unknown, where: string): string {
    const verdict = this.check(candidate)
    if (!verdict.ok) {
      throw new StudioError(
        `Refused ${where}: ${verdict.reason}. ${CHOOSE_FOLDER_HINT}`,
        'path-not-chosen',
        { field: where, params: { where, path: typeof candidate === 'string' ? candidate : '' } }
      )
    }
    return verdict.resolved
  }

  get granted(): readonly string[] {
    return [...this.roots]
  }
}

/**
 * Every path a call carries, with where it sits (`exportGenerator.args.1`) and whether it
 * is read or written: the values at the contract's path schemas, found by walking the
 * method's argument schema. `args` should have passed the contract already.
 */
export function pathsInCall(method: StudioMethodName, args: readonly unknown[]): FoundPath[] {
  return pathsIn(studioMethods[method].args, args, `${method}.args`).filter(
    (p) => p.intent !== 'report'
  )
}
