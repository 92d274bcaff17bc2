import { zipSync } from 'fflate'

/**
 * Generated images as one ZIP for the browser's download: stored, not compressed (PNGs are
 * compressed already, so deflate would only cost time), names in UTF-8. fflate writes it.
 */
export interface ZipEntry {
  name: string
  data: Uint8Array
}

export function makeZip(entries: ZipEntry[], date = new Date()): Uint8Array<ArrayBuffer> {
  const files = Object.fromEntries(
    entries.map((e) => [e.name, [e.data, { level: 0 as const, mtime: date }] as const])
  )
  return zipSync(files) as Uint8Array<ArrayBuffer>
}
