/**
 * A minimal ZIP writer (stored, no compression: PNGs are compressed already), for downloading
 * generated images from the browser without a library. Local headers, then the central
 * directory, then its end record; names are UTF-8 (flag bit 11).
 */
const CRC_TABLE = (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()

export function crc32(data: Uint8Array): number {
  let c = 0xffffffff
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

export interface ZipEntry {
  name: string
  data: Uint8Array
}

export function makeZip(entries: ZipEntry[], date = new Date()): Uint8Array<ArrayBuffer> {
  const enc = new TextEncoder()
  // MS-DOS time and date, as every unzip expects.
  const time = (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1)
  const day = ((date.getFullYear() - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate()
  const names = entries.map((e) => enc.encode(e.name))
  const local = entries.reduce((n, e, i) => n + 30 + names[i]!.length + e.data.length, 0)
  const central = names.reduce((n, name) => n + 46 + name.length, 0)
  const out = new Uint8Array(local + central + 22)
  const view = new DataView(out.buffer)
  let at = 0
  const u16 = (v: number) => (view.setUint16(at, v, true), (at += 2))
  const u32 = (v: number) => (view.setUint32(at, v >>> 0, true), (at += 4))
  const offsets: number[] = []
  const crcs = entries.map((e) => crc32(e.data))
  entries.forEach((e, i) => {
    offsets.push(at)
    u32(0x04034b50)
    u16(20) // version needed
    u16(0x0800) // UTF-8 names
    u16(0) // stored
    u16(time)
    u16(day)
    u32(crcs[i]!)
    u32(e.data.length)
    u32(e.data.length)
    u16(names[i]!.length)
    u16(0)
    out.set(names[i]!, at)
    at += names[i]!.length
    out.set(e.data, at)
    at += e.data.length
  })
  const centralStart = at
  entries.forEach((e, i) => {
    u32(0x02014b50)
    u16(20) // made by
    u16(20)
    u16(0x0800)
    u16(0)
    u16(time)
    u16(day)
    u32(crcs[i]!)
    u32(e.data.length)
    u32(e.data.length)
    u16(names[i]!.length)
    u16(0) // extra
    u16(0) // comment
    u16(0) // disk
    u16(0) // internal attributes
    u32(0) // external attributes
    u32(offsets[i]!)
    out.set(names[i]!, at)
    at += names[i]!.length
  })
  const centralSize = at - centralStart
  u32(0x06054b50)
  u16(0)
  u16(0)
  u16(entries.length)
  u16(entries.length)
  u32(centralSize)
  u32(centralStart)
  u16(0)
  return out
}
