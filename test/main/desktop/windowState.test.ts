import { EventEmitter } from 'node:events'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  DEFAULT_WINDOW_STATE,
  fitToDisplays,
  loadWindowState,
  saveWindowState,
  trackWindowState,
  type Rect,
  type TrackedWindow
} from '../../../src/main/desktop/windowState'

let dir: string
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'gan-studio-window-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('window state file', () => {
  it('round-trips, written atomically with no temporary file left', () => {
    const file = path.join(dir, 'nested', 'window-state.json')
    const state = { x: 40, y: 30, width: 1400, height: 900, maximized: true, fullScreen: false }
    saveWindowState(file, state)
    expect(loadWindowState(file)).toEqual(state)
    expect(readdirSync(path.dirname(file))).toEqual(['window-state.json'])
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(state)
  })

  it('falls back to the default when the file is missing, corrupt or nonsense', () => {
    expect(loadWindowState(path.join(dir, 'missing.json'))).toEqual(DEFAULT_WINDOW_STATE)
    const corrupt = path.join(dir, 'corrupt.json')
    writeFileSync(corrupt, '{"width": 12')
    expect(loadWindowState(corrupt)).toEqual(DEFAULT_WINDOW_STATE)
    writeFileSync(corrupt, JSON.stringify({ width: -5, height: 'tall' }))
    expect(loadWindowState(corrupt)).toEqual(DEFAULT_WINDOW_STATE)
  })
})

describe('fitToDisplays', () => {
  const laptop: Rect = { x: 0, y: 0, width: 1440, height: 900 }
  const monitor: Rect = { x: 1440, y: 0, width: 2560, height: 1440 }

  it('keeps a window that is on a screen', () => {
    const state = { x: 1600, y: 100, width: 1200, height: 800, maximized: false, fullScreen: false }
    expect(fitToDisplays(state, [laptop, monitor])).toEqual(state)
  })

  it('forgets the position of a window whose screen was unplugged', () => {
    const state = { x: 1600, y: 100, width: 1200, height: 800, maximized: false, fullScreen: false }
    expect(fitToDisplays(state, [laptop])).toEqual({
      width: 1200,
      height: 800,
      maximized: false,
      fullScreen: false
    })
  })

  it('shrinks a window larger than the largest screen', () => {
    const state = { width: 4000, height: 3000, maximized: false, fullScreen: false }
    expect(fitToDisplays(state, [laptop])).toMatchObject({ width: 1440, height: 900 })
  })
})

class FakeWindow extends EventEmitter implements TrackedWindow {
  bounds: Rect = { x: 0, y: 0, width: 1000, height: 700 }
  maximized = false
  getNormalBounds(): Rect {
    return this.bounds
  }
  isMaximized(): boolean {
    return this.maximized
  }
  isFullScreen(): boolean {
    return false
  }
}

describe('trackWindowState', () => {
  afterEach(() => vi.useRealTimers())

  it('saves once the window stops moving, and when it closes', () => {
    vi.useFakeTimers()
    const win = new FakeWindow()
    const save = vi.fn()
    const stop = trackWindowState(win, save, 500)
    for (let i = 0; i < 20; i++) {
      win.bounds = { x: i, y: i, width: 1000 + i, height: 700 }
      win.emit(i % 2 ? 'move' : 'resize')
      vi.advanceTimersByTime(50)
    }
    expect(save).not.toHaveBeenCalled()
    vi.advanceTimersByTime(500)
    expect(save).toHaveBeenCalledTimes(1)
    expect(save).toHaveBeenLastCalledWith({
      x: 19,
      y: 19,
      width: 1019,
      height: 700,
      maximized: false,
      fullScreen: false
    })
    win.maximized = true
    win.emit('close')
    expect(save).toHaveBeenCalledTimes(2)
    expect(save.mock.lastCall?.[0]).toMatchObject({ maximized: true })
    stop()
    win.emit('close')
    expect(save).toHaveBeenCalledTimes(2)
  })

  it('survives a data folder it cannot write', () => {
    const win = new FakeWindow()
    trackWindowState(win, () => {
      throw new Error('EROFS')
    })
    expect(() => win.emit('close')).not.toThrow()
  })
})
