import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { setStudio } from '../helpers/studio'
import { useLabStore } from '@renderer/stores/lab'
import type { StudioApi } from '@shared/api'
import type { LabFrame } from '@shared/lab'

const frame = (step: number) =>
  ({
    step,
    js: 0.5,
    value: -1,
    gGradNorm: 1,
    dStarGap: 0.1,
    modesCovered: 1,
    modesTotal: 1
  }) as LabFrame

describe('the Lab store', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('sends the engine its calls in the order they were made, even when an answer is slow', async () => {
    const calls: string[] = []
    let releaseFirst!: () => void
    const firstReset = new Promise<void>((r) => (releaseFirst = r))
    let resets = 0
    setStudio({
      onEvent: () => () => undefined,
      labReset: vi.fn(async () => {
        const n = ++resets
        calls.push(`reset ${n} start`)
        if (n === 1) await firstReset
        calls.push(`reset ${n} end`)
        return frame(0)
      }),
      labRun: vi.fn(async () => {
        calls.push('run')
        return { state: 'running' as const }
      })
    } as unknown as StudioApi)
    const lab = useLabStore()
    const opening = lab.choose('equilibrium') // the view's first reset, slow to answer
    const picking = lab.choose('saturation') // the user picks a preset meanwhile
    const running = lab.run()
    releaseFirst()
    await Promise.all([opening, picking, running])
    expect(calls).toEqual(['reset 1 start', 'reset 1 end', 'reset 2 start', 'reset 2 end', 'run'])
    expect(lab.presetName).toBe('saturation')
    expect(lab.error).toBeUndefined()
  })

  it('keeps the variants’ figures in the history beside the main run’s', async () => {
    const withVariant = (step: number) =>
      ({
        ...frame(step),
        variants: [{ label: 'no noise', js: 0.69, gGradNorm: 1e-4, dStarGap: 0.01 }]
      }) as LabFrame
    setStudio({
      onEvent: () => () => undefined,
      labReset: vi.fn(async () => withVariant(0)),
      labStep: vi.fn(async () => withVariant(1))
    } as unknown as StudioApi)
    const lab = useLabStore()
    await lab.choose('instance-noise')
    await lab.step(1)
    expect(lab.history.map((p) => [p.step, p.js, p.v0Js, p.v0GradNorm])).toEqual([
      [0, 0.5, 0.69, 1e-4],
      [1, 0.5, 0.69, 1e-4]
    ])
    expect(lab.config.variants[0]!.label).toBe('no noise')
  })
})
