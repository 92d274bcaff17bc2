import { Command } from 'commander'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { registerLabCommand } from '../../../src/main/cli/labCommand'
import { LAB_PRESET_NAMES, LAB_PRESETS } from '../../../src/shared/lab'
import { createTranslator } from '../../../src/shared/i18n/coreTranslator'
import { useWasmBackend } from '../../helpers/wasmBackend'

// The CLI picks its backend itself; pin it to wasm strictly (an override never falls back).
const savedBackend = process.env.GAN_STUDIO_BACKEND
beforeAll(async () => {
  process.env.GAN_STUDIO_BACKEND = 'wasm'
  await useWasmBackend()
})
afterAll(() => {
  if (savedBackend === undefined) delete process.env.GAN_STUDIO_BACKEND
  else process.env.GAN_STUDIO_BACKEND = savedBackend
})

const LOCALE_VARS = ['LANG', 'LC_ALL', 'LC_MESSAGES', 'LANGUAGE'] as const

/**
 * Runs `gan-studio <args>` on a fresh program, in the language `lang` names as LANG would
 * (the other locale variables unset); returns what it printed.
 */
async function lab(
  args: string[],
  lang = 'en_US.UTF-8'
): Promise<{ out: string; err: string; error?: unknown }> {
  const saved = LOCALE_VARS.map((k) => [k, process.env[k]] as const)
  for (const k of LOCALE_VARS) delete process.env[k]
  process.env.LANG = lang
  const log = vi.spyOn(console, 'log').mockImplementation(() => {})
  let out = ''
  let err = ''
  const program = new Command('gan-studio')
    .exitOverride()
    .configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (err += s) })
  registerLabCommand(program)
  try {
    await program.parseAsync(args, { from: 'user' })
    return { out: out + log.mock.calls.map((c) => c.join(' ') + '\n').join(''), err }
  } catch (error) {
    return { out, err, error }
  } finally {
    log.mockRestore()
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  }
}

