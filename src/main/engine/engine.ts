import { join, resolve } from 'node:path'
import type { StudioHandlers } from '../../shared/api'
import type { StudioEvent } from '../../shared/events'
import type { EngineInfo } from '../../shared/info'
import { selectBackend } from './backend/selectBackend'
import { mapPaths } from '../../shared/paths'
import { TrainConfigSchema } from '../../shared/train'
import { Confinement, confineHandlers } from './confine/confine'
import { createRunsHandlers } from './runs/handlers'
import { storedResumeConfigs } from './runs/runStore'
import { SettingsStore } from './settingsStore'
import { createTorchHandlers } from './torch/handlers'
import { ENGINE_VERSION } from './version'
import { LabProxy, TrainingProxy } from './worker/proxies'
import { defaultWorkerMode, type WorkerMode } from './worker/workerChannel'

export interface EngineOptions {
  /** Runs, caches and settings live here. */
  dataDir: string
  /** Which shell serves the renderer: decides what `getInfo` tells it about dialogs. */
  shell: 'desktop' | 'browser'
  env?: NodeJS.ProcessEnv
  /**
   * `gan-studio serve`: read and write only under the data folder and these folders
   * (`--allow`). Omitted (the desktop app, where main polices paths): paths are only
   * checked to be absolute.
   */
  confine?: { allow: readonly string[] }
  /**
   * Where training and the Lab run. Default: worker threads from the built engineWorker.js
   * (in-thread when running from the TypeScript sources, as the unit tests do).
   */
  worker?: WorkerMode
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
  /** Training and the Lab run in worker threads, so this thread always answers at once. */
  readonly training: TrainingProxy
  readonly lab: LabProxy
  /** The engine's half of StudioApi; desktop-only methods are served by main (or the bridge). */
  readonly handlers: Omit<StudioHandlers, 'chooseFolder' | 'revealPath' | 'restartEngine'>

  private constructor(
    readonly options: EngineOptions,
    readonly info: EngineInfo,
    private readonly settings: SettingsStore
  ) {
    const workers = {
      setup: {
        backend: info.backend,
        runsDir: join(options.dataDir, 'runs'),
        cacheDir: join(options.dataDir, 'cache')
      },
      mode: options.worker ?? defaultWorkerMode(),
      emit: (e: StudioEvent) => this.emit(e)
    }
    this.training = new TrainingProxy(workers)
    this.lab = new LabProxy(workers)
    // Every path argument is checked (in serve mode: confined) before a handler sees it.
    const confinement = new Confinement(
      options.confine ? [options.dataDir, ...options.confine.allow] : null
    )
    const runsDir = join(this.options.dataDir, 'runs')
    const handlers: Engine['handlers'] = {
      getInfo: async () => this.info,
      getSettings: () => this.settings.read(),
      setSettings: (patch) => this.settings.update(patch),
      // Opened in the training worker, which keeps the set for a run on it.
      openDataset: (source, options) => this.training.openDataset(source, options),
      startTraining: (config) => this.training.start(config),
      pauseTraining: async () => this.training.pause(),
      resumeTraining: async () => this.training.unpause(),
      stopTraining: () => this.training.stop(),
      getTrainingStatus: async () => this.training.status(),
      // A resume reads the dataset its checkpoint records: that path is confined like an argument.
      resumeRun: async (ref) => {
        for (const config of await storedResumeConfigs(runsDir, ref)) {
          mapPaths(TrainConfigSchema, config, 'resumeRun.checkpoint.config', (found) =>
            found.intent === 'report' ? found.value : confinement.resolve(found.value, found.where)
          )
        }
        return this.training.resume(ref)
      },
      ...createRunsHandlers(runsDir, {
        isTraining: (runId) => this.training.isTraining(runId),
        emit: (e) => this.emit(e)
      }),
      ...createTorchHandlers(runsDir, (p, where) => confinement.resolve(p, where)),
      labReset: (config) => this.lab.reset(config),
      labRun: ({ steps, frameEvery }) => this.lab.run(steps, frameEvery),
      labStep: (count) => this.lab.step(count),
      labStop: () => this.lab.stop()
    }
    this.handlers = confineHandlers(handlers, confinement)
  }

  static async start(given: EngineOptions): Promise<Engine> {
    // A relative --data-dir would follow the working folder; every path the engine reports is absolute.
    const options = {
      ...given,
      dataDir: resolve(given.dataDir),
      // Found now, so a build without its worker fails at start, saying so.
      worker: given.worker ?? defaultWorkerMode()
    }
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
    await this.training.dispose()
    await this.lab.dispose()
    this.listeners.clear()
  }
}
