import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { defineComponent, h, ref, type Ref } from 'vue'
import SettingField, { type FieldSpec } from '@renderer/components/SettingField.vue'

/** The field as a form uses it: bound with v-model to what it edits. */
function mountField(field: FieldSpec) {
  const host = defineComponent(
    () => () =>
      h(SettingField, {
        field,
        modelValue: field.model.value,
        'onUpdate:modelValue': (v: unknown) => (field.model.value = v)
      })
  )
  return mount(host)
}

describe('a settings field', () => {
  it('is a number input that edits its value as a number, with the attributes given', async () => {
    const value: Ref<unknown> = ref(64)
    const typed: string[] = []
    const wrapper = mountField({
      id: 'batchSize',
      label: 'Batch size',
      model: value,
      error: 'must be at least 2',
      hint: 'images per step',
      attrs: { min: 2, 'data-testid': 'train-batch', onInput: () => typed.push('input') }
    })
    const label = wrapper.get('label')
    expect(label.attributes()).toMatchObject({ for: 'batchSize', title: 'images per step' })
    expect(label.text()).toBe('Batch size')
    const input = wrapper.get('input')
    expect(input.attributes()).toMatchObject({
      id: 'batchSize',
      type: 'number',
      min: '2',
      'data-testid': 'train-batch'
    })
    expect((input.element as HTMLInputElement).value).toBe('64')
    // The hint stays the label's tooltip unless asked for as a line.
    expect(wrapper.find('.hint').exists()).toBe(false)
    expect(wrapper.get('[role="alert"]').text()).toBe('must be at least 2')

    await input.setValue('16')
    expect(value.value).toBe(16)
    expect(typed).toEqual(['input'])
    value.value = 32
    await wrapper.vm.$nextTick()
    expect((input.element as HTMLInputElement).value).toBe('32')
  })

  it('is a select of the options given, their values kept as they are', async () => {
    const value: Ref<unknown> = ref(false)
    const wrapper = mountField({
      id: 'ema',
      label: 'EMA of G',
      model: value,
      hint: 'a moving average of G',
      showHint: true,
      options: [
        { value: false, label: 'off' },
        { value: true, label: 'on', title: 'averages G' },
        { value: 'later', label: 'later', disabled: true }
      ],
      attrs: { 'data-testid': 'train-ema' }
    })
    expect(wrapper.find('input').exists()).toBe(false)
    const options = wrapper.findAll('option')
    expect(options.map((o) => o.text())).toEqual(['off', 'on', 'later'])
    expect(options[1]!.attributes('title')).toBe('averages G')
    expect(options[2]!.attributes('disabled')).toBeDefined()
    expect(wrapper.get('.hint').text()).toBe('a moving average of G')
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)

    await wrapper.get('[data-testid="train-ema"]').setValue('true')
    expect(value.value).toBe(true)
  })
})
