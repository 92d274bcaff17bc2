// Dataset ingest benchmark: decode a folder of images once (cold, no cache), reopen it from
// the cache, and run torchvision's ImageFolder on the same folder as the peer to beat.
// Meant for a Fashion-MNIST folder made with `gan-studio dataset export-idx`.
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { openDataset } from '../engine/data/index'
import { peerScript } from './peerScripts'

export interface IngestBenchResult {
  images: number
  /** First open: scan, decode, cache write. */
  imagesPerSecond: number
  ingestSeconds: number
  /** Second open of the unchanged folder, from the cache. */
  reopenSeconds: number
  /** Peak resident memory of this process so far, in MB. */
  maxRssMB: number
  /** torchvision's ImageFolder + DataLoader on the same folder (decode pass only). */
  peer?: { imagesPerSecond: number; raw: string }
  /** Why the peer did not run, when it did not. */
  peerSkipped?: string
}

export interface IngestBenchOptions {
  folder: string
  cacheDir: string
  /** Default: scripts/bench/peer_imagefolder.py in the repository. */
  peerScript?: string
  python?: string
  /** Run the torchvision peer (default true). */
  peer?: boolean
}

export async function benchDatasetIngest(opts: IngestBenchOptions): Promise<IngestBenchResult> {
  const source = { kind: 'folder' as const, path: path.resolve(opts.folder) }
  // A fresh cache of its own, so the first open really decodes every file.
  fs.mkdirSync(opts.cacheDir, { recursive: true })
  const cacheDir = fs.mkdtempSync(path.join(opts.cacheDir, 'bench-'))
  try {
    // The peer resizes to 28 and converts to gray: the same work, so the same settings.
    const settings = { cacheDir, resolution: 28 as const }
    let t = performance.now()
    const first = await openDataset(source, settings)
    const ingestSeconds = (performance.now() - t) / 1000
    t = performance.now()
    const again = await openDataset(source, settings)
    const reopenSeconds = (performance.now() - t) / 1000
    if (!again.summary.fromCache) throw new Error('The second open did not come from the cache.')

    const result: IngestBenchResult = {
      images: first.dataset.count,
      imagesPerSecond: first.dataset.count / ingestSeconds,
      ingestSeconds,
      reopenSeconds,
      maxRssMB: process.resourceUsage().maxRSS / 1024
    }
    if (opts.peer === false) return { ...result, peerSkipped: 'not asked for' }
    const script = opts.peerScript ?? peerScript('peer_imagefolder.py')
    const python = opts.python ?? '/usr/bin/python3'
    if (!fs.existsSync(script)) return { ...result, peerSkipped: `${script} not found` }
    if (!fs.existsSync(python)) return { ...result, peerSkipped: `${python} not found` }
    try {
      return { ...result, peer: await runPeer(python, script, source.path) }
    } catch (err) {
      return { ...result, peerSkipped: (err as Error).message }
    }
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true })
  }
}

function runPeer(
  python: string,
  script: string,
  folder: string
): Promise<{ imagesPerSecond: number; raw: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      python,
      [script, folder, '--gray'],
      { timeout: 60 * 60 * 1000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) {
          const why = stderr.trim().split('\n').at(-1) ?? err.message
          reject(new Error(`the torchvision peer failed (python3-torchvision installed?): ${why}`))
          return
        }
        const raw = stdout.trim().split('\n').at(-1) ?? ''
        const match = / ([\d.]+) img\/s/.exec(raw)
        if (!match) reject(new Error(`could not read the peer's figure from: ${raw}`))
        else resolve({ imagesPerSecond: Number(match[1]), raw })
      }
    )
  })
}
