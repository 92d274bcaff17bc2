import { CommanderError } from 'commander'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { cliText } from '../../../src/main/cli/cliText'
import { progressLine, registerTrainCommand } from '../../../src/main/cli/trainCommand'
import type { Progress } from '../../../src/shared/train'
import { tempDir } from '../../helpers/tempDir'
import { selectWasmByEnv } from '../../helpers/wasmBackend'
import { testProgram } from './helpers/program'

// `gan-studio train` speaks the language LANG (or LC_ALL, LC_MESSAGES, LANGUAGE) names.
const out = tempDir('gan-cli-locale-')
selectWasmByEnv()
afterEach(() => {
  vi.restoreAllMocks()
})

/** The environment of a terminal set to this LANG, nothing else overriding it. */
function lang(value: string): void {
  vi.stubEnv('LANG', value)
  vi.stubEnv('LC_ALL', '')
  vi.stubEnv('LC_MESSAGES', '')
  vi.stubEnv('LANGUAGE', '')
}

/** Runs `train` in this process; what it printed, or the error it refused with. */
async function train(args: string[]): Promise<{ printed: string; error?: string }> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined)
  const errors: string[] = []
  const program = testProgram([registerTrainCommand], (s) => errors.push(s))
  const error = await program.parseAsync(['train', ...args], { from: 'user' }).then(
    () => undefined,
    (e: unknown) => (e instanceof CommanderError ? errors.join('') : (e as Error).message)
  )
  return { printed: log.mock.calls.map((c) => String(c[0])).join('\n'), error }
}

async function trainTiny(name: string): Promise<{ printed: string; runDir: string }> {
  const dir = join(out, name)
  const { printed, error } = await train([
    ...['--data', 'shapes', '--out', dir, '--steps', '3', '--batch', '8', '--width', '4'],
    ...['--noise-dim', '8', '--resolution', '28', '--sample-every', '2', '--seed', '3']
  ])
  expect(error).toBeUndefined()
  const [runId] = await readdir(join(dir, 'runs'))
  return { printed, runDir: join(dir, 'runs', runId!) }
}

const ENGLISH_LABELS = /^(backend|threads|data|run|samples|metrics|finished|stopped):/m

