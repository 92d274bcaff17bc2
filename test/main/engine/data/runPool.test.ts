import { describe, expect, it } from 'vitest'
import { runPool, Slots } from '../../../../src/main/engine/data/runPool'

const tick = () => new Promise<void>((resolve) => setImmediate(resolve))

describe('runPool', () => {
  it('runs every item with at most `concurrency` in flight', async () => {
    let running = 0
    let most = 0
    const done: number[] = []
    await runPool([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      running++
      most = Math.max(most, running)
      await tick()
      running--
      done.push(item)
    })
    expect(most).toBe(3)
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7])
  })

  it('stops at the first error: the calls in flight finish, none start after, the error is thrown', async () => {
    const events: string[] = []
    let inFlight = 0
    const run = runPool([0, 1, 2, 3, 4, 5, 6, 7], 2, async (item) => {
      events.push(`start ${item}`)
      inFlight++
      await tick()
      inFlight--
      if (item === 1) {
        events.push('failed')
        throw new Error('item 1 failed')
      }
    })
    await expect(run).rejects.toThrow('item 1 failed')
    expect(inFlight).toBe(0)
    const after = events.slice(events.indexOf('failed') + 1)
    expect(after.filter((e) => e.startsWith('start'))).toEqual([])
    expect(events).not.toContain('start 7')
  })
})

describe('Slots', () => {
  it('lets at most `slots` calls run at once and passes their results through', async () => {
    const slots = new Slots(2)
    let running = 0
    let most = 0
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        slots.use(async () => {
          running++
          most = Math.max(most, running)
          await tick()
          running--
          return n * 10
        })
      )
    )
    expect(results).toEqual([10, 20, 30, 40, 50])
    expect(most).toBe(2)
  })
})
