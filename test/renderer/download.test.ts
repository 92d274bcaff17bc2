import { describe, expect, it } from 'vitest'
import { safeName } from '@renderer/lib/download'
import { SaveImagesRequestSchema } from '@shared/runs'

describe('safeName: a file name from a chart title or a class name', () => {
  it('keeps letters and digits of any script, and turns the rest into dashes', () => {
    expect(safeName('D 的输出：真实样本上的平均 D(x)')).toBe('D-的输出-真实样本上的平均-D-x')
    expect(safeName('損失')).toBe('損失')
    expect(safeName('T-shirt/top seed 3')).toBe('T-shirt-top-seed-3')
  })

  it('falls back when nothing usable is left, and cuts at 64 characters, never inside one', () => {
    expect(safeName('／？！', 'chart')).toBe('chart')
    const long = safeName('𝔾'.repeat(70))
    expect(Array.from(long)).toHaveLength(64)
    expect(long).toBe('𝔾'.repeat(64))
  })

  it('gives a prefix the engine accepts for saving images', () => {
    const prefix = safeName('連衣裙-seed3', 'image')
    expect(SaveImagesRequestSchema.shape.prefix.parse(prefix)).toBe('連衣裙-seed3')
    expect(() => SaveImagesRequestSchema.shape.prefix.parse('../up')).toThrow()
  })
})
