import * as tf from '@tensorflow/tfjs'
import {
  BACKEND_LADDER,
  BackendNameSchema,
  type BackendAttempt,
  type BackendName
} from '../../../shared/info'

export interface BackendChoice {
  backend: BackendName
  reason: string
  attempts: BackendAttempt[]
  override?: { backend: BackendName; from: 'env' | 'setting' }
}

/** Why a native package could not be loaded, in words that say what to do. */
function nativeFailure(pkg: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err)
  if (/Cannot find (module|package)/.test(message)) {
    return `${pkg} is not installed (an optional dependency: npm drops it where its install step cannot fetch libtensorflow)`
  }
  return `${pkg} failed to load: ${message.split('\n')[0]}`
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

const loaders: Record<BackendName, () => Promise<string>> = {
  'tfjs-node-gpu': () => tryNative('@tensorflow/tfjs-node-gpu'),
  'tfjs-node': () => tryNative('@tensorflow/tfjs-node'),
  wasm: tryWasm,
  cpu: tryCpu
}

/** One line for the status bar: what runs, and in short why the better ones do not. */
function summarise(how: string, attempts: BackendAttempt[]): string {
  const passed = attempts.filter((a) => !a.ok)
  if (!passed.length) return how
  const missing = passed.filter((a) => /is not installed/.test(a.reason)).map((a) => a.backend)
  const failed = passed.filter((a) => !/is not installed/.test(a.reason)).map((a) => a.backend)
  const notes = [
    missing.length ? `${missing.join(' and ')} not installed` : '',
    failed.length ? `${failed.join(' and ')} failed to load` : ''
  ].filter(Boolean)
  return `${how} (${notes.join('; ')})`
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
 * Climbs down the ladder tfjs-node-gpu → tfjs-node → wasm → cpu and takes the first
 * backend that loads. An override (env beats setting) is taken strictly: if it cannot
 * load, that is an error, never a silent fall to something slower.
 */
export async function selectBackend(
  options: { setting?: BackendName | 'auto'; env?: NodeJS.ProcessEnv } = {}
): Promise<BackendChoice> {
  const fromEnv = backendFromEnv(options.env)
  const override = fromEnv
    ? { backend: fromEnv, from: 'env' as const }
    : options.setting && options.setting !== 'auto'
      ? { backend: options.setting, from: 'setting' as const }
      : undefined

  const attempts: BackendAttempt[] = []
  if (override) {
    try {
      const how = await loaders[override.backend]()
      const by = override.from === 'env' ? 'GAN_STUDIO_BACKEND' : 'the backend setting'
      attempts.push({ backend: override.backend, ok: true, reason: how })
      return { backend: override.backend, reason: `chosen by ${by}: ${how}`, attempts, override }
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
      const how = await loaders[backend]()
      attempts.push({ backend, ok: true, reason: how })
      return { backend, reason: summarise(how, attempts), attempts }
    } catch (err) {
      const reason =
        backend === 'tfjs-node-gpu' || backend === 'tfjs-node'
          ? nativeFailure(`@tensorflow/${backend}`, err)
          : `${backend} failed: ${err instanceof Error ? err.message : String(err)}`
      attempts.push({ backend, ok: false, reason })
    }
  }
  throw new Error(
    `No TensorFlow.js backend could start: ${attempts.map((a) => a.reason).join('; ')}`
  )
}
