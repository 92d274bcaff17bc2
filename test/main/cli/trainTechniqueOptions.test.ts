import { Command } from 'commander'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  addTechniqueOptions,
  techniqueConfig,
  type TechniqueOptions
} from '../../../src/main/cli/trainTechniqueOptions'
import { TECHNIQUES } from '../../../src/shared/techniques'
import { createTranslator } from '../../../src/shared/i18n/coreTranslator'
import { messages } from '../../../src/shared/i18n/messages/index'
import { addTrainOptions, trainConfig, type TrainOptions } from '../../../src/main/cli/trainOptions'
import { CLASSIC_DCGAN, DEFAULT_TECHNIQUES, TrainConfigSchema } from '../../../src/shared/train'

const english = createTranslator('en')

function parse(args: string[]): TechniqueOptions {
  const command = addTechniqueOptions(new Command('train'), english)
    .option('--lr-g <x>', 'lr G', Number)
    .option('--lr-d <x>', 'lr D', Number)
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: () => undefined })
  command.parse(args, { from: 'user' })
  return command.opts<TechniqueOptions>()
}

describe('train --help for the techniques', () => {
  it('lists every technique flag with the sentence the Train view shows', () => {
    const text = addTechniqueOptions(new Command('train'), english)
      .helpInformation()
      .replace(/\s+/g, ' ')
    for (const t of TECHNIQUES) {
      expect(text).toContain(t.flag)
      expect(text).toContain(t.help.replace(/\s+/g, ' ').slice(0, 40))
    }
  })

  describe('in the language of LANG', () => {
    afterEach(() => vi.unstubAllEnvs())
    const helpWith = (lang: string) => {
      for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANGUAGE']) vi.stubEnv(name, '')
      vi.stubEnv('LANG', lang)
      return addTechniqueOptions(new Command('train')).helpInformation().replace(/\s+/g, '')
    }
    const squeezed = (s: string) => s.replace(/\s+/g, '')

    it('zh_TW.UTF-8: Traditional Chinese, in Taiwan’s terms', () => {
      const text = helpWith('zh_TW.UTF-8')
      const tw = messages['zh-TW'].techniques
      for (const t of TECHNIQUES) {
        const id = t.id as Exclude<typeof t.id, 'cli'>
        expect(text).toContain(squeezed(tw[id].help).slice(0, 30))
      }
      expect(text).toContain('資料集') // not 数据集
      expect(text).not.toContain(squeezed(messages['zh-CN'].techniques.r1Gamma.help).slice(0, 12))
      expect(text).not.toContain(squeezed(TECHNIQUES[0].help).slice(0, 20))
    })

    it('zh_CN.UTF-8: Simplified; C and en_US: English', () => {
      expect(helpWith('zh_CN.UTF-8')).toContain(
        squeezed(messages['zh-CN'].techniques.augment.help).slice(0, 30)
      )
      for (const lang of ['C.UTF-8', 'en_US.UTF-8']) {
        expect(helpWith(lang)).toContain(squeezed(TECHNIQUES[0].help).slice(0, 30))
      }
    })

    it('refuses a bad value in that language too', () => {
      for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANGUAGE']) vi.stubEnv(name, '')
      vi.stubEnv('LANG', 'zh_TW.UTF-8')
      const command = addTechniqueOptions(new Command('train'))
        .exitOverride()
        .configureOutput({ writeErr: () => undefined, writeOut: () => undefined })
      expect(() => command.parse(['--r1', 'lots'], { from: 'user' })).toThrow(
        /--r1 需要介於 0 到 1000 的數值；收到的是 "lots"/
      )
    })
  })
})

describe('technique flags → config', () => {
  it('sets only what was given; the schema fills the rest with the default techniques', () => {
    expect(techniqueConfig(parse([]))).toEqual({})
    const none = TrainConfigSchema.parse({
      dataset: { kind: 'builtin', name: 'shapes' },
      ...techniqueConfig(parse([]))
    })
    expect(none).toMatchObject({
      ...DEFAULT_TECHNIQUES,
      model: 'dcgan',
      conditioning: 'projection',
      spectralNorm: true,
      augment: 'adaptive',
      r1Gamma: 0,
      lrG: 2e-4,
      lrD: 2e-4
    })
    const all = techniqueConfig(
      parse([
        '--model',
        'resnet',
        '--ema',
        '--ema-decay',
        '0.99',
        '--conditioning',
        'projection',
        '--spectral-norm',
        '--augment',
        'adaptive',
        '--augment-ops',
        'translation,color',
        '--augment-target',
        '0.7',
        '--r1',
        '5',
        '--ttur'
      ])
    )
    expect(all).toEqual({
      model: 'resnet',
      ema: true,
      emaDecay: 0.99,
      conditioning: 'projection',
      spectralNorm: true,
      augment: 'adaptive',
      augmentOps: ['translation', 'color'],
      augmentTarget: 0.7,
      r1Gamma: 5,
      lrG: 1e-4,
      lrD: 4e-4
    })
    expect(() =>
      TrainConfigSchema.parse({ dataset: { kind: 'builtin', name: 'shapes' }, ...all })
    ).not.toThrow()
  })

  it('turns the default techniques off by flag: --no-spectral-norm, --no-ema', () => {
    expect(techniqueConfig(parse(['--no-spectral-norm', '--no-ema']))).toEqual({
      spectralNorm: false,
      ema: false
    })
    expect(techniqueConfig(parse(['--spectral-norm']))).toEqual({ spectralNorm: true })
  })

  it('--dcgan trains the classic DCGAN, and the flags given with it still win', () => {
    const config = (args: string[]) => {
      const command = addTechniqueOptions(addTrainOptions(new Command('train'), english), english)
        .exitOverride()
        .configureOutput({ writeErr: () => undefined, writeOut: () => undefined })
      command.parse(['--data', 'shapes', '--out', '/tmp/x', ...args], { from: 'user' })
      return trainConfig(command.opts<TrainOptions>(), { kind: 'builtin', name: 'shapes' })
    }
    expect(config([])).toMatchObject(DEFAULT_TECHNIQUES)
    expect(config(['--dcgan'])).toMatchObject(CLASSIC_DCGAN)
    expect(
      config(['--dcgan', '--loss', 'hinge', '--spectral-norm', '--batch', '32'])
    ).toMatchObject({
      ...CLASSIC_DCGAN,
      loss: 'hinge',
      spectralNorm: true,
      batchSize: 32
    })
    // Without --dcgan, a flag not given takes the default, not undefined.
    expect(config(['--batch', '32']).loss).toBe(DEFAULT_TECHNIQUES.loss)
  })

  it('--ttur leaves a learning rate given explicitly alone', () => {
    expect(techniqueConfig(parse(['--ttur', '--lr-d', '0.001']))).toEqual({ lrG: 1e-4 })
  })

  it('refuses bad values, naming the flag and what it takes', () => {
    expect(() => parse(['--augment-strength', '2'])).toThrow(
      /--augment-strength takes a number from 0 to 1; got "2"/
    )
    expect(() => parse(['--augment-ops', 'rotate'])).toThrow(/"rotate" is not one of them/)
    expect(() => parse(['--model', 'vit'])).toThrow(/Allowed choices are dcgan, resnet/)
    expect(() => parse(['--r1', 'lots'])).toThrow(/--r1 takes a number/)
  })
})
