/** The address parsed, or undefined where it is not one (every check here refuses those). */
export function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url)
  } catch {
    return undefined
  }
}
