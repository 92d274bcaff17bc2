import { describe, expect, it } from 'vitest'
import {
  boxMuller,
  createRng,
  mix32,
  Mulberry32,
  permutation,
  SeedSequence
} from '../../../../src/main/engine/data/prng'
import * as initializers from '../../../../src/main/engine/models/initializers'

// The first draws are pinned: saved runs, checkpoints and Lab sessions replay from these
// sequences, so a change here would silently change every seeded output.

const draws = (next: () => number, n: number) => Array.from({ length: n }, next)

describe('the random module', () => {
  it('sfc32 repeats per (seed, stream), with its known first values', () => {
    expect(draws(createRng(42), 3)).toEqual([
      0.47790122078731656, 0.3545153704471886, 0.28464913950301707
    ])
    expect(draws(createRng(42, 1), 2)).toEqual([0.39276809338480234, 0.838255645474419])
    expect(draws(createRng(42), 100)).toEqual(draws(createRng(42), 100))
    expect(createRng(42, 1)()).not.toBe(createRng(42, 2)())
    expect(createRng(41)()).not.toBe(createRng(42)())
  })

  it('sfc32 uses a seed’s high bits too', () => {
    expect(createRng(2 ** 40 + 5)()).toBe(0.7341188788414001)
    expect(createRng(2 ** 40 + 5)()).not.toBe(createRng(5)())
  })

  it('draws stay in [0, 1)', () => {
    for (const v of draws(createRng(7), 10_000)) {
      expect(v).toBeGreaterThanOrEqual(0)
      expect(v).toBeLessThan(1)
    }
    const lab = new Mulberry32(7)
    for (let i = 0; i < 10_000; i++) {
      const v = lab.uniform()
      expect(v >= 0 && v < 1).toBe(true)
    }
  })

  it('mix32 and SeedSequence derive the same seeds as before', () => {
    expect([mix32(0, 1), mix32(1, 1), mix32(42, 0x5a3e)]).toEqual([
      723134857, 3759788549, 674462165
    ])
    const seq = new SeedSequence(7)
    expect([seq.next(), seq.next()]).toEqual([376851703, 892725184])
    expect(new SeedSequence(7).next()).toBe(mix32(7, 1))
    // The models' old import path names the very same functions.
    expect(initializers.mix32).toBe(mix32)
    expect(initializers.SeedSequence).toBe(SeedSequence)
  })

  it('mulberry32 keeps its known draws, the second normal of a pair kept for the next call', () => {
    const rng = new Mulberry32(1)
    expect([rng.uniform(), rng.uniform()]).toEqual([0.6270739405881613, 0.002735721180215478])
    const normals = [rng.normal(), rng.normal()]
    expect(normals).toEqual([1.2157546192705377, -0.14543594087912323])
    // The pair came from two uniforms through the one Box–Muller transform.
    const again = new Mulberry32(1)
    again.uniform()
    again.uniform()
    expect(boxMuller(again.uniform(), again.uniform())).toEqual(normals)
  })

  it('Box–Muller is finite at u1 = 0 and gives standard normals', () => {
    const [a, b] = boxMuller(0, 0.3)
    expect(Number.isFinite(a) && Number.isFinite(b)).toBe(true)
    const rng = createRng(3)
    const xs = Array.from({ length: 20_000 }, () => boxMuller(rng(), rng())[0])
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length
    expect(Math.abs(mean)).toBeLessThan(0.03)
    expect(Math.abs(variance - 1)).toBeLessThan(0.05)
  })

  it('permutation is a seeded shuffle of 0…n−1', () => {
    expect(Array.from(permutation(8, 3, 0))).toEqual([5, 0, 4, 6, 7, 3, 2, 1])
    const p = Array.from(permutation(1000, 9, 2))
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i))
    expect(Array.from(permutation(1000, 9, 2))).toEqual(p)
    expect(Array.from(permutation(1000, 9, 3))).not.toEqual(p)
  })
})
