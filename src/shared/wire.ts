/**
 * JSON for the WebSocket bridge. Structured clone (Electron IPC, MessagePort) carries
 * Uint8Array natively; JSON does not, so PNG bytes travel as `{ $bytes: base64 }`.
 */

const BYTES = '$bytes'

function toBase64(bytes: Uint8Array): string {
  let s = ''
  const chunk = 0x8000
  for (let i = 0; i < bytes.length; i += chunk) {
    s += String.fromCharCode(...bytes.subarray(i, i + chunk))
  }
  return btoa(s)
}

function fromBase64(b64: string): Uint8Array {
  const s = atob(b64)
  const out = new Uint8Array(s.length)
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i)
  return out
}

export function encodeWire(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
    // The holder's raw value: Node's Buffer (a Uint8Array) has a toJSON that runs first.
    const raw = this[key]
    if (raw instanceof Uint8Array) return { [BYTES]: toBase64(raw) }
    if (typeof v === 'number' && !Number.isFinite(v)) return { $number: String(v) }
    return v
  })
}

export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>
      if (typeof o[BYTES] === 'string' && Object.keys(o).length === 1) return fromBase64(o[BYTES])
      if (typeof o.$number === 'string' && Object.keys(o).length === 1) return Number(o.$number)
    }
    return v
  })
}
