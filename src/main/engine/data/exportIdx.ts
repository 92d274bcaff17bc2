// IDX files → an ImageFolder tree of PNGs (`<folder>/<class>/<index>.png`), e.g. to try the
// folder importer on real data, or to hand the same images to torchvision.
import fs from 'node:fs'
import path from 'node:path'
import type { IdxSplit } from '../../../shared/dataset'
import { idxClassNames } from './fashionMnist'
import { findIdxFiles, readIdxPairs } from './idx'
import { encodePng } from './png'
import { runPool } from './runPool'

export interface ExportIdxOptions {
  split?: IdxSplit
  limitPerClass?: number
  onProgress?: (done: number, total: number) => void
}

export interface ExportIdxResult {
  folder: string
  classes: { name: string; folder: string; count: number }[]
  written: number
}

/** A class name usable as a folder name everywhere: `T-shirt/top` → `T-shirt-top`. */
export function folderSafeName(name: string, index: number): string {
  const printable = Array.from(name, (ch) => (ch.charCodeAt(0) < 32 ? '-' : ch)).join('')
  const safe = printable.replace(/[/\\:*?"<>|]+/g, '-').replace(/^[\s.]+|[\s.]+$/g, '')
  return safe === '' ? `class-${index}` : safe
}

export async function exportIdxToFolder(
  idxPath: string,
  folder: string,
  options: ExportIdxOptions = {}
): Promise<ExportIdxResult> {
  const pairs = findIdxFiles(idxPath, options.split ?? 'train')
  const set = await readIdxPairs(pairs)
  const classes = idxClassNames(set).map((name, i) => ({
    name,
    folder: folderSafeName(name, i),
    count: 0
  }))
  const area = set.width * set.height * set.channels
  const jobs: { file: string; pixels: Uint8Array }[] = []
  let start = 0
  pairs.forEach((pair, p) => {
    const n = set.counts[p] ?? 0
    // Train images keep MNIST's numbering; test images get a prefix so both fit in one folder.
    const prefix = pair.split === 'test' ? 'test-' : ''
    const digits = Math.max(5, String(n - 1).length)
    for (let k = 0; k < n; k++) {
      const i = start + k
      const cls = classes[set.labels?.[i] ?? 0]
      if (!cls || (options.limitPerClass !== undefined && cls.count >= options.limitPerClass)) {
        continue
      }
      cls.count++
      jobs.push({
        file: path.join(folder, cls.folder, `${prefix}${String(k).padStart(digits, '0')}.png`),
        pixels: set.images.subarray(i * area, (i + 1) * area)
      })
    }
    start += n
  })
  const used = classes.filter((c) => c.count > 0)
  for (const c of used) await fs.promises.mkdir(path.join(folder, c.folder), { recursive: true })
  let done = 0
  await runPool(jobs, 16, async (job) => {
    const png = encodePng(job.pixels, set.width, set.height, set.channels)
    await new Promise<void>((resolve, reject) =>
      fs.writeFile(job.file, png, (err) => (err ? reject(err) : resolve()))
    )
    if (++done % 1000 === 0 || done === jobs.length) options.onProgress?.(done, jobs.length)
  })
  return { folder, classes: used, written: jobs.length }
}
