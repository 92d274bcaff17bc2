import { join } from 'node:path'
import type { StudioHandlers } from '../../shared/api'
import type { StudioEvent } from '../../shared/events'
import type { EngineInfo } from '../../shared/info'
import { selectBackend } from './backend/selectBackend'
import { openDataset } from './data/index'
import { LabController } from './lab/labController'
import { createRunsHandlers } from './runs/handlers'
import { SettingsStore } from './settingsStore'
import { TrainingSession } from './trainingSession'
import { ENGINE_VERSION } from './version'

export interface EngineOptions {
  /** Runs, caches and settings live here. */
  dataDir: string
  /** Which shell serves the renderer: decides what `getInfo` tells it about dialogs. */
  shell: 'desktop' | 'browser'
  env?: NodeJS.ProcessEnv
}

type Listener = (event: StudioEvent) => void

/**
 * The engine: one per process. It owns the backend, the open dataset and the training
 * session, serves the engine half of the contract, and pushes events to its listeners.
 * It never imports Electron: the utility process, the CLI, the bridge and the tests all
 * drive this same object.
 */
export class Engine {
  private readonly listeners = new Set<Listener>()
  readonly training: TrainingSession
  readonly lab: LabController
  /** The engine's half of StudioApi; desktop-only methods are served by main (or the bridge). */
  readonly handlers: Omit<StudioHandlers, 'chooseFolder' | 'revealPath' | 'restartEngine'>

  private constructor(
    readonly options: EngineOptions,
    readonly info: EngineInfo,
    private readonly settings: SettingsStore
  ) {
    this.training = new TrainingSession({
      runsDir: join(options.dataDir, 'runs'),
      cacheDir: join(options.dataDir, 'cache'),
      emit: (e) => this.emit(e)
    })
    this.lab = new LabController((e) => this.emit(e))
    this.handlers = {
      getInfo: async () => this.info,
      getSettings: () => this.settings.read(),
      setSettings: (patch) => this.settings.update(patch),
      openDataset: async (source, options) => {
        const { summary } = await openDataset(source, {
          ...options,
          cacheDir: join(this.options.dataDir, 'cache'),
          onProgress: (p) => this.emit({ type: 'dataset-progress', ...p })
        })
        return summary
      },
      startTraining: (config) => this.training.start(config),
      pauseTraining: async () => this.training.pause(),
      resumeTraining: async () => this.training.unpause(),
      stopTraining: () => this.training.stop(),
      getTrainingStatus: async () => this.training.status(),
      resumeRun: (ref) => this.training.resume(ref),
      ...createRunsHandlers(join(this.options.dataDir, 'runs'), (runId) =>
        this.training.isTraining(runId)
      ),
      labReset: (config) => this.lab.reset(config),
      labRun: async ({ steps, frameEvery }) => this.lab.run(steps, frameEvery),
      labStep: async (count) => this.lab.step(count),
      labStop: () => this.lab.stop()
    }
  }

  static async start(options: EngineOptions): Promise<Engine> {
    const settings = new SettingsStore(options.dataDir)
    const { backend: setting } = await settings.read()
    const choice = await selectBackend({ setting, env: options.env })
    const info: EngineInfo = {
      version: ENGINE_VERSION,
      backend: choice.backend,
      backendReason: choice.reason,
      attempts: choice.attempts,
      override: choice.override,
      platform: `${process.platform}-${process.arch}`,
      nodeVersion: process.versions.node,
      dataDir: options.dataDir,
      shell: options.shell
    }
    return new Engine(options, info, settings)
  }

  onEvent(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private emit(event: StudioEvent): void {
    for (const l of this.listeners) l(event)
  }

  async dispose(): Promise<void> {
    await this.training.stop()
    await this.lab.dispose()
    this.listeners.clear()
  }
}
