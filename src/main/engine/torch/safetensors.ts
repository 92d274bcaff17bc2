/**
 * The safetensors format (huggingface/safetensors): an 8-byte little-endian header length, a
 * JSON header naming each tensor's dtype, shape and byte range, then the raw little-endian
 * data. It is how weights cross between the studio and PyTorch: no pickle, no dependency on
 * either side (train.py reads and writes it with a few lines of numpy).
 */

export interface NamedArray {
  dtype: 'F32'
  shape: number[]
  data: Float32Array
}

export type TensorMap = Map<string, NamedArray>

interface HeaderEntry {
  dtype: string
  shape: number[]
  data_offsets: [number, number]
}

export function encodeSafetensors(
  tensors: TensorMap,
  metadata: Record<string, string> = {}
): Uint8Array {
  const header: Record<string, unknown> = {}
  let offset = 0
  for (const [name, t] of tensors) {
    const bytes = t.data.byteLength
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes] }
    offset += bytes
  }
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata
  let json = Buffer.from(JSON.stringify(header), 'utf8')
  // The data starts 8-aligned, as the format recommends.
  const pad = (8 - (json.length % 8)) % 8
  json = Buffer.concat([json, Buffer.alloc(pad, 0x20)])
  const out = new Uint8Array(8 + json.length + offset)
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true)
  out.set(json, 8)
  let at = 8 + json.length
  for (const t of tensors.values()) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at)
    at += t.data.byteLength
  }
  return out
}

/** Reads F32 tensors (I64 ones, such as BatchNorm's counter, as float32) and the metadata. */
export function decodeSafetensors(
  bytes: Uint8Array,
  what = 'safetensors file'
): { tensors: TensorMap; metadata: Record<string, string> } {
  if (bytes.byteLength < 8) throw new Error(`${what} is too short to be a safetensors file.`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const length = Number(view.getBigUint64(0, true))
  if (8 + length > bytes.byteLength)
    throw new Error(`${what} is truncated (its header runs past its end).`)
  let header: Record<string, HeaderEntry | Record<string, string>>
  try {
    header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + length)).toString('utf8'))
  } catch {
    throw new Error(`${what} has a damaged header (not JSON).`)
  }
  const body = bytes.subarray(8 + length)
  const tensors: TensorMap = new Map()
  let metadata: Record<string, string> = {}
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = entry as Record<string, string>
      continue
    }
    const {
      dtype,
      shape,
      data_offsets: [begin, end]
    } = entry as HeaderEntry
    if (end > body.byteLength)
      throw new Error(`${what} is truncated (tensor ${name} runs past its end).`)
    const count = shape.reduce((a, b) => a * b, 1)
    // A view, not a copy: Buffer's slice shares its (possibly pooled) memory.
    const sliceView = new DataView(body.buffer, body.byteOffset + begin, end - begin)
    const data = new Float32Array(count)
    if (dtype === 'F32' && end - begin === count * 4) {
      for (let i = 0; i < count; i++) data[i] = sliceView.getFloat32(i * 4, true)
    } else if (dtype === 'I64' && end - begin === count * 8) {
      for (let i = 0; i < count; i++) data[i] = Number(sliceView.getBigInt64(i * 8, true))
    } else {
      throw new Error(
        `${what}: tensor ${name} is ${dtype} of ${end - begin} bytes; expected F32 or I64 for shape [${shape.join(', ')}].`
      )
    }
    tensors.set(name, { dtype: 'F32', shape, data })
  }
  return { tensors, metadata }
}
