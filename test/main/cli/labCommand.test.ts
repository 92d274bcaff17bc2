import { Command } from 'commander'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { registerLabCommand } from '../../../src/main/cli/labCommand'
import { LAB_PRESET_NAMES, LAB_PRESETS } from '../../../src/shared/lab'
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

/** Runs `gan-studio <args>` on a fresh program; returns what it printed. */
async function lab(args: string[]): Promise<{ out: string; err: string; error?: unknown }> {
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
  }
}

describe('gan-studio lab', () => {
  it('lists the presets in its help', async () => {
    const { out } = await lab(['lab', '--help'])
    for (const name of LAB_PRESET_NAMES) expect(out).toContain(`${name}  `)
    expect(out).toContain(LAB_PRESETS.disjoint.summary)
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
})
