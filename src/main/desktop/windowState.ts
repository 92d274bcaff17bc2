import { mkdirSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { z } from 'zod'
import { atomicWriteSync } from '../engine/fs/atomicWrite'

/**
 * The window's size and position, remembered between sessions in a small JSON file
 * in the app's data folder. Written atomically (the engine's `atomicWriteSync`), so a
 * crash mid-write leaves the previous state whole.
 */

export const WindowStateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(200).max(20_000),
  height: z.number().int().min(150).max(20_000),
  maximized: z.boolean().default(false),
  fullScreen: z.boolean().default(false)
})
export type WindowState = z.infer<typeof WindowStateSchema>

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export const DEFAULT_WINDOW_STATE: WindowState = {
  width: 1280,
  height: 820,
  maximized: false,
  fullScreen: false
}

/** Reads the saved state; the default when there is none or it is unreadable. */
export function loadWindowState(
  file: string,
  fallback: WindowState = DEFAULT_WINDOW_STATE
): WindowState {
  try {
    const parsed = WindowStateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')))
    return parsed.success ? parsed.data : fallback
  } catch {
    return fallback
  }
}

export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true })
  atomicWriteSync(file, JSON.stringify(state, null, 2) + '\n')
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  return w > 0 && h > 0 ? w * h : 0
}

/**
 * Fits a saved state to today's displays: a window whose title bar would sit off
 * every screen (a monitor was unplugged) forgets its position; one larger than the
 * biggest work area shrinks to it.
 */
export function fitToDisplays(state: WindowState, workAreas: readonly Rect[]): WindowState {
  if (workAreas.length === 0) return state
  const widest = workAreas.reduce((a, b) => (a.width * a.height >= b.width * b.height ? a : b))
  const width = Math.min(state.width, widest.width)
  const height = Math.min(state.height, widest.height)
  if (state.x === undefined || state.y === undefined) return { ...state, width, height }
  const titleBar: Rect = { x: state.x, y: state.y, width, height: 40 }
  const visible = workAreas.some((area) => overlap(titleBar, area) >= Math.min(width, 120) * 20)
  if (visible) return { ...state, width, height }
  return { width, height, maximized: state.maximized, fullScreen: state.fullScreen }
}

/** What `trackWindowState` uses of `BrowserWindow`. */
export interface TrackedWindow {
  on(event: 'resize' | 'move' | 'close', listener: () => void): unknown
  getNormalBounds(): Rect
  isMaximized(): boolean
  isFullScreen(): boolean
}

/**
 * Saves the window's state after it stops moving or resizing, and when it closes.
 * Returns the function that stops tracking.
 */
export function trackWindowState(
  win: TrackedWindow,
  save: (state: WindowState) => void,
  debounceMs = 500
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false
  const snapshot = (): WindowState => {
    // Normal bounds: what the window returns to when it is no longer maximized or minimized.
    const b = win.getNormalBounds()
    return {
      x: Math.round(b.x),
      y: Math.round(b.y),
      width: Math.round(b.width),
      height: Math.round(b.height),
      maximized: win.isMaximized(),
      fullScreen: win.isFullScreen()
    }
  }
  const saveNow = (): void => {
    clearTimeout(timer)
    timer = undefined
    if (stopped) return
    try {
      save(snapshot())
    } catch {
      // A read-only data folder costs only the remembered position.
    }
  }
  const later = (): void => {
    clearTimeout(timer)
    timer = setTimeout(saveNow, debounceMs)
  }
  win.on('resize', later)
  win.on('move', later)
  win.on('close', saveNow)
  return () => {
    stopped = true
    clearTimeout(timer)
  }
}
