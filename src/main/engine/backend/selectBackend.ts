import * as tf from '@tensorflow/tfjs'
import {
  adapterLabel,
  BACKEND_LADDER,
  BackendNameSchema,
  PASSED_REASON_KEYS,
  type BackendAttempt,
  type BackendName,
  type BackendOutcome,
  type WebGpuAdapter
} from '../../../shared/info'
import { createTranslator } from '../../../shared/i18n/coreTranslator'
import { allowSoftwareFromEnv, RungRefusal, startWebGpu } from './webgpu'

const english = createTranslator('en')

export interface BackendChoice {
  backend: BackendName
  reason: string
  attempts: BackendAttempt[]
  override?: { backend: BackendName; from: 'env' | 'setting' }
}

/** What a rung's loader reports: how it runs, and on which adapter (webgpu). */
interface Loaded {
  how: string
  adapter?: WebGpuAdapter
}

interface LoadContext {
  env: NodeJS.ProcessEnv
  /** The user asked for this backend (GAN_STUDIO_BACKEND or the setting). */
  byName: boolean
}

type Passed = Exclude<BackendOutcome, 'chosen'>

/** Why a native package could not be loaded, in words that say what to do. */
function nativeFailure(pkg: string, err: unknown): { reason: string; outcome: Passed } {
  const message = err instanceof Error ? err.message : String(err)
  if (/Cannot find (module|package)/.test(message)) {
    return {
      reason: `${pkg} is not installed (an optional dependency: npm drops it where its install step cannot fetch libtensorflow)`,
      outcome: 'not-installed'
    }
  }
  return { reason: `${pkg} failed to load: ${message.split('\n')[0]}`, outcome: 'failed' }
}

async function tryNative(
  pkg: '@tensorflow/tfjs-node-gpu' | '@tensorflow/tfjs-node'
): Promise<string> {
  // The import registers the 'tensorflow' backend as a side effect.
  await import(/* @vite-ignore */ pkg)
  if (!(await tf.setBackend('tensorflow')))
    throw new Error('the tensorflow backend did not initialise')
  return pkg === '@tensorflow/tfjs-node-gpu'
    ? 'CUDA through libtensorflow'
    : 'libtensorflow on the CPU'
}

async function tryWasm(): Promise<string> {
  await import('@tensorflow/tfjs-backend-wasm')
  // The stock wasm backend cannot train conv nets; our kernels fill the gap (DESIGN.md).
  const { registerWasmTrainingKernels } = await import('../kernels/index')
  registerWasmTrainingKernels()
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not initialise')
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')
  return `WebAssembly${simd ? ' with SIMD' : ''} and XNNPACK`
}

async function tryCpu(): Promise<string> {
  if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend did not initialise')
  return 'plain JavaScript, about a hundred times slower than wasm on conv nets'
}

async function tryWebGpu(ctx: LoadContext): Promise<Loaded> {
  // The ladder never takes a software adapter; only a request by name may allow one.
  const allowSoftware = allowSoftwareFromEnv(ctx.env) && ctx.byName
  const { how, adapter } = await startWebGpu({ allowSoftware, byName: ctx.byName })
  return { how: `${how}: ${adapterLabel(adapter)}`, adapter }
}

const loaders: Record<BackendName, (ctx: LoadContext) => Promise<Loaded>> = {
  'tfjs-node-gpu': async () => ({ how: await tryNative('@tensorflow/tfjs-node-gpu') }),
  webgpu: tryWebGpu,
  'tfjs-node': async () => ({ how: await tryNative('@tensorflow/tfjs-node') }),
  wasm: async () => ({ how: await tryWasm() }),
  cpu: async () => ({ how: await tryCpu() })
}

/** A failed attempt: the reason in full, and its outcome as a code. */
function failure(backend: BackendName, err: unknown): BackendAttempt {
  if (err instanceof RungRefusal) {
    return {
      backend,
      ok: false,
      outcome: err.outcome,
      reason: err.message,
      ...(err.adapter && { adapter: err.adapter })
    }
  }
  if (backend === 'tfjs-node-gpu' || backend === 'tfjs-node') {
    return { backend, ok: false, ...nativeFailure(`@tensorflow/${backend}`, err) }
  }
  const message = err instanceof Error ? err.message : String(err)
  return { backend, ok: false, outcome: 'failed', reason: `${backend} failed: ${message}` }
}

