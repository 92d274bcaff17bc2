import { describe, expect, it } from 'vitest'
import { createTranslator } from '../../../src/shared/i18n/coreTranslator'
import { errorWords, type ErrorSpeaker } from '../../../src/shared/i18n/errorWords'
import type { Locale } from '../../../src/shared/i18n/locales'

// The one wording of engine errors that the studio (errorText) and the CLI (cliText) share.
const speaker = (locale: Locale, number?: ErrorSpeaker['number']): ErrorSpeaker => ({
  locale,
  t: createTranslator(locale),
  number
})

const batchTooLarge = {
  code: 'batch-too-large',
  params: { batchSize: 64, count: 12000 },
  message: 'The batch size (64) is larger than the dataset (12000 images).'
}

describe('errorWords: an engine error in the speaker’s language', () => {
  it('words a coded error in Chinese from its params, numbers as they came', () => {
    expect(errorWords(speaker('zh-CN'), batchTooLarge)).toBe(
      '批大小（64）大于数据集（12000 张图像），一个完整批次都放不下。请把批大小设为不超过数据集大小。'
    )
    expect(
      errorWords(speaker('zh-TW'), { code: 'stopped-at-step', params: { step: 40, total: 100 } })
    ).toBe('已在第 40 步（共 100 步）停止。')
  })

  it('writes the numbers it quotes the speaker’s way when the speaker says how', () => {
    const grouped = speaker('zh-CN', (n) => new Intl.NumberFormat('zh-CN').format(n))
    expect(errorWords(grouped, batchTooLarge)).toContain('（12,000 张图像）')
    // Text params are never touched.
    expect(errorWords(grouped, { code: 'worker-crashed', params: { detail: 'exit 1234' } })).toBe(
      '引擎的工作线程已停止（exit 1234）。'
    )
  })

  it('keeps the engine’s own sentence in English, and words a code in English without one', () => {
    expect(errorWords(speaker('en'), batchTooLarge)).toBe(batchTooLarge.message)
    expect(errorWords(speaker('en'), { ...batchTooLarge, message: '' })).toBe(
      'The batch size (64) is larger than the dataset (12000 images), so no whole batch fits. Choose a batch size of at most the dataset size.'
    )
  })

  it('falls back to the English sentence when the code’s message cannot be filled in', () => {
    const zh = speaker('zh-CN')
    // An older engine: the code without the values its message quotes.
    expect(errorWords(zh, { code: 'empty-folder', message: 'The folder "/p" is empty.' })).toBe(
      'The folder "/p" is empty.'
    )
    expect(errorWords(zh, { code: 'empty-folder', params: { path: '/p' }, message: 'empty' })).toBe(
      'empty'
    ) // {example} is missing too
    // Values that are not text or numbers.
    expect(errorWords(zh, { code: 'not-found', params: { path: ['/a'] }, message: 'no /a' })).toBe(
      'no /a'
    )
    // A code this list does not know, and one that only looks like a key.
    expect(errorWords(zh, { code: 'brand-new-code', params: {}, message: 'new' })).toBe('new')
    expect(errorWords(zh, { code: 'constructor', message: 'odd' })).toBe('odd')
    expect(errorWords(zh, { code: 42, message: 'numeric code' })).toBe('numeric code')
  })

  it('says nothing when there is neither a usable code nor a sentence', () => {
    expect(errorWords(speaker('zh-TW'), {})).toBeUndefined()
    expect(errorWords(speaker('en'), { message: '' })).toBeUndefined()
    expect(errorWords(speaker('zh-CN'), { code: 'empty-folder', message: '' })).toBeUndefined()
  })

  it('words a code whose message quotes nothing, whatever params come with it', () => {
    expect(errorWords(speaker('zh-TW'), { code: 'not-running', params: { action: 'pause' } })).toBe(
      '目前沒有正在訓練的執行。'
    )
  })
})
