import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { peerScript } from '../../../src/main/bench/peerScripts'
import { benchDatasetIngest } from '../../../src/main/bench/ingestBench'
import { FASHION_MNIST_DIR } from '../../../src/main/engine/data/fashionMnist'
import { exportIdxToFolder } from '../../../src/main/engine/data/index'
import { tempDir } from '../../helpers/tempDir'
import { fashionMnist } from '../../helpers/requirement'

const root = tempDir()
const peerReady =
  fs.existsSync('/usr/lib/python3/dist-packages/torchvision') &&
  fs.existsSync(peerScript('peer_imagefolder.py'))

// Figures belong to `npm run bench`; this only checks that the benchmark runs and reports.
describe('benchDatasetIngest', () => {
  it.skipIf(fashionMnist.skip)(
    "reports ingest and reopen figures, and the peer's when it can run",
    async () => {
      fashionMnist.check()
      const folder = path.join(root, 'fashion')
      await exportIdxToFolder(FASHION_MNIST_DIR, folder, { limitPerClass: 20 })
      const cacheDir = path.join(root, 'cache')
      const result = await benchDatasetIngest({ folder, cacheDir, peer: peerReady })
      expect(result.images).toBe(200)
      expect(result.imagesPerSecond).toBeGreaterThan(0)
      expect(result.reopenSeconds).toBeGreaterThan(0)
      // Its own cache is removed afterwards.
      expect(fs.readdirSync(cacheDir)).toEqual([])
      if (peerReady) {
        expect(result.peer?.imagesPerSecond).toBeGreaterThan(0)
        expect(result.peer?.raw).toMatch(/images=200/)
      } else expect(result.peerSkipped).toBeDefined()
    }
  )
})