describe('gan-studio lab', () => {
  it('lists the presets in its help', async () => {
    const { out } = await lab(['lab', '--help'])
    for (const name of LAB_PRESET_NAMES) expect(out).toContain(`${name}  `)
    expect(out).toContain(createTranslator('en')(LAB_PRESETS.disjoint.summaryKey))
    expect(out).toContain(
      'Data and G do not overlap: JS = log 2, V(G, D*) = 0, the minimax G gets no gradient.'
    )
  })

  it('refuses a preset it does not know, naming the choices', async () => {
    const { err, error } = await lab(['lab', '--preset', 'nope'])
    expect(error).toBeDefined()
    expect(err).toContain('equilibrium')
  })

  it('prints a line every N steps and a verdict', async () => {
    const { out } = await lab([
      'lab',
      '--preset',
      'disjoint',
      '--steps',
      '20',
      '--every',
      '10',
      '--seed',
      '3'
    ])
    const lines = out.trim().split('\n')
    expect(lines[0]).toContain('Disjoint supports')
    expect(lines[1]).toMatch(/backend wasm · seed 3 · minimax loss/)
    expect(lines[2]).toMatch(
      /step +D loss +G loss +JS \[log 2: 0\.693\] +V \[-log 4: -1\.386\] +\|D − D\*\| +‖∇G‖ minimax +‖∇G‖ non-sat +modes/
    )
    const rows = lines.filter((l) => /^\s+\d+\s/.test(l))
    expect(rows.map((r) => Number(r.trim().split(/\s+/)[0]))).toEqual([0, 10, 20])
    // Nine cells a row: step, D loss, G loss, JS, V, |D − D*|, the two gradient norms, modes.
    for (const row of rows) expect(row.trim().split(/\s+/)).toHaveLength(9)
    expect(lines[lines.length - 1]).toMatch(/^verdict \(the claim (does not )?show/)
    expect(out).toContain('JS stayed at log 2 = 0.693 throughout')
  })

  it.each([
    ['kl-vs-reverse-kl', 'f-GAN, KL objective', /JS \(1\)/],
    ['g-too-fast', 'k = 5 D steps per G step', /10 G steps per iteration/],
    ['instance-noise', 'no noise', /noise σ/],
    ['wgan-gp-disjoint', 'minimax, same start', /W₁ est\./],
    ['conditional', 'without wrong-label negatives', /JS \(1\)/]
  ])('runs %s with its second run side by side, and judges it', async (name, label, column) => {
    const { out } = await lab(['lab', '--preset', name, '--steps', '4', '--every', '2'])
    expect(out).toContain(`side by side, from the same start: (1) ${label}`)
    expect(out).toMatch(column)
    const rows = out.split('\n').filter((l) => /^\s+\d+\s/.test(l))
    expect(rows.map((r) => Number(r.trim().split(/\s+/)[0]))).toEqual([0, 2, 4])
    // Four steps decide nothing yet, but the verdict is still computed and printed, with its numbers.
    const verdict = out.trim().split('\n').pop()!
    expect(verdict).toMatch(/^verdict \(the claim (does not )?show/)
    expect(verdict).toMatch(/\d\.\d{2}/)
  })

  it('runs the twin under the other loss for the saturation preset', async () => {
    const { out } = await lab(['lab', '--preset', 'saturation', '--steps', '4', '--every', '2'])
    expect(out).toContain('The same start under the non-saturating loss:')
    expect(out).toMatch(/verdict .*minimax: JS .* non-saturating from the same start: JS/)
    const { out: alone } = await lab(['lab', '--preset', 'saturation', '--steps', '2', '--no-twin'])
    expect(alone).not.toContain('The same start')
  })

  it('speaks the language LANG names: Simplified Chinese verdicts and lines, the same numbers', async () => {
    const args = ['lab', '--preset', 'saturation', '--steps', '4', '--every', '2', '--seed', '1']
    const { out: zh } = await lab(args, 'zh_CN.UTF-8')
    const { out: en } = await lab(args, 'en_US.UTF-8')
    const zhLines = zh.trim().split('\n')
    expect(zhLines[0]).toBe(
      '实验室：梯度饱和。从糟糕的起点出发，对比极小极大 G 与非饱和 G：log(1 − D(G(z))) 变得平坦。'
    )
    expect(zhLines[1]).toMatch(
      /^后端 wasm · 随机种子 1 · 极小极大损失 · 每个 G 步走 k = 2 个 D 步 · 共 4 步$/
    )
    expect(zhLines[2]).toMatch(
      /^ +步数 +D 损失 +G 损失 +JS \[log 2: 0\.693\] .*‖∇G‖ 极小极大 +‖∇G‖ 非饱和 +模式$/
    )
    expect(zh).toContain('同一起点，改用非饱和损失：')
    const verdict = zhLines[zhLines.length - 1]!
    expect(verdict).toMatch(/^结论（论断(得到|未得到)验证）：极小极大损失：JS /)
    expect(verdict).toMatch(/同一起点下的非饱和损失：JS/)
    expect(verdict).not.toMatch(/minimax|non-saturating|the claim/)
    // The same run, the same numbers: every row and the verdict's figures match the English.
    const numbers = (s: string): string[] => s.match(/-?\d+(?:\.\d+)?(?:e[+-]\d+)?/g) ?? []
    const enLines = en.trim().split('\n')
    const rows = (lines: string[]) => lines.filter((l) => /^\s+\d+\s/.test(l))
    expect(rows(zhLines)).toHaveLength(6)
    expect(rows(zhLines).map(numbers)).toEqual(rows(enLines).map(numbers))
    expect(numbers(verdict).sort()).toEqual(numbers(enLines[enLines.length - 1]!).sort())
    // Every column still lines up under its title, CJK titles counted two columns a character.
    const width = (s: string): number =>
      [...s].reduce((w, ch) => w + (/[\u4e00-\u9fff]/u.test(ch) ? 2 : 1), 0)
    expect(new Set([zhLines[2]!, ...rows(zhLines)].map(width)).size).toBe(1)
  })

  it('speaks Traditional Chinese under LANG=zh_TW, help included', async () => {
    const { out } = await lab(['lab', '--help'], 'zh_TW.UTF-8')
    expect(out).toContain('預設組：')
    expect(out).toContain('G 學會資料分布：D 在各處趨近 1/2')
    const run = await lab(
      ['lab', '--preset', 'disjoint', '--steps', '2', '--every', '1'],
      'zh_TW.UTF-8'
    )
    expect(run.out).toContain('實驗室：支撐集不相交。')
    expect(run.out.trim().split('\n').pop()).toMatch(
      /^結論（論斷(獲得|未獲)驗證）：JS 始終停在 log 2 = 0\.693/
    )
  })
})
