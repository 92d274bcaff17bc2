import { describe, expect, it } from 'vitest'
import { decodeWire, encodeWire } from '../../src/shared/wire'

describe('the WebSocket wire format', () => {
  it('round-trips bytes, non-finite numbers and plain JSON', () => {
    const png = new Uint8Array(100_000).map((_, i) => (i * 7) % 256)
    const value = {
      png,
      nested: [{ b: new Uint8Array([0, 255]) }],
      loss: NaN,
      inf: -Infinity,
      s: 'x'
    }
    const back = decodeWire(encodeWire(value)) as typeof value
    expect(back.png).toBeInstanceOf(Uint8Array)
    expect(Array.from(back.png)).toEqual(Array.from(png))
    expect(Array.from(back.nested[0]!.b)).toEqual([0, 255])
    expect(back.loss).toBeNaN()
    expect(back.inf).toBe(-Infinity)
    expect(back.s).toBe('x')
  })

  it('carries a Node Buffer (what sharp returns) as bytes, not as its toJSON form', () => {
    const back = decodeWire(encodeWire({ png: Buffer.from([1, 2, 3]) })) as { png: Uint8Array }
    expect(back.png).toBeInstanceOf(Uint8Array)
    expect(Array.from(back.png)).toEqual([1, 2, 3])
  })
})
