import { describe, expect, it } from 'vitest'
import {
  isLocale,
  LOCALE_AUTONYMS,
  LOCALES,
  localeFromEnv,
  matchLocale
} from '../../../src/shared/i18n/locales'
import { createTranslator } from '../../../src/shared/i18n/coreTranslator'
import {
  SYSTEM_LANGUAGES_SWITCH,
  systemLanguagesArgument,
  systemLanguagesFromArgv
} from '../../../src/shared/ipcChannels'

describe('matchLocale: the first preference the studio speaks', () => {
  it.each([
    [['zh-Hant-HK'], 'zh-TW'],
    [['zh-Hant'], 'zh-TW'],
    [['zh-TW'], 'zh-TW'],
    [['zh-HK'], 'zh-TW'],
    [['zh-MO'], 'zh-TW'],
    [['zh_TW.UTF-8'], 'zh-TW'],
    [['zh_HK.Big5@stroke'], 'zh-TW'],
    [['zh-Hans-HK'], 'zh-CN'],
    [['zh-SG'], 'zh-CN'],
    [['zh-Hans-CN'], 'zh-CN'],
    [['zh_CN.GB18030'], 'zh-CN'],
    [['zh'], 'zh-CN'],
    [['ZH-tw'], 'zh-TW'],
    [['fr', 'zh-CN'], 'zh-CN'],
    [['fr-FR', 'de', 'zh-Hant-TW', 'en'], 'zh-TW'],
    [['en-GB', 'zh-CN'], 'en'],
    [['de'], 'en'],
    [[], 'en'],
    [[undefined, null, '', 'zh-TW'], 'zh-TW']
  ] as const)('%j → %s', (preferences, expected) => {
    expect(matchLocale(preferences)).toBe(expected)
  })
})

describe('localeFromEnv: the CLI follows LANG as gettext reads it', () => {
  it.each([
    [{ LANG: 'zh_TW.UTF-8' }, 'zh-TW'],
    [{ LANG: 'zh_CN.UTF-8' }, 'zh-CN'],
    [{ LANG: 'de_DE.UTF-8' }, 'en'],
    [{}, 'en'],
    // LC_ALL overrides LC_MESSAGES, which overrides LANG.
    [{ LC_ALL: 'zh_HK.UTF-8', LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' }, 'zh-TW'],
    [{ LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' }, 'zh-CN'],
    // LANGUAGE (a colon list) comes first…
    [{ LANGUAGE: 'fr:zh_TW:en', LANG: 'zh_CN.UTF-8' }, 'zh-TW'],
    [{ LANGUAGE: '', LANG: 'zh_CN.UTF-8' }, 'zh-CN'],
    // …unless the locale is C or POSIX, which means untranslated.
    [{ LANGUAGE: 'zh_CN', LC_ALL: 'C' }, 'en'],
    [{ LANGUAGE: 'zh_TW', LANG: 'C.UTF-8' }, 'en'],
    [{ LANGUAGE: 'zh_TW', LANG: 'POSIX' }, 'en'],
    [{ LC_ALL: 'C', LANG: 'zh_CN.UTF-8' }, 'en']
  ] as const)('%j → %s', (env, expected) => {
    expect(localeFromEnv(env)).toBe(expected)
  })
})

describe('the languages', () => {
  it('are named in themselves, and only they are locales', () => {
    expect(LOCALES.map((l) => LOCALE_AUTONYMS[l])).toEqual(['English', '简体中文', '繁體中文'])
    expect(LOCALES.every(isLocale)).toBe(true)
    expect(['system', 'zh', 'zh-HK', 'fr', 3, null].some(isLocale)).toBe(false)
  })

  it('each speaks through the same translator the CLI and the menus use', () => {
    expect(createTranslator('en')('menu.file.openDataset')).toBe('Open Dataset Folder…')
    expect(createTranslator('zh-CN')('menu.file.openDataset')).toBe('打开数据集文件夹…')
    expect(createTranslator('zh-TW')('menu.file.openDataset')).toBe('開啟資料集資料夾…')
    expect(createTranslator('zh-TW')('menu.help.about', { app: 'GAN Studio' })).toBe(
      '關於 GAN Studio'
    )
  })
})

describe("the system's languages on the page's command line (desktop preload)", () => {
  it('round-trip in order', () => {
    const arg = systemLanguagesArgument(['zh-Hant-TW', 'en-US', 'zh_CN'])
    expect(arg).toBe(`${SYSTEM_LANGUAGES_SWITCH}zh-Hant-TW,en-US,zh_CN`)
    expect(systemLanguagesFromArgv(['/app/electron', '--type=renderer', arg])).toEqual([
      'zh-Hant-TW',
      'en-US',
      'zh_CN'
    ])
  })

  it('drop anything that is not a language tag, and read nothing when absent', () => {
    const arg = systemLanguagesArgument(['en', 'x,y', '--evil=1 2', '', 'zh-TW'])
    expect(systemLanguagesFromArgv([arg])).toEqual(['en', 'zh-TW'])
    expect(systemLanguagesFromArgv([`${SYSTEM_LANGUAGES_SWITCH}a b,fr`])).toEqual(['fr'])
    expect(systemLanguagesFromArgv(['--type=renderer'])).toEqual([])
    expect(systemLanguagesFromArgv([SYSTEM_LANGUAGES_SWITCH])).toEqual([])
  })
})
