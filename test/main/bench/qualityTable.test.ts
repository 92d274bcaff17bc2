import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import lockfile from 'proper-lockfile'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  issueDatasets,
  MEASURING_LOCK,
  QUALITY_VARIANTS,
  qualityTableMarkdown,
  readQualityCells,
  runQualityTable,
  type QualityCell
} from '../../../src/main/bench/qualityTable'
import { CLASSIC_DCGAN, TrainConfigSchema } from '../../../src/shared/train'
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
      QUALITY_VARIANTS.find((v) => v.name === 'default + EMA')!
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
      'shapes 0 DCGAN',
      'shapes 0 default + EMA',
      'shapes 1 DCGAN',
      'shapes 1 default + EMA'
    ])

    // Every run starts from the classic DCGAN, whatever today's default is; a variant changes it.
    const trained = async (id: string) =>
      JSON.parse(await readFile(join(root, 'runs', id, 'config.json'), 'utf8')).config
    expect(await trained('quality-shapes-dcgan-s0')).toMatchObject(CLASSIC_DCGAN)
    expect(await trained('quality-shapes-default-ema-s0')).toMatchObject({
      ...variants[1]!.config,
      ema: true
    })

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
    expect(remeasured.filter((l) => l.includes('default + EMA · seed'))).toHaveLength(4)
    expect(remeasured.filter((l) => /default \+ EMA · seed \d: Fréchet/.test(l))).toHaveLength(4)
    for (const c of cells) {
      expect(Number.isFinite(c.frechet)).toBe(true)
      expect(c.fidelity === null || (c.fidelity >= 0 && c.fidelity <= 1)).toBe(true)
    }
    const table = qualityTableMarkdown(cells, 3)
    expect(table.split('\n')[0]).toMatch(/^\| dataset \| variant \| Fréchet ↓ \| fidelity ↑ \|/)
    // One row per dataset and variant, mean ± std over the two seeds.
    expect(table).toMatch(/\| shapes \| DCGAN \| \d+\.\d\d ± \d+\.\d\d \|/)
    expect(table).toMatch(/\| 5 per class \| default \+ EMA \|/)
    expect(table).toContain('3 generator steps per run, 2 seeds each')
    expect(lines.some((l) => l.includes('default + EMA · seed 1'))).toBe(true)
  })

  it("measures a variant without EMA on the EMA variant's run: its G, the same as training without", async () => {
    const out = join(root, 'without-ema')
    const variants = [
      { name: 'with EMA', config: { ema: true } },
      { name: 'trained without', config: { ema: false } },
      { name: 'G of the EMA run', config: { ema: false }, gOfRun: 'with EMA' }
    ]
    const lines: string[] = []
    const options = {
      datasets: [{ name: 'shapes', source: { kind: 'builtin', name: 'shapes' } } as const],
      steps: 3,
      seeds: [0],
      outDir: out,
      variants,
      base: { modelWidth: 4, noiseDim: 8, batchSize: 8 },
      judgeSteps: 5,
      scoreCount: 4
    }
    const cells = await runQualityTable({ ...options, onLog: (l) => lines.push(l) })
    const [ema, plain, gOnly] = cells
    // The EMA only shadows G: scoring G of the EMA run is scoring a run trained without one.
    expect(gOnly!.frechet).toBe(plain!.frechet)
    expect(gOnly!.fidelity).toBe(plain!.fidelity)
    expect(gOnly!.frechet).not.toBe(ema!.frechet)
    expect(gOnly!.settings).toBe(plain!.settings)
    expect(gOnly!.seconds).toBe(ema!.seconds)
    // Two runs trained, not three.
    expect(await readdir(join(out, 'runs'))).toEqual([
      'quality-shapes-trained-without-s0',
      'quality-shapes-with-ema-s0'
    ])
    expect(lines.filter((l) => l.includes('G of the EMA run · seed 0: Fréchet'))).toHaveLength(1)

    // Another measurement has since retrained the EMA run's folder with other settings: the
    // derived cell, measured again, trains its own run rather than score that one.
    const emaRun = join(out, 'runs', 'quality-shapes-with-ema-s0')
    const record = JSON.parse(await readFile(join(emaRun, 'config.json'), 'utf8'))
    record.config.ema = false
    await writeFile(join(emaRun, 'config.json'), JSON.stringify(record))
    const jsonl = join(out, 'cells.jsonl')
    const kept = (await readFile(jsonl, 'utf8')).split('\n').slice(0, 2).join('\n') + '\n'
    await writeFile(jsonl, kept)
    const again = await runQualityTable(options)
    const retrained = JSON.parse(await readFile(join(emaRun, 'config.json'), 'utf8'))
    expect(retrained.config.ema).toBe(true)
    expect(again[2]!.frechet).toBe(gOnly!.frechet)
  })

  it('refuses to measure into a folder another measurement holds, and names what to do', async () => {
    const out = join(root, 'held')
    const options = {
      datasets: [{ name: 'shapes', source: { kind: 'builtin', name: 'shapes' } } as const],
      steps: 2,
      seeds: [0],
      outDir: out,
      variants: [{ name: 'plain', config: {} }],
      base: { modelWidth: 4, noiseDim: 8, batchSize: 8 },
      judgeSteps: 5,
      scoreCount: 4
    }
    // Another measurement (another process) holds the folder.
    await mkdir(out, { recursive: true })
    const release = await lockfile.lock(out, { lockfilePath: join(out, MEASURING_LOCK) })
    await expect(runQualityTable(options)).rejects.toThrow(
      /Another quality-table is measuring into .*held: wait for it to finish, or stop it/
    )
    expect(await readQualityCells(out)).toEqual([])
    await release()
    const cells = await runQualityTable(options)
    expect(cells).toHaveLength(1)
    // Released when done: the next measurement runs (and reuses the cell).
    expect(await runQualityTable(options)).toEqual(await readQualityCells(out))
  })

  it('measures as "default" exactly what a run with no settings trains', () => {
    const fresh = TrainConfigSchema.parse({ dataset: { kind: 'builtin', name: 'shapes' } })
    const measured = TrainConfigSchema.parse({
      ...CLASSIC_DCGAN,
      ...QUALITY_VARIANTS.find((v) => v.name === 'default')!.config,
      dataset: { kind: 'builtin', name: 'shapes' }
    })
    expect(measured).toEqual(fresh)
    // …and the classic DCGAN is not the default: the table's baseline is its own row.
    expect(fresh).not.toMatchObject(CLASSIC_DCGAN)
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
