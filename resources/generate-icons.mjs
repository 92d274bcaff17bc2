// Draws GAN Studio's icon — a G over pixels that turn from noise into an image — as
// SVG, and renders what electron-builder needs from it with sharp: icon.png (512),
// icons/<n>x<n>.png (Linux), icon.ico (Windows) and icon.icns (macOS).
// Run: node resources/generate-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs'
import { Buffer } from 'node:buffer'
import { dirname, join } from 'node:path'
import process from 'node:process'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'

const here = dirname(fileURLToPath(import.meta.url))

/** A small seeded generator (mulberry32), so the noise is the same on every run. */
function random(seed) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function mix(a, b, t) {
  return a.map((v, i) => Math.round(v + (b[i] - v) * t))
}

function hex(rgb) {
  return '#' + rgb.map((v) => v.toString(16).padStart(2, '0')).join('')
}

/** Left: noise. Right: a smooth image. In between, the noise gives way column by column. */
function pixels() {
  const next = random(6)
  const cells = 12
  const inset = 40
  const size = (512 - 2 * inset) / cells
  const rects = []
  for (let row = 0; row < cells; row++) {
    for (let col = 0; col < cells; col++) {
      const t = col / (cells - 1)
      const grey = Math.round(next() * 255)
      const noise = [grey, grey, grey]
      // The "image": a warm glow at the lower right.
      const dx = col / (cells - 1) - 0.8
      const dy = row / (cells - 1) - 0.75
      const glow = Math.max(0, 1 - Math.sqrt(dx * dx + dy * dy) * 1.25)
      const image = mix([56, 189, 248], [251, 191, 36], glow)
      const colour = mix(noise, image, Math.min(1, t * t * 1.2))
      const x = inset + col * size
      const y = inset + row * size
      rects.push(
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(size - 3).toFixed(1)}" height="${(size - 3).toFixed(1)}" rx="5" fill="${hex(colour)}"/>`
      )
    }
  }
  return rects.join('')
}

function svg() {
  // The G: a thick arc from the upper right, round the left, to the right middle,
  // then its bar into the centre.
  const r = 138
  const start = (40 * Math.PI) / 180
  const sx = (256 + r * Math.cos(start)).toFixed(1)
  const sy = (256 - r * Math.sin(start)).toFixed(1)
  const g = `M${sx} ${sy} A${r} ${r} 0 1 0 ${256 + r} 256 H262`
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="512" height="512">
<defs>
<linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#1e1b4b"/><stop offset="1" stop-color="#0f172a"/></linearGradient>
<clipPath id="card"><rect x="16" y="16" width="480" height="480" rx="104"/></clipPath>
</defs>
<rect x="16" y="16" width="480" height="480" rx="104" fill="url(#bg)"/>
<g clip-path="url(#card)" opacity="0.7">${pixels()}</g>
<path d="${g}" fill="none" stroke="#0f172a" stroke-opacity="0.55" stroke-width="92" stroke-linejoin="round"/>
<path d="${g}" fill="none" stroke="#ffffff" stroke-width="64" stroke-linejoin="round"/>
</svg>
`
}

async function png(source, size) {
  return sharp(source, { density: 72 * (size / 512) * 2 })
    .resize(size, size)
    .png({ compressionLevel: 9, palette: size <= 64 ? false : true, quality: 90 })
    .toBuffer()
}

/** ICO holding PNG images (Windows Vista and later read them). */
function ico(images) {
  const header = Buffer.alloc(6)
  header.writeUInt16LE(0, 0)
  header.writeUInt16LE(1, 2)
  header.writeUInt16LE(images.length, 4)
  const entries = []
  let offset = 6 + 16 * images.length
  for (const { size, data } of images) {
    const entry = Buffer.alloc(16)
    entry.writeUInt8(size >= 256 ? 0 : size, 0)
    entry.writeUInt8(size >= 256 ? 0 : size, 1)
    entry.writeUInt8(0, 2)
    entry.writeUInt8(0, 3)
    entry.writeUInt16LE(1, 4)
    entry.writeUInt16LE(32, 6)
    entry.writeUInt32LE(data.length, 8)
    entry.writeUInt32LE(offset, 12)
    offset += data.length
    entries.push(entry)
  }
  return Buffer.concat([header, ...entries, ...images.map((i) => i.data)])
}

/** ICNS holding PNG images, one per OSType. */
function icns(images) {
  const chunks = images.map(({ type, data }) => {
    const head = Buffer.alloc(8)
    head.write(type, 0, 'ascii')
    head.writeUInt32BE(data.length + 8, 4)
    return Buffer.concat([head, data])
  })
  const body = Buffer.concat(chunks)
  const head = Buffer.alloc(8)
  head.write('icns', 0, 'ascii')
  head.writeUInt32BE(body.length + 8, 4)
  return Buffer.concat([head, body])
}

const source = Buffer.from(svg())
writeFileSync(join(here, 'icon.svg'), source)

const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024]
const rendered = new Map()
for (const size of sizes) rendered.set(size, await png(source, size))

writeFileSync(join(here, 'icon.png'), rendered.get(512))
mkdirSync(join(here, 'icons'), { recursive: true })
for (const size of [16, 32, 48, 64, 128, 256, 512]) {
  writeFileSync(join(here, 'icons', `${size}x${size}.png`), rendered.get(size))
}
writeFileSync(
  join(here, 'icon.ico'),
  ico([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, data: rendered.get(size) })))
)
writeFileSync(
  join(here, 'icon.icns'),
  icns([
    { type: 'icp4', data: rendered.get(16) },
    { type: 'icp5', data: rendered.get(32) },
    { type: 'icp6', data: rendered.get(64) },
    { type: 'ic07', data: rendered.get(128) },
    { type: 'ic08', data: rendered.get(256) },
    { type: 'ic09', data: rendered.get(512) },
    { type: 'ic10', data: rendered.get(1024) },
    { type: 'ic11', data: rendered.get(32) },
    { type: 'ic12', data: rendered.get(64) },
    { type: 'ic13', data: rendered.get(256) },
    { type: 'ic14', data: rendered.get(512) }
  ])
)
process.stdout.write(`icons written to ${here}\n`)
