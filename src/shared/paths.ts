import { z } from 'zod'

/**
 * Paths as a type. Every argument or field of the contract that names a file or folder
 * is one of the schemas below, and each is registered in `pathRegistry` with what it is
 * for. Main's path policy and the engine's confinement find the paths of a call by
 * walking the method's schema (`pathsIn`), never by guessing from key names, so a path
 * added to the contract is policed without touching either. Imports only zod: the
 * renderer loads this file too.
 */

/** `read`: the engine reads there; `write`: it creates files there; `report`: a path it tells you. */
export type PathIntent = 'read' | 'write' | 'report'

export const pathRegistry = z.registry<{ intent: PathIntent }>()

export const MAX_PATH_LENGTH = 4096

const WINDOWS_ABSOLUTE = /^(?:[A-Za-z]:[\\/]|\\\\[^\\/]+[\\/][^\\/]+)/

/** Absolute on POSIX (`/…`) or on Windows (`C:\…`, `\\server\share`); the engine's platform decides in the end. */
export function looksAbsolute(p: string): boolean {
  return p.startsWith('/') || WINDOWS_ABSOLUTE.test(p)
}

export function hasParentSegment(p: string): boolean {
  return p.split(/[\\/]+/).includes('..')
}

/** Why a string cannot be a path argument, or null when it can. */
export function pathProblem(p: string): string | null {
  if (p.length === 0) return 'a path is required'
  if (p.includes('\0')) return 'a path cannot contain a NUL character'
  if (!looksAbsolute(p)) {
    return `"${p}" is a relative path; give the full path from the root (like /home/me/pictures or C:\\Users\\me\\Pictures)`
  }
  if (hasParentSegment(p))
    return `"${p}" climbs out of its folder with ".."; give the folder itself`
  return null
}

function pathSchema(intent: 'read' | 'write') {
  return z
    .string()
    .max(MAX_PATH_LENGTH, `a path is at most ${MAX_PATH_LENGTH} characters`)
    .superRefine((p, ctx) => {
      const problem = pathProblem(p)
      if (problem) ctx.addIssue({ code: 'custom', message: problem })
    })
    .brand<'AbsolutePath', 'out'>()
    .register(pathRegistry, { intent })
}

/** An absolute path the engine reads from (a dataset folder, an IDX file, a path to show). */
export const ReadPathSchema = pathSchema('read')
/** An absolute folder the engine writes into (an export, saved images). */
export const WritePathSchema = pathSchema('write')
/** A path the engine or main reports back (a run's folder, written files): not policed. */
export const ReportedPathSchema = z.string().register(pathRegistry, { intent: 'report' })

/** A path argument after validation: absolute, no `..`, no NUL. */
export type AbsolutePath = z.output<typeof ReadPathSchema>

/** Brands a string that passed `pathProblem` (throws otherwise). */
export function absolutePath(p: string): AbsolutePath {
  return ReadPathSchema.parse(p)
}

/** One path found in a value, with where it sits (`exportGenerator.args.1`) and why it is there. */
export interface FoundPath {
  where: string
  value: string
  intent: PathIntent
}

