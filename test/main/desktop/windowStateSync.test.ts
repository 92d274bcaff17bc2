import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { loadWindowState, saveWindowState } from '../../../src/main/desktop/windowState'

// The real fsync, counted: the window's state goes through the engine's one atomic write.
const synced = vi.hoisted(() => ({ count: 0 }))
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>()
  const fsyncSync = (fd: number) => {
    synced.count++
    actual.fsyncSync(fd)
  }
  return { ...actual, default: { ...actual, fsyncSync }, fsyncSync }
})

const dir = mkdtempSync(path.join(tmpdir(), 'gan-studio-window-sync-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('saving the window state', () => {
  it('fsyncs the file and its folder before it returns', () => {
    const file = path.join(dir, 'window-state.json')
    const state = { x: 1, y: 2, width: 800, height: 600, maximized: false, fullScreen: true }
    saveWindowState(file, state)
    // The file's data, then the folder holding the rename (not on Windows, which cannot).
    expect(synced.count).toBe(process.platform === 'win32' ? 1 : 2)
    expect(loadWindowState(file)).toEqual(state)
    expect(readdirSync(dir)).toEqual(['window-state.json'])
  })
})
