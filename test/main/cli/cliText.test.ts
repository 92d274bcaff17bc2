import { describe, expect, it } from 'vitest'
import { cliText } from '../../../src/main/cli/cliText'

// The command line words an engine error as the studio does (src/shared/i18n/errorWords.ts).
const explain = (LANG: string) => cliText({ LANG }).explain

describe('cliText().explain: an engine error in the language of LANG', () => {
  it('words a coded error in Chinese, its numbers as the engine wrote them', () => {
    expect(
      explain('zh_CN.UTF-8')('None of the 1234 image file(s) in "/home/ana/猫" could be read.', {
        code: 'no-readable-images',
        params: { path: '/home/ana/猫', count: 1234 }
      })
    ).toBe(
      '“/home/ana/猫”中的 1234 个图像文件都无法读取，跳过文件列表中注明了原因。请修复或替换这些文件后重新打开文件夹。'
    )
    expect(
      explain('zh_TW.UTF-8')('Nothing to pause: no run is training.', {
        code: 'not-running',
        params: { action: 'pause' }
      })
    ).toBe('目前沒有正在訓練的執行。')
  })

  it('prints the engine’s own sentence in English', () => {
    const message = 'Nothing to pause: no run is training.'
    expect(explain('C')(message, { code: 'not-running', params: { action: 'pause' } })).toBe(
      message
    )
    expect(explain('en_US.UTF-8')('plain', {})).toBe('plain')
  })

  it('falls back to the English sentence when the code’s message cannot be filled in', () => {
    const zh = explain('zh_CN.UTF-8')
    // The code without the values its message quotes: English, never a message with holes.
    expect(zh('The folder "/p" is empty.', { code: 'empty-folder' })).toBe(
      'The folder "/p" is empty.'
    )
    expect(zh('Something new.', { code: 'brand-new-code', params: {} })).toBe('Something new.')
    expect(zh('No code at all.')).toBe('No code at all.')
  })
})
