import { describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import LabView from '@renderer/views/LabView.vue'
import type { StudioHandlers } from '@shared/api'
import { LAB_PRESET_NAMES, LAB_PRESETS, type LabFrame, type LabPresetName } from '@shared/lab'
import { StudioError } from '@shared/rpc'
import { mountView } from './mountView'

/** A frame of a 1-D experiment on a five-point grid. */
function frame(step: number, js: number): LabFrame {
  return {
    step,
    grid: [-2, -1, 0, 1, 2],
    dataDensity: [0.05, 0.25, 0.4, 0.25, 0.05],
    genHistogram: [0, 0.2, 0.6, 0.2, 0],
    genKde: [0.02, 0.2, 0.55, 0.2, 0.02],
    dOnGrid: [0.7, 0.55, 0.42, 0.55, 0.7],
    dStar: [0.71, 0.56, 0.42, 0.56, 0.71],
    dStarGap: 0.012,
    js,
    value: -1.2,
    minusLog4: -Math.log(4),
    dLoss: 1.3,
    gLoss: 0.7,
    gGradNorm: 0.0123,
    modeCovered: [true, false],
    modesCovered: 1,
    modesTotal: 2
  }
}

const engine = (): Partial<StudioHandlers> => ({
  labReset: async () => frame(0, 0.6),
  labRun: async () => ({ state: 'running' }),
  labStep: async (count) => frame(count, 0.5),
  labStop: async () => ({ state: 'paused' })
})

const tile = (wrapper: VueWrapper, key: string) =>
  wrapper.get(`[data-testid="lab-tile-${key}"]`).text()

/** The experiment whose tab is selected. */
function selectedPreset(wrapper: VueWrapper): LabPresetName {
  const tab = wrapper.findAll('[role="tab"]').find((t) => t.attributes('aria-selected') === 'true')
  return tab!.attributes('data-testid')!.replace('lab-preset-', '') as LabPresetName
}

describe('the Lab view', () => {
  it('offers every experiment and starts the selected one afresh', async () => {
    const { wrapper, studio } = await mountView(LabView, engine())
    expect(wrapper.get('h1').text()).toBe('Lab')
    const tabs = wrapper.findAll('[role="tab"]')
    expect(tabs.map((t) => t.attributes('data-testid'))).toEqual(
      LAB_PRESET_NAMES.map((n) => `lab-preset-${n}`)
    )
    const preset = selectedPreset(wrapper)
    expect(studio.api.labReset).toHaveBeenCalledWith(LAB_PRESETS[preset].config)
    expect(wrapper.text()).toContain(LAB_PRESETS[preset].explanation)
    expect(tile(wrapper, 'step')).toBe('0')
    expect(tile(wrapper, 'js')).toBe('0.600')
    expect(tile(wrapper, 'modes')).toBe('1 / 2')
    expect(wrapper.find('[data-testid="lab-curves"]').exists()).toBe(true)
  })

  it('runs the steps asked for, follows its frames, and pauses', async () => {
    const { wrapper, studio, settle } = await mountView(LabView, engine())
    await wrapper.get('input.steps').setValue(300)
    await wrapper.get('[data-testid="lab-run"]').trigger('click')
    await settle()
    expect(studio.api.labRun).toHaveBeenCalledWith({ steps: 300, frameEvery: 2 })
    // While it runs, the experiment cannot be switched or stepped by hand.
    expect(wrapper.get('[data-testid="lab-step-1"]').attributes('disabled')).toBeDefined()
    expect(wrapper.findAll('[role="tab"]')[0]!.attributes('disabled')).toBeDefined()

    studio.emit({ type: 'lab-frame', frame: frame(150, 0.2) })
    await settle()
    expect(tile(wrapper, 'step')).toBe('150')
    expect(tile(wrapper, 'js')).toBe('0.200')

    await wrapper.get('[data-testid="lab-pause"]').trigger('click')
    await settle()
    expect(studio.api.labStop).toHaveBeenCalled()
    expect(wrapper.find('[data-testid="lab-run"]').exists()).toBe(true)
  })

  it('steps by hand and switches experiments', async () => {
    const { wrapper, studio, settle } = await mountView(LabView, engine())
    await wrapper.get('[data-testid="lab-step-1"]').trigger('click')
    await settle()
    expect(studio.api.labStep).toHaveBeenCalledWith(1)
    expect(tile(wrapper, 'step')).toBe('1')

    const other = LAB_PRESET_NAMES.find((n) => n !== selectedPreset(wrapper))!
    await wrapper.get(`[data-testid="lab-preset-${other}"]`).trigger('click')
    await settle()
    expect(selectedPreset(wrapper)).toBe(other)
    expect(studio.api.labReset).toHaveBeenLastCalledWith(LAB_PRESETS[other].config)
    expect(tile(wrapper, 'step')).toBe('0')
  })

  it("shows the engine's message when an experiment cannot start", async () => {
    const { wrapper } = await mountView(LabView, {
      ...engine(),
      labReset: async () => {
        throw new StudioError('The Lab is busy in another window: pause it there first.', 'busy')
      }
    })
    expect(wrapper.get('[role="alert"]').text()).toBe(
      'The Lab is busy in another window: pause it there first.'
    )
    expect(wrapper.find('[data-testid="lab-tile-step"]').exists()).toBe(false)
  })
})