/**
 * One line for the status bar: what runs, and in short why the better ones do not, e.g.
 * "… (tfjs-node-gpu and tfjs-node not installed; webgpu found no GPU adapter)".
 */
function summarise(how: string, attempts: BackendAttempt[]): string {
  const byKey = new Map<string, BackendName[]>()
  for (const a of attempts) {
    if (a.outcome === 'chosen') continue
    const key = PASSED_REASON_KEYS[a.outcome]
    byKey.set(key, [...(byKey.get(key) ?? []), a.backend])
  }
  if (!byKey.size) return how
  // The status bar's own words, in English: the two never say different things.
  const notes = [...byKey].map(([key, backends]) =>
    english(`app.status.reason.${key}`, { backends: backends.join(' and ') })
  )
  return `${how} (${notes.join(english('app.status.reason.separator'))})`
}

/** The attempt that was taken. */
function chosen(backend: BackendName, { how, adapter }: Loaded): BackendAttempt {
  return { backend, ok: true, outcome: 'chosen', reason: how, ...(adapter && { adapter }) }
}

/** Reads `GAN_STUDIO_BACKEND`; throws on a name that is not on the ladder. */
export function backendFromEnv(env: NodeJS.ProcessEnv = process.env): BackendName | undefined {
  const raw = env.GAN_STUDIO_BACKEND?.trim()
  if (!raw || raw === 'auto') return undefined
  const parsed = BackendNameSchema.safeParse(raw)
  if (!parsed.success) {
    throw new Error(
      `GAN_STUDIO_BACKEND="${raw}" is not a backend: use one of ${BACKEND_LADDER.join(', ')}, or auto.`
    )
  }
  return parsed.data
}

/**
 * Climbs down the ladder tfjs-node-gpu → webgpu → tfjs-node → wasm → cpu and takes the
 * first backend that loads; webgpu only on a hardware adapter. An override (env beats
 * setting) is taken strictly: if it cannot load, that is an error, never a silent fall to
 * something slower. GAN_STUDIO_WEBGPU_ALLOW_SOFTWARE=1 lets an override of webgpu run on a
 * software adapter (for tests); the ladder never does.
 */
export async function selectBackend(
  options: { setting?: BackendName | 'auto'; env?: NodeJS.ProcessEnv } = {}
): Promise<BackendChoice> {
  const env = options.env ?? process.env
  const fromEnv = backendFromEnv(env)
  const override = fromEnv
    ? { backend: fromEnv, from: 'env' as const }
    : options.setting && options.setting !== 'auto'
      ? { backend: options.setting, from: 'setting' as const }
      : undefined

  const attempts: BackendAttempt[] = []
  if (override) {
    try {
      const loaded = await loaders[override.backend]({ env, byName: true })
      const by = override.from === 'env' ? 'GAN_STUDIO_BACKEND' : 'the backend setting'
      attempts.push(chosen(override.backend, loaded))
      return {
        backend: override.backend,
        reason: `chosen by ${by}: ${loaded.how}`,
        attempts,
        override
      }
    } catch (err) {
      const by =
        override.from === 'env'
          ? `GAN_STUDIO_BACKEND=${override.backend}`
          : `The backend setting "${override.backend}"`
      throw new Error(
        `${by} cannot be used: ${err instanceof Error ? err.message : String(err)}. ` +
          'Unset it (or choose "auto") to let the studio pick the best backend that loads.',
        { cause: err }
      )
    }
  }

  for (const backend of BACKEND_LADDER) {
    try {
      const loaded = await loaders[backend]({ env, byName: false })
      const reason = summarise(loaded.how, attempts)
      attempts.push(chosen(backend, loaded))
      return { backend, reason, attempts }
    } catch (err) {
      attempts.push(failure(backend, err))
    }
  }
  throw new Error(
    `No TensorFlow.js backend could start: ${attempts.map((a) => a.reason).join('; ')}`
  )
}
