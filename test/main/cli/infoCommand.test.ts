import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createProgram } from '../../../src/main/cli/index'
import { exposeSwiftShader } from '../../helpers/webgpuBackend'

// `gan-studio info` on a machine whose only WebGPU adapter is a software one (SwiftShader):
// the ladder passes it over, and says so; asked for by name and allowed, it is used.
beforeAll(() => {
  exposeSwiftShader()
})
afterEach(() => {
  vi.unstubAllEnvs()
  vi.restoreAllMocks()
})

/** `gan-studio info`'s printed lines. */
async function infoLines(): Promise<string[]> {
  const lines: string[] = []
  vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line))
  await createProgram().parseAsync(['node', 'gan-studio', 'info'])
  return lines
}

describe('gan-studio info', () => {
  it('names the adapter and says why each rung was or was not taken', async () => {
    vi.stubEnv('GAN_STUDIO_BACKEND', '')
    const ladder = await infoLines()
    expect(ladder).toContainEqual(
      expect.stringMatching(
        /^ {2}✗ webgpu: Dawn offers only a software adapter \(google swiftshader\)/
      )
    )
    expect(ladder).toContainEqual(expect.stringMatching(/^ {2}✓ wasm: WebAssembly/))
    expect(ladder).toContain('  · cpu: not tried (a better backend loaded)')
    expect(ladder.some((l) => l.startsWith('adapter:'))).toBe(false)

    vi.stubEnv('GAN_STUDIO_BACKEND', 'webgpu')
    vi.stubEnv('GAN_STUDIO_WEBGPU_ALLOW_SOFTWARE', '1')
    const chosen = await infoLines()
    expect(chosen).toContain('backend: webgpu')
    expect(chosen).toContainEqual(
      expect.stringMatching(/^adapter: google swiftshader \(.*software\)$/)
    )
  })
  it('speaks the language LANG names (Traditional Chinese for zh_TW)', async () => {
    vi.stubEnv('GAN_STUDIO_BACKEND', '')
    vi.stubEnv('LANG', 'zh_TW.UTF-8')
    vi.stubEnv('LC_ALL', '')
    vi.stubEnv('LC_MESSAGES', '')
    vi.stubEnv('LANGUAGE', '')
    const lines = await infoLines()
    expect(lines).toContain('後端：wasm')
    expect(lines).toContainEqual(expect.stringMatching(/^原因：/))
    expect(lines).toContain('  · cpu：未嘗試（已載入更好的後端）')
    expect(lines).toContainEqual(expect.stringMatching(/^資料存放位置：/))
  })
})
