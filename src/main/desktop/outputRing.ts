/**
 * The last lines a child process printed, kept so that a crash report can show them.
 * Chunks are split into lines per stream; a line still being written is kept aside
 * until its newline (or `flush`) arrives.
 */
export class OutputRing {
  private readonly lines: string[] = []
  private readonly partial = new Map<string, string>()

  constructor(
    private readonly capacity = 200,
    private readonly maxLineLength = 2000
  ) {}

  /** Appends a chunk of a stream's output; returns the complete lines it finished. */
  write(stream: string, chunk: string): string[] {
    const text = (this.partial.get(stream) ?? '') + chunk
    const parts = text.split(/\r?\n/)
    this.partial.set(stream, parts.pop() ?? '')
    for (const line of parts) this.push(line)
    return parts
  }

  /** Ends a stream: its unfinished line, if any, becomes a line. */
  flush(stream: string): string[] {
    const rest = this.partial.get(stream)
    this.partial.delete(stream)
    if (!rest) return []
    this.push(rest)
    return [rest]
  }

  push(line: string): void {
    const clipped =
      line.length > this.maxLineLength ? `${line.slice(0, this.maxLineLength)}…` : line
    this.lines.push(clipped)
    if (this.lines.length > this.capacity) this.lines.splice(0, this.lines.length - this.capacity)
  }

  /** The kept lines, oldest first, plus any unfinished ones. */
  text(lastN = this.capacity): string {
    const unfinished = [...this.partial.values()].filter((s) => s.length > 0)
    return [...this.lines, ...unfinished].slice(-lastN).join('\n')
  }

  clear(): void {
    this.lines.length = 0
    this.partial.clear()
  }
}
