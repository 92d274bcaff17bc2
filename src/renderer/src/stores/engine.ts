import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref } from 'vue'
import type { StudioEvent } from '@shared/events'
import type { EngineInfo, LocaleChoice } from '@shared/info'
import { applyLocaleChoice, localeChoice } from '../i18n'
import { onDisconnect, studio } from '../api/studio'
import { engineEvents, stopReasonText } from './engineCalls'
import { messageOf } from './errors'
import { useDatasetStore } from './dataset'
import { useNavigationStore } from './navigation'

export type EngineConnection = 'connecting' | 'ready' | 'crashed' | 'restarting' | 'disconnected'

/** The engine itself: which backend it runs on, and whether it is reachable. */
export const useEngineStore = defineStore('engine', () => {
  const info = ref<EngineInfo>()
  const connection = ref<EngineConnection>('connecting')
  const problem = ref<string>()
  const lastOutput = ref<string>()
  let started = false
  let offDisconnect: (() => void) | undefined
  onScopeDispose(() => offDisconnect?.())

  const backendLabel = computed(() => info.value?.backend ?? '…')
  const isDesktop = computed(() => info.value?.shell === 'desktop')

  // Bumped by each choice made here, so an older settings reply cannot undo a newer choice.
  let localeChoices = 0
  /** A choice the engine could not save yet (it was down): saved when it is back. */
  let unsavedLocale: LocaleChoice | undefined

  /**
   * The language the engine's settings hold (shared by the desktop app and every `serve` port)
   * replaces the page's own copy. An engine that cannot say keeps the page's.
   */
  async function followLocaleSetting(): Promise<void> {
    if (unsavedLocale) return saveLocale(unsavedLocale)
    const asked = localeChoices
    try {
      const { locale } = await studio().getSettings()
      if (asked === localeChoices && locale !== localeChoice()) applyLocaleChoice(locale)
    } catch {
      // An older engine, or none: the choice saved in this browser stands.
    }
  }

  /** The language switch: shows it at once, and the engine remembers it. */
  async function chooseLocale(choice: LocaleChoice): Promise<void> {
    localeChoices++
    applyLocaleChoice(choice)
    await saveLocale(choice)
  }

  async function saveLocale(choice: LocaleChoice): Promise<void> {
    unsavedLocale = choice
    try {
      await studio().setSettings({ locale: choice })
      if (unsavedLocale === choice) unsavedLocale = undefined
    } catch {
      // The engine is down: this browser remembers it meanwhile, and refresh saves it.
    }
  }

  async function refresh(): Promise<void> {
    try {
      info.value = await studio().getInfo()
      connection.value = 'ready'
      problem.value = undefined
      void followLocaleSetting()
    } catch (err) {
      connection.value = 'disconnected'
      problem.value = err instanceof Error ? err.message : String(err)
    }
  }

  const events = engineEvents((event: StudioEvent) => {
    if (event.type === 'menu-command') return onMenuCommand(event)
    if (event.type !== 'engine-state') return
    connection.value = event.state
    problem.value = stopReasonText(event) ?? event.message
    lastOutput.value = event.lastOutput
    if (event.state === 'ready') void refresh()
  })

  /** File › Open… in the desktop menu: the folder is chosen (and granted) by main. */
  function onMenuCommand(event: Extract<StudioEvent, { type: 'menu-command' }>): void {
    const nav = useNavigationStore()
    if (event.command === 'open-dataset') {
      nav.go('dataset')
      void useDatasetStore().open({ kind: 'folder', path: event.path })
    } else {
      nav.go('runs')
    }
  }

  /** Desktop: starts the engine process again after a crash. */
  async function restart(): Promise<void> {
    connection.value = 'restarting'
    try {
      await studio().restartEngine()
    } catch (err) {
      connection.value = 'crashed'
      problem.value = messageOf(err)
    }
  }

  /** Connects once: loads the info and follows the engine's state. */
  function start(): void {
    if (started) return
    started = true
    events.listen()
    offDisconnect = onDisconnect((reason) => {
      connection.value = 'disconnected'
      problem.value = reason
    })
    void refresh()
  }

  return {
    info,
    connection,
    problem,
    lastOutput,
    backendLabel,
    isDesktop,
    start,
    refresh,
    restart,
    chooseLocale
  }
})
