import { describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import LabView from '@renderer/views/LabView.vue'
import type { StudioHandlers } from '@shared/api'
import { LAB_PRESET_NAMES, LAB_PRESETS, type LabFrame, type LabPresetName } from '@shared/lab'
import { StudioError } from '@shared/rpc'
import { setLocale, t } from '@renderer/i18n'
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
    expect(wrapper.get('[data-testid="lab-explanation"]').text()).toBe(
      t(LAB_PRESETS[preset].explanationKey)
    )
    expect(wrapper.text()).toContain('The global optimum of the minimax game is p_G = p_data.')
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

  it('speaks Simplified Chinese: preset names, narrative, tiles and verdict, switched in place', async () => {
    const { wrapper, studio, settle } = await mountView(LabView, engine())
    setLocale('zh-CN')
    await settle()
    const tabs = wrapper.findAll('[role="tab"]').map((tab) => tab.text())
    expect(tabs.join()).toContain('纳什均衡')
    expect(tabs.join()).toContain('模式崩溃')
    expect(tabs.join()).toContain('最优判别器')
    expect(tabs.join()).toContain('支撑集不相交')
    // The narrative of the selected experiment, in the standard terms.
    const explanation = wrapper.get('[data-testid="lab-explanation"]').text()
    expect(explanation).toContain('极小极大博弈')
    expect(explanation).toContain('最优判别器')
    expect(explanation).toContain('JS 散度')
    expect(wrapper.get('h1').text()).toBe('实验室')
    expect(wrapper.get('[data-testid="lab-run"]').text()).toBe('运行')
    expect(wrapper.text()).toContain('覆盖的模式数')
    // Numbers stay numbers.
    expect(tile(wrapper, 'js')).toBe('0.600')

    // A verdict and a second run arrive as data, and are worded in the language shown.
    studio.emit({
      type: 'lab-frame',
      frame: {
        ...frame(40, 0.0142),
        variants: [
          {
            label: 'no noise',
            loss: 'minimax',
            genKde: [0, 0, 0, 0, 0],
            js: 0.693,
            value: 0,
            dStarGap: 0.2,
            gGradNorm: 1e-7,
            genMean: 3,
            genStd: 0.3,
            modesCovered: 0
          }
        ],
        verdict: {
          holds: true,
          key: 'mode-collapse.holds',
          values: { covered: 1, total: 3, most: 2, js: 0.318 },
          perClass: [{ mean: -5, d: 0.97 }]
        }
      }
    })
    await settle()
    expect(wrapper.get('[data-testid="lab-verdict"]').text()).toContain('论断得到验证')
    const verdict = wrapper.get('[data-testid="lab-verdict-text"]').text()
    expect(verdict).toBe(
      '结束时 G 覆盖了 3 个模式中的 1 个，在运行的后半段最多覆盖 2 个；JS = 0.318；' +
        '在 G 完全没有样本的位置，D(-5.0) = 0.97：G 发生了模式崩溃。'
    )
    expect(
      wrapper.get('[data-testid="lab-tile-variant-0-js"]').element.parentElement!.textContent
    ).toContain('不加噪声')

    // Traditional Chinese, with Taiwan's terms, without a remount.
    setLocale('zh-TW')
    await settle()
    const tw = wrapper
      .findAll('[role="tab"]')
      .map((tab) => tab.text())
      .join()
    expect(tw).toContain('納許均衡')
    expect(tw).toContain('模式崩潰')
    expect(tw).toContain('最佳判別器')
    expect(wrapper.get('[data-testid="lab-explanation"]').text()).toContain('最佳判別器')
    expect(wrapper.get('[data-testid="lab-verdict-text"]').text()).toContain('G 發生了模式崩潰')
    expect(wrapper.text()).toContain('不加雜訊')

    // And back: the English is as it was.
    setLocale('en')
    await settle()
    expect(wrapper.get('[data-testid="lab-verdict-text"]').text()).toBe(
      'G covers 1 of 3 modes at the end, at most 2 over the later half of the run; JS = 0.318, ' +
        'and D(-5.0) = 0.97 where G puts nothing: G has collapsed.'
    )
  })

  it('says what is wrong with an edited experiment in the language shown', async () => {
    const { wrapper, settle } = await mountView(LabView, engine())
    await wrapper.get('.mode input[step="0.1"]').setValue(0)
    await settle()
    expect(wrapper.get('.editor [role="alert"]').text()).toBe(
      'data.modes.0.std: must be at least 0.001'
    )
    setLocale('zh-CN')
    await settle()
    expect(wrapper.get('.editor [role="alert"]').text()).toBe('data.modes.0.std：不能小于 0.001')
    setLocale('en')
  })

  it('draws one picture per class of a conditional experiment, titled with how each fares', async () => {
    const curves = frame(0, 0.4)
    const classOf = (rightShare: number, wrongAccept: number) => ({
      dataDensity: curves.dataDensity,
      genHistogram: curves.genHistogram,
      genKde: curves.genKde,
      dOnGrid: curves.dOnGrid,
      dStar: curves.dStar,
      rightShare,
      zSpread: 0.8,
      wrongAccept,
      js: 0.1
    })
    const { wrapper } = await mountView(LabView, {
      ...engine(),
      labReset: async () => ({ ...curves, classes: [classOf(0.9, 0.12), classOf(0.25, 0.6)] })
    })
    const titles = [0, 1].map((i) => wrapper.get(`[data-testid="lab-class-${i}"] h3`).text())
    expect(titles[0]).toMatch(/^class 0: .* · G in its region 90% · D on other classes' x 0\.12$/)
    expect(titles[1]).toMatch(/^class 1: .* · G in its region 25% · D on other classes' x 0\.60$/)
    expect(wrapper.find('[data-testid="lab-class-2"]').exists()).toBe(false)
  })
})
