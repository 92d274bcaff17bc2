import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { StudioEvent } from '../../../src/shared/events'
import type { Progress } from '../../../src/shared/train'
import { EventForwarder } from '../../../src/main/desktop/eventForwarder'

function progress(step: number, runId = 'run-1'): StudioEvent {
  const p: Progress = {
    runId,
    step,
    epoch: 0,
    totalSteps: 10_000,
    dLoss: 1,
    gLoss: 1,
    dReal: 0.5,
    dFake: 0.5,
    imagesPerSecond: 1000,
    etaSeconds: 10,
    elapsedSeconds: step / 100
  }
  return { type: 'progress', progress: p }
}

const sample: StudioEvent = {
  type: 'samples',
  runId: 'run-1',
  step: 100,
  png: new Uint8Array([137, 80, 78, 71]),
  rowLabels: ['a']
}

const steps = (events: StudioEvent[]) =>
  events.flatMap((e) => (e.type === 'progress' ? [e.progress.step] : []))

describe('EventForwarder', () => {
  let sent: { at: number; event: StudioEvent }[]
  let forwarder: EventForwarder

  beforeEach(() => {
    vi.useFakeTimers()
    vi.setSystemTime(0)
    sent = []
    forwarder = new EventForwarder({ send: (event) => sent.push({ at: Date.now(), event }) })
  })
  afterEach(() => {
    forwarder.dispose()
    vi.useRealTimers()
  })

  it('passes every progress event on at once and in order: the trainer paces them', () => {
    for (let step = 1; step <= 300; step++) forwarder.forward(progress(step))
    expect(steps(sent.map((s) => s.event))).toEqual(Array.from({ length: 300 }, (_, i) => i + 1))
    vi.advanceTimersByTime(1000)
    expect(sent).toHaveLength(300) // nothing held back, nothing sent twice
  })

  it('does not throttle samples, checkpoints, logs or state changes', () => {
    forwarder.forward(progress(1))
    for (let i = 0; i < 30; i++) forwarder.forward({ ...sample, step: i })
    forwarder.forward({ type: 'checkpoint', runId: 'run-1', step: 500 })
    forwarder.forward({ type: 'log', level: 'error', message: 'boom' })
    forwarder.forward({ type: 'training-state', runId: 'run-1', state: 'paused' })
    forwarder.forward({ type: 'training-state', runId: 'run-1', state: 'running' })
    const types = sent.map((s) => s.event.type)
    expect(types.filter((t) => t === 'samples')).toHaveLength(30)
    expect(types).toContain('checkpoint')
    expect(types).toContain('log')
    expect(types.filter((t) => t === 'training-state')).toHaveLength(2)
    // Samples travel as PNG bytes, untouched.
    const first = sent.find((s) => s.event.type === 'samples')?.event
    expect(first && first.type === 'samples' && first.png).toBeInstanceOf(Uint8Array)
  })

  it('keeps a state change after the progress that led to it', () => {
    forwarder.forward(progress(1))
    forwarder.forward(progress(2))
    forwarder.forward({ type: 'training-state', runId: 'run-1', state: 'finished' })
    expect(sent.map((s) => s.event.type)).toEqual(['progress', 'progress', 'training-state'])
    expect(steps(sent.map((s) => s.event))).toEqual([1, 2])
  })

  it('passes dataset progress on as the engine paces it', () => {
    for (let done = 0; done <= 1000; done += 10) {
      forwarder.forward({ type: 'dataset-progress', phase: 'decode', done, total: 1000 })
    }
    const decode = sent.map((s) => s.event).filter((e) => e.type === 'dataset-progress')
    expect(decode).toHaveLength(101)
    expect(decode.at(-1)).toMatchObject({ done: 1000 })
  })

  it('replays the last engine state for a page that loaded late', () => {
    forwarder.forward({ type: 'engine-state', state: 'ready' })
    sent.length = 0
    forwarder.replayEngineState()
    expect(sent.map((s) => s.event)).toEqual([{ type: 'engine-state', state: 'ready' }])
  })

  it('sends nothing after dispose', () => {
    forwarder.forward(progress(1))
    forwarder.forward({ type: 'engine-state', state: 'ready' })
    forwarder.dispose()
    forwarder.forward(progress(2))
    forwarder.replayEngineState()
    expect(steps(sent.map((s) => s.event))).toEqual([1])
    expect(sent).toHaveLength(2)
  })
})
