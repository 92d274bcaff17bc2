import { z } from 'zod'

/** A value that crossed a process boundary and did not match the contract. */
export class ContractError extends Error {
  override name = 'ContractError'
  constructor(
    message: string,
    /** Dotted path of the first offending field, e.g. `args.0.batchSize`. */
    readonly field: string,
    /** What was wrong with it (zod's words), for the UI's `invalid-argument` message. */
    readonly reason = ''
  ) {
    super(message)
  }
}

/** Parses `value` with `schema`, or throws a ContractError naming the field and what was wrong. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string
): z.output<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const path = issue ? issue.path.map(String).join('.') : ''
  const field = path ? `${what}.${path}` : what
  const reason = issue ? issue.message : 'invalid value'
  throw new ContractError(`Invalid ${field}: ${reason}`, field, reason)
}
