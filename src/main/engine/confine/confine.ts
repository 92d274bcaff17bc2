import { studioMethods, type StudioHandlers, type StudioMethodName } from '../../../shared/api'
import { mapPaths, pathSlots } from '../../../shared/paths'
import { StudioError } from '../../../shared/rpc'
import { checkPath, nodePathEnv, resolveReal, type PathEnv } from './realPath'

/**
 * The engine's confinement. In `gan-studio serve` the engine reads and writes only under
 * its data folder and the folders given with `--allow`; elsewhere (the desktop app, whose
 * main process polices paths with the user's grants) it checks only that each path is
 * absolute and has no `..`. Which arguments are paths comes from the contract's schemas.
 */
export class Confinement {
  /** Resolved roots; null: no confinement, only the form of each path is checked. */
  readonly roots: readonly string[] | null

  constructor(
    roots: readonly string[] | null,
    private readonly env: PathEnv = nodePathEnv
  ) {
    this.roots =
      roots &&
      roots.map((root) => {
        const absolute = env.path.resolve(root)
        return resolveReal(absolute, env) ?? absolute
      })
  }

  /**
   * The path to use instead of `candidate` (symlinks resolved, so a link swapped in after
   * this check cannot redirect the call), or a StudioError saying how to allow it.
   */
  resolve(candidate: unknown, where: string): string {
    const verdict = checkPath(candidate, this.roots, this.env)
    if (verdict.ok) return verdict.resolved
    if (!verdict.outside) {
      throw new StudioError(`Refused ${where}: ${verdict.reason}.`, 'path-invalid', {
        field: where,
        params: { where, reason: verdict.reason }
      })
    }
    const [dataDir, ...allowed] = this.roots ?? []
    const allowedText = allowed.length
      ? `its data folder "${dataDir}" and ${allowed.map((a) => `"${a}"`).join(', ')}`
      : `its data folder "${dataDir}"`
    throw new StudioError(
      `Refused ${where}: ${verdict.subject} is outside the folders this server may use ` +
        `(${allowedText}). To allow it, restart the server with ` +
        `gan-studio serve --allow "${verdict.resolved}"`,
      'path-refused',
      {
        field: where,
        params: {
          where,
          path: typeof candidate === 'string' ? candidate : verdict.resolved,
          allowed: [dataDir, ...allowed].map((a) => `"${a}"`).join(', '),
          resolved: verdict.resolved
        }
      }
    )
  }
}

/** Methods whose arguments hold a path, found from the contract. */
export function methodsTakingPaths(): StudioMethodName[] {
  return (Object.keys(studioMethods) as StudioMethodName[]).filter((name) =>
    pathSlots(studioMethods[name].args).some((s) => s.intent !== 'report')
  )
}

/**
 * Wraps every handler whose arguments hold paths: each path is checked (and replaced by
 * where it really leads) before the handler sees it. Arguments arrive already parsed.
 */
export function confineHandlers<H extends Partial<StudioHandlers>>(
  handlers: H,
  confinement: Confinement
): H {
  const out: Record<string, unknown> = { ...handlers }
  for (const name of methodsTakingPaths()) {
    const handler = handlers[name] as ((...args: unknown[]) => Promise<unknown>) | undefined
    if (!handler) continue
    const schema = studioMethods[name].args
    out[name] = async (...args: unknown[]) => {
      const checked = mapPaths(schema, args, `${name}.args`, (found) =>
        found.intent === 'report' ? found.value : confinement.resolve(found.value, found.where)
      ) as unknown[]
      return handler(...checked)
    }
  }
  return out as H
}
