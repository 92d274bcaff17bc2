/** ∫ f over [a, b] by Simpson's rule on n (even) intervals. */
export function simpson(f: (x: number) => number, a: number, b: number, n = 20_000): number {
  const h = (b - a) / n
  let s = f(a) + f(b)
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(a + i * h)
  return (s * h) / 3
}

/** JS(p ‖ q) of two densities by numerical integration: ½∫p log(2p/(p+q)) + ½∫q log(2q/(p+q)). */
export function jsByIntegration(
  p: (x: number) => number,
  q: (x: number) => number,
  a: number,
  b: number
): number {
  const term = (u: number, v: number): number => (u > 0 ? u * Math.log((2 * u) / (u + v)) : 0)
  return simpson((x) => 0.5 * term(p(x), q(x)) + 0.5 * term(q(x), p(x)), a, b)
}