describe('gan-studio train in the language of LANG', () => {
  it('zh_CN.UTF-8: every line in Simplified Chinese', async () => {
    lang('zh_CN.UTF-8')
    const { printed, runDir } = await trainTiny('zh-CN')
    expect(printed).toMatch(/^后端：wasm（/m)
    expect(printed).toMatch(/^线程：/m)
    expect(printed).toMatch(/^数据集：shapes：4000 张图像，4 个类别，28×28×3/m)
    expect(printed).toMatch(/^ {2}类别：$/m)
    expect(printed).toMatch(/^ {2}跳过：无$/m)
    expect(printed).toContain(`训练运行：${runDir}`)
    expect(printed).toContain(
      `样本：${join(runDir, 'samples')}（最新：${join(runDir, 'samples', 'step-3.png')}）`
    )
    expect(printed).toContain(`指标：${join(runDir, 'metrics.jsonl')}`)
    expect(printed).toMatch(/^训练完成：共 3 步。$/m)
    expect(printed).not.toMatch(ENGLISH_LABELS)
    // Mainland words, not Taiwan's.
    expect(printed).not.toMatch(/資料|訓練|影像/)
  })

  it('zh_TW.UTF-8: every line in Traditional Chinese, with Taiwan’s words', async () => {
    lang('zh_TW.UTF-8')
    const { printed, runDir } = await trainTiny('zh-TW')
    expect(printed).toMatch(/^後端：wasm（/m)
    expect(printed).toMatch(/^執行緒：/m)
    expect(printed).toMatch(/^資料集：shapes：4000 張影像，4 個類別，28×28×3/m)
    expect(printed).toMatch(/^ {2}類別：$/m)
    expect(printed).toContain(`訓練執行：${runDir}`)
    expect(printed).toContain(`樣本：${join(runDir, 'samples')}（最新：`)
    expect(printed).toMatch(/^訓練完成：共 3 步。$/m)
    expect(printed).not.toMatch(ENGLISH_LABELS)
    expect(printed).not.toMatch(/数据|训练|图像|样本|线程/)
  })

  it('LANG=C: English, as before', async () => {
    lang('C')
    const { printed, runDir } = await trainTiny('en')
    expect(printed).toMatch(/^backend: wasm \(/m)
    expect(printed).toMatch(/^data: +shapes: 4000 images, 4 classes, 28×28×3$/m)
    expect(printed).toContain(`run:     ${runDir}`)
    expect(printed).toMatch(/^finished: 3 steps\.$/m)
    expect(printed).not.toMatch(/\p{Script=Han}/u)
  })

  it('refuses a bad flag in the language of LANG, naming the flag', async () => {
    lang('zh_CN.UTF-8')
    expect((await train(['--data', 'shapes', '--out', out, '--batch', '0'])).error).toMatch(
      /--batch 须为 2 到 1024 之间的整数。/
    )
    expect((await train(['--data', 'shapes', '--out', out, '--loss', 'x'])).error).toMatch(
      /--loss 只接受 ns、minimax、wgan-gp 或 hinge。/
    )
    lang('zh_TW.UTF-8')
    expect((await train(['--out', out])).error).toBe(
      'train 需要 --data 與 --out（或以 --resume <checkpoint> 從檢查點繼續訓練）。'
    )
    // LC_ALL outranks LANG, as gettext reads them.
    vi.stubEnv('LC_ALL', 'C')
    expect((await train(['--data', 'shapes', '--out', out, '--lr-g', '-1'])).error).toMatch(
      /--lr-g takes a learning rate above 0/
    )
  })
})

describe('train --help in the language of LANG', () => {
  /** Each of train's options with what --help says of it, in this LANG. */
  function helpOf(value: string): { summary: string; options: Array<[string, string]> } {
    lang(value)
    const command = testProgram([registerTrainCommand]).commands.find((c) => c.name() === 'train')!
    return {
      summary: command.description(),
      options: command.options.filter((o) => !o.hidden).map((o) => [o.long!, o.description])
    }
  }

  it.each([
    ['zh_CN.UTF-8', /[\u4e00-\u9fff]/, '训练一个条件 GAN'],
    ['zh_TW.UTF-8', /[\u4e00-\u9fff]/, '訓練一個條件式 GAN'],
    ['C', /^[^\u4e00-\u9fff]+$/, 'Train a conditional GAN']
  ])('%s: the summary and every option are described in that language', (value, script, start) => {
    const { summary, options } = helpOf(value)
    expect(summary.startsWith(start)).toBe(true)
    expect(options.length).toBeGreaterThan(30)
    for (const [flag, description] of options) {
      expect(description, flag).toMatch(script)
      expect(description, flag).not.toMatch(/^cli\./)
    }
  })
})

describe('the progress line', () => {
  const progress: Progress = {
    runId: 'r',
    step: 1200,
    totalSteps: 5000,
    epoch: 2,
    dLoss: 1.23456,
    gLoss: -0.5,
    dReal: 0.5,
    dFake: 0.5,
    imagesPerSecond: 1234.6,
    etaSeconds: 3725,
    elapsedSeconds: 10
  }
  const line = (locale: string, p: Partial<Progress> = {}) =>
    progressLine({ ...progress, ...p }, cliText({ LANG: locale }))

  it('reads steps, epoch, losses, speed and time left in each language', () => {
    expect(line('C')).toBe('1200/5000 steps | epoch 2 | D 1.235 G -0.500 | 1,235 img/s | ETA 1h02m')
    expect(line('zh_CN.UTF-8')).toBe(
      '1200/5000 步 | 第 2 轮 | D 1.235 G -0.500 | 1,235 张/秒 | 剩余 1 小时 02 分'
    )
    expect(line('zh_TW.UTF-8')).toBe(
      '1200/5000 步 | 第 2 輪 | D 1.235 G -0.500 | 1,235 張/秒 | 剩餘 1 小時 02 分'
    )
  })

  it('writes minutes, seconds and an unknown time left for the locale', () => {
    expect(line('en_US.UTF-8', { etaSeconds: 65 })).toMatch(/ETA 1m05s$/)
    expect(line('zh_CN.UTF-8', { etaSeconds: 65 })).toMatch(/剩余 1 分 05 秒$/)
    expect(line('zh_TW.UTF-8', { etaSeconds: 7 })).toMatch(/剩餘 7 秒$/)
    expect(line('C', { etaSeconds: Infinity })).toMatch(/ETA \?$/)
    expect(line('zh_CN.UTF-8', { etaSeconds: NaN })).toMatch(/剩余 未知$/)
  })
})
