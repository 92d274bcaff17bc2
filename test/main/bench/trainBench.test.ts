import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  benchTrainStep,
  compareWithPeer,
  peerProblem,
  profileTrainStep,
  summarise
} from '../../../src/main/bench/trainBench'
import { peerScript } from '../../../src/main/bench/peerScripts'
import { useWasmBackend } from '../../helpers/wasmBackend'

beforeAll(useWasmBackend)

const PEER = peerScript('peer_dcgan.py')

// Speed belongs in `npm run bench`; these only check the bench runs, reports and cleans up.
describe('benchTrainStep', () => {
  it('times the default techniques too, and frees what they made', async () => {
    const before = tf.memory().numTensors
    const result = await benchTrainStep({ steps: 1, conditional: true, techniques: 'default' })
    expect(result.imagesPerSecond).toBeGreaterThan(0)
    expect(result.tensorDrift).toBe(0)
    expect(tf.memory().numTensors).toBe(before)
  })

  it('times the 28×28 DCGAN on the current backend and frees what it made', async () => {
    const before = tf.memory().numTensors
    const result = await benchTrainStep({ steps: 1, conditional: false })
    expect(result.backend).toBe('wasm')
    expect(result.stepsPerSecond).toBeGreaterThan(0)
    expect(result.imagesPerSecond).toBeCloseTo(result.stepsPerSecond * 64)
    expect(result.tensorDrift).toBe(0)
    expect(result.load).toHaveLength(2)
    expect(tf.memory().numTensors).toBe(before)
  })
})

describe('profileTrainStep', () => {
  it("sums each kernel's time per step, counting nested ops once, largest first", async () => {
    const before = tf.memory().numTensors
    const p = await profileTrainStep({ steps: 1, conditional: true })
    expect(p.kernels.length).toBeGreaterThan(10)
    expect(p.kernels.some((k) => k.kernel.endsWith('__op'))).toBe(false)
    const names = p.kernels.map((k) => k.kernel)
    for (const conv of ['Conv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput'])
      expect(names).toContain(conv)
    for (let i = 1; i < p.kernels.length; i++)
      expect(p.kernels[i]!.ms).toBeLessThanOrEqual(p.kernels[i - 1]!.ms)
    expect(p.kernels.reduce((s, k) => s + k.share, 0)).toBeCloseTo(1, 5)
    expect(tf.memory().numTensors).toBe(before)
  })
})

describe('summarise', () => {
  it('gives the median, the range and the spread relative to the median', () => {
    expect(summarise([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, spread: 1, runs: [3, 1, 2] })
    expect(summarise([4, 1, 2, 3]).median).toBe(2.5)
  })
})

describe('the peer', () => {
  it('is the copy in the repository, not a script beside it', () => {
    for (const name of ['peer_dcgan.py', 'peer_imagefolder.py'] as const) {
      expect(peerScript(name)).toBe(resolve(import.meta.dirname, '../../../scripts/bench', name))
      expect(existsSync(peerScript(name))).toBe(true)
    }
  })

  it('says what is missing and what to install', async () => {
    expect(await peerProblem({ script: '/nonexistent/peer_dcgan.py' })).toMatch(
      /peer_dcgan\.py not found \(the peer lives in scripts\/bench\/ of the repository/
    )
    expect(await peerProblem({ script: PEER, python: '/nonexistent/python3' })).toMatch(
      /\/nonexistent\/python3 not found: install Debian's python3 and python3-torch/
    )
  })

  it('alternates with the studio and reports medians, the best thread count and the ratio', async () => {
    // A stand-in interpreter that answers like peer_dcgan.py (the real peer takes a minute to
    // start on a loaded machine: its figures belong to `npm run bench`). Here 2 threads are
    // slower than 1, so "best" must pick 1.
    const dir = mkdtempSync(join(tmpdir(), 'gan-studio-peer-'))
    const python = join(dir, 'python3')
    writeFileSync(
      python,
      [
        '#!/bin/sh',
        '[ "$1" = "-c" ] && exit 0',
        'while [ $# -gt 0 ]; do [ "$1" = "--threads" ] && t=$2; shift; done',
        'echo "peer pytorch test threads=$t cond: 1.000 steps/s, $((300 / t)).5 img/s"'
      ].join('\n')
    )
    chmodSync(python, 0o755)
    const script = join(dir, 'peer_dcgan.py')
    writeFileSync(script, '')
    try {
      const lines: string[] = []
      const c = await compareWithPeer({
        steps: 1,
        rounds: 3,
        conditional: true,
        peer: { script, python },
        onRun: (line) => lines.push(line)
      })
      expect(lines.map((l) => l.replace(/ [\d.]+ img.*/, ''))).toEqual(
        [1, 2, 3].flatMap((r) => [
          `round ${r}: gan-studio wasm DCGAN`,
          `round ${r}: gan-studio wasm default techniques`,
          `round ${r}: peer threads=1`,
          `round ${r}: peer threads=2`
        ])
      )
      expect(c.studio.runs).toHaveLength(3)
      // The default techniques, alternated too, and what they cost over the DCGAN step.
      expect(c.studioDefault.runs).toHaveLength(3)
      expect(c.studioDefault.cost).toBeCloseTo(
        c.studio.imagesPerSecond.median / c.studioDefault.imagesPerSecond.median,
        10
      )
      expect(c.peer!.byThreads['1']!.imagesPerSecond.median).toBe(300.5)
      expect(c.peer!.byThreads['2']!.imagesPerSecond.runs).toEqual([150.5, 150.5, 150.5])
      expect(c.peer!.best).toEqual({ threads: 1, imagesPerSecond: 300.5 })
      expect(c.ratio).toBeCloseTo(c.studio.imagesPerSecond.median / 300.5, 10)
      expect(c.load.runs).toHaveLength(24)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('still measures the studio when the peer cannot run, and says why', async () => {
    const c = await compareWithPeer({
      steps: 1,
      rounds: 1,
      conditional: true,
      peer: { script: '/nonexistent/peer_dcgan.py' }
    })
    expect(c.studio.runs).toHaveLength(1)
    expect(c.peerSkipped).toMatch(/not found/)
    expect(c.ratio).toBeUndefined()
  })
})
