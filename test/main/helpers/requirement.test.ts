import { describe, expect, it } from 'vitest'
import { requirement } from '../../helpers/requirement'

// What a test that needs a Debian package does when the package is missing: skip with a
// note outside the test command, fail naming the package under it (or in a CI).
describe('a requirement from outside the repository', () => {
  const missing = "torchvision is missing: install Debian's python3-torchvision"

  it('fails the test, naming what to install, where the test command needs it', () => {
    const needed = requirement(false, missing, true)
    expect(needed.skip).toBe(false)
    expect(() => needed.check()).toThrow(
      /install Debian's python3-torchvision\. The test command needs it, so this test fails/
    )
    const ctx = { skip: (note: string): never => expect.fail(`skipped: ${note}`) }
    expect(() => needed.check(ctx)).toThrow(/The test command needs it/)
  })

  it('skips with the same note elsewhere', () => {
    const optional = requirement(false, missing, false)
    expect(optional.skip).toBe(true)
    const notes: string[] = []
    const ctx = {
      skip: (note: string): never => {
        notes.push(note)
        throw new Error('skipped')
      }
    }
    expect(() => optional.check(ctx)).toThrow('skipped')
    expect(notes).toEqual([`${missing}.`])
  })

  it('lets the test run where it is present', () => {
    for (const required of [true, false]) {
      const present = requirement(true, missing, required)
      expect(present.skip).toBe(false)
      expect(() => present.check()).not.toThrow()
    }
  })
})
