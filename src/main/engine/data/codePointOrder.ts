/**
 * Orders strings by Unicode code point, as Python's `sorted` does (torchvision sorts class
 * folders that way). JavaScript's `<` compares UTF-16 code units, which puts characters
 * above U+FFFF (stored as surrogates, 0xD800–0xDFFF) before U+E000–U+FFFF; shifting the
 * code units restores code-point order for well-formed strings.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) return rank(x) - rank(y)
  }
  return a.length - b.length
}

function rank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000
  if (unit >= 0xe000) return unit - 0x800
  return unit
}
