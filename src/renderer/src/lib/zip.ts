import { zipSync, type Zippable } from 'fflate'

/**
 * Generated images as one ZIP for the browser's download: stored, not compressed (PNGs are
 * compressed already, so deflate would only cost time), names in UTF-8. fflate writes it.
 */
export interface ZipEntry {
  name: string
  data: Uint8Array
}

export function makeZip(entries: ZipEntry[], date = new Date()): Uint8Array<ArrayBuffer> {
  const files: Zippable = {}
  for (const e of entries) files[e.name] = [e.data, { level: 0, mtime: date }]
  return zipSync(files) as Uint8Array<ArrayBuffer>
}
