import { describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import { setLocale, t } from '@renderer/i18n'
import TrainSettings from '@renderer/components/train/TrainSettings.vue'
import { useTrainingStore } from '@renderer/stores/training'
import { TECHNIQUES, techniqueHelp } from '@shared/techniques'
import { CLASSIC_DCGAN } from '@shared/train'
import { presetValues } from '@renderer/stores/techniquePresets'
import { mountView } from '../views/mountView'

describe('Train view: techniques beyond DCGAN', () => {
  it('explains each control with the sentence train --help prints, and sets the config', async () => {
    const { wrapper, settle } = await mountView(TrainSettings)
    const section = wrapper.get('[data-testid="train-techniques"]')
    const titles = section.findAll('[title]').map((e) => e.attributes('title'))
    for (const key of [
      'model',
      'ema',
      'emaDecay',
      'conditioning',
      'spectralNorm',
      'augment',
      'augmentTarget',
      'r1Gamma',
      'lrD'
    ] as const) {
      expect(titles).toContain(techniqueHelp(key))
    }
    const training = useTrainingStore()
    // The default: the recommended techniques, and the button that says so is pressed.
    expect(training.form).toMatchObject({
      model: 'dcgan',
      conditioning: 'projection',
      spectralNorm: true,
      loss: 'hinge',
      ema: false,
      augment: 'adaptive',
      r1Gamma: 0
    })
    const pressed = () =>
      section.findAll('[aria-pressed="true"]').map((b) => b.attributes('data-testid'))
    expect(pressed()).toEqual(['train-preset-recommended'])
    expect(section.get('[data-testid="train-preset-hint"]').text()).toBe(
      t('train.settings.presets.recommendedHint')
    )
    // Classic DCGAN: every technique off, the loss back to non-saturating.
    await section.get('[data-testid="train-preset-classic"]').trigger('click')
    await settle()
    expect(training.form).toMatchObject(CLASSIC_DCGAN)
    expect(pressed()).toEqual(['train-preset-classic'])
    expect(section.find('[data-testid="train-preset-custom"]').exists()).toBe(false)

    await wrapper.get('[data-testid="train-ema"]').setValue('true')
    await wrapper.get('[data-testid="train-spectral-norm"]').setValue('true')
    await wrapper.get('[data-testid="train-conditioning"]').setValue('projection')
    await wrapper.get('[data-testid="train-r1"]').setValue('5')
    await wrapper.get('[data-testid="train-ttur"]').setValue('true')
    await wrapper.get('[data-testid="train-augment"]').setValue('adaptive')
    await settle()
    expect(training.form).toMatchObject({
      ema: true,
      spectralNorm: true,
      conditioning: 'projection',
      r1Gamma: 5,
      lrG: 1e-4,
      lrD: 4e-4,
      augment: 'adaptive'
    })
    expect(wrapper.find('#augmentTarget').exists()).toBe(true)
    // Unticking a transform leaves the other two; the last one cannot be unticked.
    const boxes = wrapper.get('[data-testid="train-augment-ops"]').findAll('input')
    await boxes[1]!.setValue(false)
    expect(training.form.augmentOps).toEqual(['translation', 'color'])
    await boxes[0]!.setValue(false)
    await boxes[2]!.setValue(false)
    expect(training.form.augmentOps).toEqual(['color'])
    expect(Object.keys(training.fieldErrors)).toEqual([])
    // Settings of neither preset: none is pressed, and the view says they are custom.
    expect(pressed()).toEqual([])
    expect(section.get('[data-testid="train-preset-custom"]').text()).toContain(
      t('train.settings.presets.custom')
    )
    // Recommended again: the techniques go back; settings outside them stay.
    training.form.batchSize = 32
    await section.get('[data-testid="train-preset-recommended"]').trigger('click')
    await settle()
    expect(training.form).toMatchObject({ ...presetValues('recommended'), batchSize: 32 })
    expect(pressed()).toEqual(['train-preset-recommended'])
  })

  it('says each sentence in the language shown, from the same table', async () => {
    const { wrapper } = await mountView(TrainSettings)
    try {
      for (const locale of ['zh-CN', 'zh-TW'] as const) {
        setLocale(locale)
        await nextTick()
        const text = wrapper.get('[data-testid="train-techniques"]').text()
        // augmentOps is the ticks' tooltip; adaptive (the default) shows its target, not a strength.
        for (const row of TECHNIQUES.filter(
          (r) => r.key !== 'augmentOps' && r.key !== 'augmentStrength'
        )) {
          const help = techniqueHelp(row.key, t)
          expect(help).not.toBe(row.help)
          expect(text).toContain(help)
        }
        expect(wrapper.get('[data-testid="train-augment"]').attributes('title')).toBe(
          techniqueHelp('augment', t)
        )
      }
    } finally {
      setLocale('en')
    }
  })
})
