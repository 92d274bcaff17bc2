/** An engine error as one readable sentence, whatever shape it arrived in. */
export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message
  return typeof err === 'string' ? err : 'Something went wrong in the engine.'
}
