import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  CANDIDATE_DEFAULT,
  issueDatasets,
  QUALITY_VARIANTS,
  qualityTableMarkdown,
  readQualityCells,
  runQualityTable,
  type QualityCell
} from '../../../src/main/bench/qualityTable'
import { useWasmBackend } from '../../helpers/wasmBackend'
import { tempDir } from '../../helpers/tempDir'

const root = tempDir('gan-quality-')
beforeAll(useWasmBackend)

describe('the quality table (issue #22’s measurement), at a tiny size', () => {
  it('trains each variant per dataset and seed at equal steps, scores it, and prints Markdown', async () => {
    const [fashion, subset] = await issueDatasets(root, 5)
    expect(fashion!.source).toEqual({ kind: 'builtin', name: 'fashion-mnist' })
    // The small set is the first 5 images of each of the 10 classes, as export-idx writes them.
    const classes = await readdir(join(root, 'fashion-mnist-5-per-class'))
    expect(classes).toHaveLength(10)
    const variants = [
      QUALITY_VARIANTS[0]!,
      QUALITY_VARIANTS.find((v) => v.config === CANDIDATE_DEFAULT)!
    ]
    const lines: string[] = []
    const options = {
      datasets: [{ name: 'shapes', source: { kind: 'builtin', name: 'shapes' } } as const, subset!],
      steps: 3,
      seeds: [0, 1],
      outDir: root,
      variants,
      base: { modelWidth: 4, noiseDim: 8, batchSize: 8 },
      judgeSteps: 5,
      scoreCount: 4
    }
    const cells = await runQualityTable({ ...options, onLog: (l) => lines.push(l) })
    expect(cells).toHaveLength(2 * 2 * 2)
    // Seed-major: both variants of seed 0 come before either of seed 1.
    expect(cells.slice(0, 4).map((c) => `${c.dataset} ${c.seed} ${c.variant}`)).toEqual([
      'shapes 0 DCGAN (today’s default)',
      'shapes 0 candidate default',
      'shapes 1 DCGAN (today’s default)',
      'shapes 1 candidate default'
    ])

    // Run again on the same folder: every cell comes back from cells.jsonl, none retrained.
    const again: string[] = []
    const reused = await runQualityTable({ ...options, onLog: (l) => again.push(l) })
    expect(reused).toEqual(cells)
    expect(again.filter((l) => l.includes('measured before'))).toHaveLength(8)
    expect(again.some((l) => l.includes('Fréchet'))).toBe(false)
    expect(await readQualityCells(root)).toEqual(cells)

    // A run cut short (killed mid-measurement) leaves its folder but no cell: it is redone.
    const jsonl = join(root, 'cells.jsonl')
    const kept = (await readFile(jsonl, 'utf8')).split('\n').slice(0, 7).join('\n') + '\n{"torn'
    await writeFile(jsonl, kept)
    const redone: string[] = []
    const after = await runQualityTable({ ...options, onLog: (l) => redone.push(l) })
    expect(after).toHaveLength(8)
    expect(redone.filter((l) => l.includes('measured before'))).toHaveLength(7)
    expect(redone.filter((l) => l.includes('Fréchet'))).toHaveLength(1)
    expect(await readQualityCells(root)).toHaveLength(8)

    // A variant whose settings changed since is measured again, under the same name.
    const edited = [
      variants[0]!,
      { ...variants[1]!, config: { ...variants[1]!.config, ema: false } }
    ]
    const remeasured: string[] = []
    await runQualityTable({ ...options, variants: edited, onLog: (l) => remeasured.push(l) })
    expect(remeasured.filter((l) => l.includes('measured before'))).toHaveLength(4)
    expect(remeasured.filter((l) => l.includes('candidate default · seed'))).toHaveLength(4)
    expect(remeasured.filter((l) => /candidate default · seed \d: Fréchet/.test(l))).toHaveLength(4)
    for (const c of cells) {
      expect(Number.isFinite(c.frechet)).toBe(true)
      expect(c.fidelity === null || (c.fidelity >= 0 && c.fidelity <= 1)).toBe(true)
    }
    const table = qualityTableMarkdown(cells, 3)
    expect(table.split('\n')[0]).toMatch(/^\| dataset \| variant \| Fréchet ↓ \| fidelity ↑ \|/)
    // One row per dataset and variant, mean ± std over the two seeds.
    expect(table).toMatch(/\| shapes \| DCGAN \(today’s default\) \| \d+\.\d\d ± \d+\.\d\d \|/)
    expect(table).toMatch(/\| 5 per class \| candidate default \|/)
    expect(table).toContain('3 generator steps per run, 2 seeds each')
    expect(lines.some((l) => l.includes('candidate default · seed 1'))).toBe(true)
  })

  it('formats a missing score as a dash and a single seed without ±', () => {
    const cell: QualityCell = {
      variant: 'v',
      dataset: 'd',
      seed: 0,
      frechet: 1.5,
      fidelity: null,
      diversityRatio: 0.9,
      seconds: 3,
      steps: 10,
      settings: '{}'
    }
    expect(qualityTableMarkdown([cell], 10)).toContain('| d | v | 1.50 | – | 0.90 | 3 |')
  })
})
