/**
 * What survives a reload of the page: the view, the opened dataset, the selected run and
 * checkpoint. Kept in localStorage under keys that start with PREFIX; a value that no longer
 * parses is ignored.
 */
export const PREFIX = 'gan-studio.'

export function loadSaved<T>(key: string, valid: (v: unknown) => v is T): T | undefined {
  try {
    const text = globalThis.localStorage?.getItem(PREFIX + key)
    if (text == null) return undefined
    const value = JSON.parse(text) as unknown
    return valid(value) ? value : undefined
  } catch {
    return undefined
  }
}

export function save(key: string, value: unknown): void {
  try {
    if (value === undefined) globalThis.localStorage?.removeItem(PREFIX + key)
    else globalThis.localStorage?.setItem(PREFIX + key, JSON.stringify(value))
  } catch {
    // Storage full or disabled: the studio works, it only forgets on reload.
  }
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v)