type Def = {
  type: string
  shape?: Record<string, z.ZodType>
  items?: z.ZodType[]
  rest?: z.ZodType | null
  element?: z.ZodType
  options?: z.ZodType[]
  innerType?: z.ZodType
  in?: z.ZodType
  out?: z.ZodType
  left?: z.ZodType
  right?: z.ZodType
  valueType?: z.ZodType
  getter?: () => z.ZodType
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def

/**
 * Walks `value` along `schema`; at each node registered in `pathRegistry` whose value is a
 * string, calls `visit` and puts what it returns in the copy. Unions follow the option the
 * value parses as. The value should already have passed `schema`; what does not fit is kept.
 */
export function mapPaths(
  schema: z.ZodType,
  value: unknown,
  where: string,
  visit: (found: FoundPath) => string
): unknown {
  const meta = pathRegistry.get(schema)
  if (meta) return typeof value === 'string' ? visit({ where, value, intent: meta.intent }) : value
  const def = defOf(schema)
  const at = (key: string | number): string => `${where}.${key}`
  switch (def.type) {
    case 'object': {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return value
      const out: Record<string, unknown> = { ...(value as Record<string, unknown>) }
      for (const [key, child] of Object.entries(def.shape ?? {})) {
        if (Object.hasOwn(out, key)) out[key] = mapPaths(child, out[key], at(key), visit)
      }
      return out
    }
    case 'tuple': {
      if (!Array.isArray(value)) return value
      return value.map((v, i) => {
        const child = def.items?.[i] ?? def.rest
        return child ? mapPaths(child, v, at(i), visit) : v
      })
    }
    case 'array':
      return Array.isArray(value) && def.element
        ? value.map((v, i) => mapPaths(def.element!, v, at(i), visit))
        : value
    case 'record': {
      if (!value || typeof value !== 'object' || !def.valueType) return value
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, mapPaths(def.valueType!, v, at(k), visit)])
      )
    }
    case 'union': {
      const option = def.options?.find((o) => o.safeParse(value).success)
      return option ? mapPaths(option, value, where, visit) : value
    }
    case 'intersection': {
      const left = mapPaths(def.left!, value, where, visit)
      return mapPaths(def.right!, left, where, visit)
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      if (value === undefined || value === null) return value
      return def.innerType ? mapPaths(def.innerType, value, where, visit) : value
    case 'pipe':
      return def.in ? mapPaths(def.in, value, where, visit) : value
    case 'lazy':
      return def.getter ? mapPaths(def.getter(), value, where, visit) : value
    default:
      return value
  }
}

/** Every path in `value` (a method's arguments, say), found through its schema. */
export function pathsIn(schema: z.ZodType, value: unknown, where: string): FoundPath[] {
  const found: FoundPath[] = []
  mapPaths(schema, value, where, (f) => {
    found.push(f)
    return f.value
  })
  return found
}

/** The path nodes a schema can hold, without a value: for listing which methods take paths. */
export function pathSlots(
  schema: z.ZodType,
  where = '',
  seen = new Set<z.ZodType>()
): { where: string; intent: PathIntent }[] {
  const meta = pathRegistry.get(schema)
  if (meta) return [{ where, intent: meta.intent }]
  if (seen.has(schema)) return []
  seen.add(schema)
  const def = defOf(schema)
  const at = (key: string | number): string => (where ? `${where}.${key}` : String(key))
  const children: [z.ZodType, string][] = []
  switch (def.type) {
    case 'object':
      for (const [k, c] of Object.entries(def.shape ?? {})) children.push([c, at(k)])
      break
    case 'tuple':
      def.items?.forEach((c, i) => children.push([c, at(i)]))
      if (def.rest) children.push([def.rest, at('*')])
      break
    case 'array':
      if (def.element) children.push([def.element, at('*')])
      break
    case 'record':
      if (def.valueType) children.push([def.valueType, at('*')])
      break
    case 'union':
      for (const o of def.options ?? []) children.push([o, where])
      break
    case 'intersection':
      children.push([def.left!, where], [def.right!, where])
      break
    case 'pipe':
      if (def.in) children.push([def.in, where])
      break
    case 'lazy':
      if (def.getter) children.push([def.getter(), where])
      break
    default:
      if (def.innerType) children.push([def.innerType, where])
  }
  const out: { where: string; intent: PathIntent }[] = []
  for (const [c, w] of children) {
    for (const slot of pathSlots(c, w, seen)) {
      if (!out.some((s) => s.where === slot.where)) out.push(slot)
    }
  }
  // A guard against recursive (lazy) schemas only: a schema may appear in several places.
  seen.delete(schema)
  return out
}
