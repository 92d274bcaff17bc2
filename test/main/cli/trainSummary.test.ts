import { Command } from 'commander'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { registerTrainCommand } from '../../../src/main/cli/trainCommand'
import { solidImage } from '../engine/data/helpers/images'
import { tempDir } from '../../helpers/tempDir'

const root = tempDir()
beforeAll(() => {
  // The command picks its backend itself; tests train on wasm, never a silent cpu.
  vi.stubEnv('GAN_STUDIO_BACKEND', 'wasm')
})
afterAll(() => {
  vi.unstubAllEnvs()
})

describe('gan-studio train on a folder', () => {
  it('prints the dataset summary with every skipped file and why, as dataset inspect does', async () => {
    const dir = path.join(root, 'pets')
    for (let i = 0; i < 4; i++) {
      await solidImage(path.join(dir, 'cats', `${i}.png`), '#ffffff')
      await solidImage(path.join(dir, 'dogs', `${i}.png`), '#000000')
    }
    fs.writeFileSync(path.join(dir, 'cats', 'broken.png'), 'not a png')
    fs.writeFileSync(path.join(dir, 'dogs', 'notes.txt'), 'hello')
    fs.symlinkSync('..', path.join(dir, 'dogs', 'up'))

    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined)
    try {
      const program = new Command('gan-studio').exitOverride()
      registerTrainCommand(program)
      await program.parseAsync(
        [
          'train',
          ...['--data', dir, '--out', path.join(root, 'out'), '--steps', '1', '--batch', '4'],
          ...['--width', '4', '--noise-dim', '8', '--checkpoint-every', '1']
        ],
        { from: 'user' }
      )
      const text = log.mock.calls.map((c) => String(c[0])).join('\n')
      expect(text).toMatch(/^data: +pets: 8 images, 2 classes, 32×32×/m)
      expect(text).toMatch(/^ {2}classes:\n +0 {2}cats +4\n +1 {2}dogs +4$/m)
      expect(text).toMatch(/^ {2}skipped 3 file\(s\):$/m)
      const skipped = (name: string) =>
        new RegExp(`^ {4}${name.replace(/[/.]/g, '\\$&')}: .+$`, 'm').exec(text)?.[0]
      expect(skipped(`cats${path.sep}broken.png`)).toMatch(/not an image: the contents are not/)
      expect(skipped(`dogs${path.sep}notes.txt`)).toMatch(/not an image type the studio reads/)
      expect(skipped(`dogs${path.sep}up`)).toMatch(/a folder that contains it \(a link loop\)/)
      expect(text).toMatch(/finished: 1 steps/)
    } finally {
      log.mockRestore()
    }
  })
})
