// A small seeded PRNG (sfc32, seeded through splitmix32): fast, good enough for shuffling and
// synthetic data, and fully described by (seed, stream), so an order can be rebuilt anywhere.

function splitmix32(state: number): () => number {
  let s = state >>> 0
  return () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (z ^ (z >>> 16)) >>> 0
  }
}

/** Uniform floats in [0, 1), a fixed sequence for each (seed, stream). */
export function createRng(seed: number, stream = 0): () => number {
  // Fold the seed's high bits in too: seeds are any safe integer, not only 32-bit ones.
  const high = Math.floor(seed / 4294967296)
  const mixed = splitmix32(splitmix32(seed >>> 0)() ^ Math.imul(high, 0x85ebca6b))()
  const init = splitmix32(mixed ^ Math.imul(stream >>> 0, 0x9e3779b1))
  let a = init()
  let b = init()
  let c = init()
  let d = init()
  for (let i = 0; i < 12; i++) sfc()
  return sfc

  function sfc(): number {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
}

/** A Fisher–Yates shuffle of 0…n−1 drawn from (seed, stream). */
export function permutation(n: number, seed: number, stream: number): Uint32Array {
  const order = new Uint32Array(n)
  for (let i = 0; i < n; i++) order[i] = i
  const rng = createRng(seed, stream)
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1))
    const t = order[i]!
    order[i] = order[j]!
    order[j] = t
  }
  return order
}
