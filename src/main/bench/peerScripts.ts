import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The PyTorch peers the bench compares against, kept in the repository (scripts/bench/). */
export type PeerScript = 'peer_dcgan.py' | 'peer_imagefolder.py'

/**
 * scripts/bench/<name> in the repository this code runs from: the first folder upwards
 * holding package.json (from src/main/bench or the build's out/main), else the working
 * directory. A packaged app ships no scripts; the bench then says the peer is missing.
 */
export function peerScript(name: PeerScript, moduleUrl: string = import.meta.url): string {
  const candidates: string[] = []
  let dir = dirname(fileURLToPath(moduleUrl))
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json'))) candidates.push(join(dir, 'scripts', 'bench', name))
    dir = dirname(dir)
  }
  candidates.push(resolve(process.cwd(), 'scripts', 'bench', name))
  return candidates.find((c) => existsSync(c)) ?? candidates[0]!
}
