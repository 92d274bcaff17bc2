// The engine's one random module. Two seeded generators, kept apart because saved sessions
// replay from each: sfc32 (seeded through splitmix32) for shuffles, synthetic data, scoring
// and generation, fully described by (seed, stream); mulberry32 for the Lab. Plus the one
// Box–Muller transform, and mix32 for deriving seeds (model initialisers, training steps).
// Nothing here depends on a backend, so draws repeat anywhere.

/** A 32-bit hash of (a, b): neighbouring seeds give unrelated streams. */
export function mix32(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35)
  h ^= h >>> 16
  h = Math.imul(h, 0x7feb352d)
  h ^= h >>> 15
  h = Math.imul(h, 0x846ca68b)
  h ^= h >>> 16
  return h >>> 0
}

/** Distinct, repeatable seeds for each initialiser of a model, derived from one run seed. */
export class SeedSequence {
  private n = 0
  constructor(private readonly base: number) {}
  next(): number {
    this.n += 1
    return mix32(this.base, this.n)
  }
}

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

/**
 * Box–Muller: two independent standard normals from two uniforms on [0, 1), the cosine
 * draw first. 1 − u1 lies in (0, 1], so the log is finite.
 */
export function boxMuller(u1: number, u2: number): [number, number] {
  const radius = Math.sqrt(-2 * Math.log(1 - u1))
  const angle = 2 * Math.PI * u2
  return [radius * Math.cos(angle), radius * Math.sin(angle)]
}

/**
 * mulberry32, the Lab's generator, with Gaussian draws by Box–Muller: both draws of a
 * pair are used, the second kept for the next call.
 */
export class Mulberry32 {
  private state: number
  private spare: number | undefined

  constructor(seed: number) {
    this.state = seed >>> 0
  }

  /** Uniform on [0, 1). */
  uniform(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** Standard normal. */
  normal(): number {
    if (this.spare !== undefined) {
      const s = this.spare
      this.spare = undefined
      return s
    }
    const [first, second] = boxMuller(this.uniform(), this.uniform())
    this.spare = second
    return first
  }
}
