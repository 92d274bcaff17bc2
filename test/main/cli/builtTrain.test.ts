import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO } from '../../helpers/serveStudio'

// The built `gan-studio train` as a user runs it: a process of its own, training in the
// worker thread with XNNPACK's pool. Needs `npm run build` (the test command builds first).
let out: string
beforeAll(async () => {
  if (!existsSync(join(REPO, 'out/main/engineWorker.js'))) {
    throw new Error('out/main/engineWorker.js is missing: run `npm run build` first')
  }
  out = await mkdtemp(join(tmpdir(), 'gan-built-train-'))
})
afterAll(async () => {
  await rm(out, { recursive: true, force: true })
})

interface Ran {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs the CLI; `whenSeen` acts once the output (stdout or the bar on stderr) matches. */
function run(
  args: string[],
  whenSeen?: { pattern: RegExp; act(child: ReturnType<typeof spawn>): void },
  env: Record<string, string> = {}
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO, 'bin/gan-studio.js'), 'train', ...args], {
      cwd: REPO,
      env: { ...process.env, GAN_STUDIO_BACKEND: 'wasm', GAN_STUDIO_WASM_THREADS: '', ...env }
    })
    let stdout = ''
    let stderr = ''
    let acted = false
    const seen = () => {
      if (whenSeen && !acted && whenSeen.pattern.test(stdout + stderr)) {
        acted = true
        whenSeen.act(child)
      }
    }
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString()
      seen()
    })
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString()
      seen()
    })
    child.on('error', reject)
    // The process ending by itself is the point: the pool's threads must not keep it alive.
    child.on('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

const small = ['--data', 'shapes', '--batch', '8', '--width', '4', '--noise-dim', '8']

describe('the built gan-studio train', () => {
  it('trains in the worker on every core by default and exits by itself', async () => {
    const dir = join(out, 'default')
    const ran = await run([...small, '--out', dir, '--steps', '3', '--resolution', '28'])
    expect(ran.code, ran.stderr).toBe(0)
    expect(ran.stderr).not.toMatch(/gan-studio:|error/i)
    const cores = Math.min(8, (await import('node:os')).availableParallelism())
    expect(ran.stdout).toMatch(new RegExp(`^threads: ${cores} \\(XNNPACK's pool`, 'm'))
    expect(ran.stdout).toMatch(/^finished: 3 steps\.$/m)
  })

  it("trains the same weights on two threads as on one (XNNPACK's pool splits work, not the batch)", async () => {
    // The pool parallelises inside each kernel; batch norm still sees the whole batch, so the
    // step is the same computation. Tolerance 1e-5 relative to the largest weight, for any
    // change of summation order between threads.
    const weightsAfter = async (threads: number): Promise<Float32Array[]> => {
      const dir = join(out, `threads-${threads}`)
      // Big enough that XNNPACK splits its kernels over both threads.
      const args = ['--data', 'shapes', '--batch', '32', '--width', '16', '--noise-dim', '16']
      args.push('--out', dir, '--steps', '4', '--checkpoint-every', '4')
      const ran = await run([...args, '--resolution', '28', '--wasm-threads', String(threads)])
      expect(ran.code, ran.stderr).toBe(0)
      expect(ran.stdout).toMatch(new RegExp(`^threads: ${threads} `, 'm'))
      const [runId] = await readdir(join(dir, 'runs'))
      const step = join(dir, 'runs', runId!, 'checkpoints', 'step-4')
      return Promise.all(
        ['generator', 'discriminator'].map(async (model) => {
          const bytes = await readFile(join(step, model, 'weights.bin'))
          return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)
        })
      )
    }
    const [one, two] = [await weightsAfter(1), await weightsAfter(2)]
    for (const [i, a] of one.entries()) {
      const b = two[i]!
      expect(b.length).toBe(a.length)
      let scale = 0
      let worst = 0
      for (let j = 0; j < a.length; j++) {
        scale = Math.max(scale, Math.abs(a[j]!))
        worst = Math.max(worst, Math.abs(a[j]! - b[j]!))
      }
      expect(worst).toBeLessThanOrEqual(1e-5 * scale)
    }
  })

  it('stops at a step boundary on Ctrl-C, saves a checkpoint there and exits 0', async () => {
    const dir = join(out, 'sigint')
    // The bar (on stderr) starts with the first step's progress: steps are being trained.
    const ran = await run(
      [...small, '--out', dir, '--steps', '100000', '--resolution', '28', '--wasm-threads', '2'],
      { pattern: /steps \| epoch/, act: (child) => child.kill('SIGINT') }
    )
    expect(ran.code).toBe(0)
    const stopped = /^Stopped at step (\d+) of 100000\.$/m.exec(ran.stdout)
    expect(stopped, ran.stdout + ran.stderr).not.toBeNull()
    const [runId] = await readdir(join(dir, 'runs'))
    const checkpoints = await readdir(join(dir, 'runs', runId!, 'checkpoints'))
    expect(checkpoints).toContain(`step-${stopped![1]}`)
  })

  it('speaks the language LANG names: the lines, the progress bar and the stop (Ctrl-C)', async () => {
    const dir = join(out, 'zh-TW')
    const ran = await run(
      [...small, '--out', dir, '--steps', '100000', '--resolution', '28', '--wasm-threads', '1'],
      // The bar, in Traditional Chinese: steps are being trained.
      { pattern: /步 \| 第 \d+ 輪/, act: (child) => child.kill('SIGINT') },
      { LANG: 'zh_TW.UTF-8', LC_ALL: '', LC_MESSAGES: '', LANGUAGE: '' }
    )
    expect(ran.code, ran.stderr).toBe(0)
    expect(ran.stdout).toMatch(/^後端：wasm（/m)
    expect(ran.stdout).toMatch(/^執行緒：1（訓練工作執行緒中的 XNNPACK 執行緒池；/m)
    expect(ran.stdout).toMatch(/^資料集：shapes：4000 張影像，4 個類別，28×28×3/m)
    expect(ran.stdout).toMatch(/^已在第 \d+ 步（共 100000 步）停止。$/m)
    expect(ran.stderr).toMatch(
      /\d+\/100000 步 \| 第 \d+ 輪 \| D -?[\d.]+ G -?[\d.]+ \| [\d,]+ 張\/秒 \| 剩餘 /
    )
    // Nothing in English for the user to read, and no warning from the message engine.
    expect(ran.stdout).not.toMatch(/^(backend|threads|data|run|samples|metrics|Stopped)\b/m)
    expect(ran.stderr).not.toMatch(/intlify|steps \| epoch/)
  })
})
