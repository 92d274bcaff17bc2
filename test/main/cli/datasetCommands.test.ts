import { Command } from 'commander'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { registerDatasetCommands } from '../../../src/main/cli/datasetCommands'
import { FASHION_MNIST_DIR } from '../../../src/main/engine/data/fashionMnist'
import { folderSafeName, openDataset } from '../../../src/main/engine/data/index'
import { tempDir } from '../../helpers/tempDir'
import { fashionMnist } from '../../helpers/requirement'

const root = tempDir()
/** torchvision's class order for the exported Fashion-MNIST: folder names, sorted. */
const SORTED_FASHION = [
  'Ankle boot',
  'Bag',
  'Coat',
  'Dress',
  'Pullover',
  'Sandal',
  'Shirt',
  'Sneaker',
  'T-shirt-top',
  'Trouser'
]

async function run(...args: string[]): Promise<string> {
  const lines: string[] = []
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
    lines.push(parts.join(' '))
  })
  try {
    const program = new Command().exitOverride()
    registerDatasetCommands(program)
    await program.parseAsync(args, { from: 'user' })
  } finally {
    log.mockRestore()
  }
  return lines.join('\n')
}

afterEach(() => vi.restoreAllMocks())

describe('gan-studio dataset', () => {
  it('makes class names folder-safe', () => {
    expect(folderSafeName('T-shirt/top', 0)).toBe('T-shirt-top')
    expect(folderSafeName('a\\b:c*?', 1)).toBe('a-b-c-')
    expect(folderSafeName('..', 2)).toBe('class-2')
    expect(folderSafeName('Ankle boot', 3)).toBe('Ankle boot')
  })

  it('export-idx writes real Fashion-MNIST as PNG class folders that reopen in torchvision order', async (ctx) => {
    fashionMnist.check(ctx)
    const out = path.join(root, 'fashion')
    const printed = await run(
      'dataset',
      'export-idx',
      FASHION_MNIST_DIR,
      out,
      '--limit-per-class',
      '30'
    )
    expect(printed).toMatch(/Wrote 300 PNG\(s\) in 10 class folder\(s\)/)
    expect(fs.readdirSync(out).sort()).toEqual(SORTED_FASHION)
    // Train images keep their MNIST index in the name.
    expect(fs.readdirSync(path.join(out, 'Sneaker')).every((n) => /^\d{5}\.png$/.test(n))).toBe(
      true
    )

    const { dataset, summary } = await openDataset({ kind: 'folder', path: out })
    expect(dataset.classNames).toEqual(SORTED_FASHION)
    expect(summary.classes.map((c) => c.count)).toEqual(Array(10).fill(30))
    expect(dataset).toMatchObject({ size: 32, channels: 1, count: 300, labeled: true })
    expect(summary.skipped).toEqual([])

    // At 28 px the exported images come back exactly as they are in the IDX file.
    const at28 = await openDataset({ kind: 'folder', path: out }, { resolution: 28 })
    const idx = await openDataset({ kind: 'builtin', name: 'fashion-mnist' })
    const first = fs.readdirSync(path.join(out, 'Ankle boot')).sort()[0]!
    const index = Number(first.slice(0, 5))
    const area = 28 * 28
    const fromFolder = at28.dataset.images.subarray(0, area)
    const fromIdx = idx.dataset.images.subarray(index * area, (index + 1) * area)
    expect(Buffer.from(fromFolder).equals(Buffer.from(fromIdx))).toBe(true)
  })

  it('export-idx --split test names the test images apart', async (ctx) => {
    fashionMnist.check(ctx)
    const out = path.join(root, 'fashion-test')
    await run(
      'dataset',
      'export-idx',
      FASHION_MNIST_DIR,
      out,
      '--split',
      'test',
      '--limit-per-class',
      '2'
    )
    const names = fs.readdirSync(path.join(out, 'Bag'))
    expect(names).toHaveLength(2)
    expect(names.every((n) => /^test-\d{5}\.png$/.test(n))).toBe(true)
  })

  it('inspect prints classes, counts, resolution, channels and skipped files', async (ctx) => {
    fashionMnist.check(ctx)
    const out = path.join(root, 'inspect')
    await run('dataset', 'export-idx', FASHION_MNIST_DIR, out, '--limit-per-class', '3')
    fs.writeFileSync(path.join(out, 'Bag', 'broken.png'), 'not an image')
    const cacheDir = path.join(root, 'inspect-cache')
    const inspect = ['dataset', 'inspect', out, '--resolution', '28', '--cache-dir', cacheDir]
    const printed = await run(...inspect)
    expect(printed).toMatch(
      /^inspect: 30 image\(s\), 10 class\(es\), 28×28, 1 channel\(s\) \(grayscale\)/
    )
    expect(printed).toMatch(/ 0 {2}Ankle boot +3\n/)
    expect(printed).toMatch(/ 8 {2}T-shirt-top +3\n/)
    expect(printed).toMatch(/skipped 1 file\(s\):\n {2}Bag\/broken\.png: not an image/)
    const again = await run(...inspect)
    expect(again).toMatch(/from the cache/)
    const json = JSON.parse(await run('dataset', 'inspect', out, '--json', '--channels', '3')) as {
      channels: number
      classes: { thumbnails: string[] }[]
    }
    expect(json.channels).toBe(3)
    expect(json.classes[0]!.thumbnails[0]).toMatch(/bytes of PNG/)
  })

  it('inspect reads the built-in shapes, and reports a missing folder plainly', async () => {
    expect(await run('dataset', 'inspect', 'shapes', '--limit-per-class', '10')).toMatch(
      /shapes: 40 image\(s\), 4 class\(es\), 32×32, 3 channel\(s\)/
    )
    await expect(run('dataset', 'inspect', path.join(root, 'no-such-folder'))).rejects.toThrow(
      /does not exist/
    )
  })
})
