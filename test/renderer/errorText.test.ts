import { afterEach, describe, expect, it } from 'vitest'
import { ERROR_CODES, errorCodeKey } from '@shared/errorCodes'
import { LOCALES } from '@shared/i18n/locales'
import { messages } from '@shared/i18n/messages/index'
import { StudioError } from '@shared/rpc'
import { i18n } from '@renderer/i18n'
import { errorText, stopReasonText } from '@renderer/lib/errorText'
import { errorSlot, guardedCalls } from '@renderer/stores/engineCalls'

const use = (locale: (typeof LOCALES)[number]) => (i18n.global.locale.value = locale)

const unreadable = () =>
  new StudioError(
    'None of the 1234 image file(s) in "/home/ana/猫" could be read; the list of skipped files says why.',
    'no-readable-images',
    { params: { path: '/home/ana/猫', count: 1234 } }
  )

describe('errorText: an engine error in the user’s language', () => {
  afterEach(() => use('en'))

  it('words a coded error in Simplified Chinese, with its path and count', () => {
    use('zh-CN')
    expect(errorText(unreadable())).toBe(
      '“/home/ana/猫”中的 1,234 个图像文件都无法读取，跳过文件列表中注明了原因。请修复或替换这些文件后重新打开文件夹。'
    )
  })

  it('words it in Traditional Chinese with Taiwan’s terms', () => {
    use('zh-TW')
    const text = errorText(unreadable())
    expect(text).toContain('「/home/ana/猫」')
    expect(text).toContain('1,234 個影像檔')
    expect(text).toContain('資料夾')
  })

  it('keeps the engine’s own sentence in English, and words a bare code from its params', () => {
    use('en')
    expect(errorText(unreadable())).toBe(unreadable().message)
    expect(
      errorText({ message: '', code: 'batch-too-large', params: { batchSize: 64, count: 10 } })
    ).toBe(
      'The batch size (64) is larger than the dataset (10 images), so no whole batch fits. Choose a batch size of at most the dataset size.'
    )
  })

  it('falls back to the engine’s English message for a code it does not know', () => {
    use('zh-CN')
    const err = new StudioError('Something new went wrong in "/x".', 'brand-new-code', {
      params: { path: '/x' }
    })
    expect(errorText(err)).toBe('Something new went wrong in "/x".')
  })

  it('falls back to the English message when the params its message needs are missing', () => {
    use('zh-CN')
    // An older engine: the code, but not the values.
    expect(errorText(new StudioError('The folder "/p" is empty.', 'empty-folder'))).toBe(
      'The folder "/p" is empty.'
    )
  })

  it('words an error with no code by its message, and a bare value sensibly', () => {
    use('zh-TW')
    expect(errorText(new Error('plain'))).toBe('plain')
    expect(errorText('a string')).toBe('a string')
    expect(errorText(undefined)).toBe('引擎發生錯誤。')
  })

  it('reads a plain RPC-shaped object too (as an event or a reply carries it)', () => {
    use('zh-CN')
    expect(errorText({ message: 'x', code: 'cancelled' })).toBe('已取消生成。')
  })

  it('gives a store’s guarded call the error in the current language, and re-words it on a switch', async () => {
    use('zh-CN')
    const error = errorSlot()
    await guardedCalls(error)(async () => {
      throw new StudioError('Nothing to pause: no run is training.', 'not-running', {
        params: { action: 'pause' }
      })
    })
    expect(error.value).toBe('当前没有正在训练的运行。')
    use('en')
    expect(error.value).toBe('Nothing to pause: no run is training.')
  })

  it('keeps an event’s reason, a message of ours or a plain sentence in the same slot', () => {
    const error = errorSlot()
    use('zh-TW')
    error.value = {
      type: 'training-state',
      code: 'nan-loss-discriminator',
      params: { step: 3, loss: 'NaN' },
      message: 'Training stopped at step 3: the discriminator loss became NaN.'
    }
    expect(error.value).toContain('判別器')
    error.value = () => 'worded now'
    expect(error.value).toBe('worded now')
    error.value = 'as it is'
    expect(error.value).toBe('as it is')
    error.value = undefined
    expect(error.value).toBeUndefined()
  })
})

describe('stopReasonText: why a run stopped', () => {
  afterEach(() => use('en'))

  it('words a NaN loss stop with its step and loss', () => {
    use('zh-CN')
    const text = stopReasonText({
      code: 'nan-loss-discriminator',
      params: { step: 1200, loss: 'NaN' },
      message: 'Training stopped at step 1200: the discriminator loss became NaN …'
    })
    expect(text).toContain('第 1,200 步')
    expect(text).toContain('判别器损失变为 NaN')
  })

  it('words a stop at a step, and falls back to the message of an event without a code', () => {
    use('zh-TW')
    expect(stopReasonText({ code: 'stopped-at-step', params: { step: 40, total: 100 } })).toBe(
      '已在第 40 步（共 100 步）停止。'
    )
    expect(stopReasonText({ message: 'Opening the dataset…' })).toBe('Opening the dataset…')
    expect(stopReasonText({})).toBeUndefined()
  })
})

describe('the error codes', () => {
  it('each have a message in every language, and every message a code', () => {
    for (const locale of LOCALES) {
      const codes = (messages[locale].errors as { codes: Record<string, string> }).codes
      const missing = ERROR_CODES.filter((code) => !codes[errorCodeKey(code)]?.trim())
      expect(missing, `${locale} lacks messages for these codes`).toEqual([])
    }
    // No message for a code that is not in the list.
    const known = new Set(ERROR_CODES.map(errorCodeKey))
    const english = (messages.en.errors as { codes: Record<string, string> }).codes
    expect(Object.keys(english).filter((k) => !known.has(k))).toEqual([])
  })

  it('are unique', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length)
  })
})
