/**
 * The `webgpu` rung: tfjs-backend-webgpu on Dawn (the `webgpu` package), in this process.
 * Dawn runs on Metal, Direct3D 12 or Vulkan; both packages are optional dependencies.
 *
 * The ladder takes only a hardware adapter. A software (fallback) adapter, such as the
 * SwiftShader Vulkan driver Debian's chromium ships, is far too slow to train with but
 * exact enough to test on: it is used only when asked for by name and explicitly allowed.
 */
import * as tf from '@tensorflow/tfjs'
import type { BackendOutcome, WebGpuAdapter } from '../../../shared/info'
import { installDawnPump, pumpDawnUntil, uninstallDawnPump } from './dawnPump'

/** A rung that would not start, and why as a code (the one-line summary words it). */
export class RungRefusal extends Error {
  constructor(
    message: string,
    readonly outcome: Exclude<BackendOutcome, 'chosen'>,
    readonly adapter?: WebGpuAdapter
  ) {
    super(message)
  }
}

interface Started {
  device: GPUDevice
  adapter: WebGpuAdapter
  /** Whether we put `navigator` (Node 20 has none) or only `navigator.gpu` there. */
  ownsNavigator: boolean
}
let started: Started | undefined

const GPU_API = Object.freeze({
  darwin: 'Metal',
  win32: 'Direct3D 12',
  linux: 'Vulkan'
} as Record<string, string>)

export const ALLOW_SOFTWARE_ENV = 'GAN_STUDIO_WEBGPU_ALLOW_SOFTWARE'

/** Reads GAN_STUDIO_WEBGPU_ALLOW_SOFTWARE: 1/true/yes or 0/false/no (or unset). */
export function allowSoftwareFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  const raw = env[ALLOW_SOFTWARE_ENV]?.trim().toLowerCase()
  if (!raw || ['0', 'false', 'no'].includes(raw)) return false
  if (['1', 'true', 'yes'].includes(raw)) return true
  throw new Error(
    `${ALLOW_SOFTWARE_ENV}="${env[ALLOW_SOFTWARE_ENV]}" is not a yes or no: use 1 to let ` +
      'GAN_STUDIO_BACKEND=webgpu run on a software adapter, or unset it.'
  )
}

/**
 * Imports an optional dependency at run time, from node_modules. A literal specifier would
 * be bundled by electron-vite (it externalises `dependencies` only): Dawn's loader would
 * then miss its binary, and tfjs-backend-webgpu would bring a second tfjs-core.
 */
async function importOptional<T>(pkg: string): Promise<T> {
  return (await import(/* @vite-ignore */ pkg)) as T
}

function describe(adapter: GPUAdapter): WebGpuAdapter {
  const info = adapter.info
  // isFallbackAdapter moved from the adapter to its info; Dawn 2025 has it on info only.
  const legacy = (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter
  const onInfo = (info as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter
  return {
    vendor: info?.vendor ?? '',
    architecture: info?.architecture ?? '',
    description: info?.description || info?.device || '',
    fallback: Boolean(onInfo ?? legacy)
  }
}

function notInstalled(pkg: string, err: unknown): RungRefusal {
  const message = err instanceof Error ? err.message : String(err)
  if (/dawn\.node/.test(message)) {
    return new RungRefusal(
      `${pkg} has no Dawn binary for ${process.platform}-${process.arch}`,
      'no-binary'
    )
  }
  if (/Cannot find (module|package)/.test(message)) {
    return new RungRefusal(
      `${pkg} is not installed (an optional dependency; \`npm install\` adds it)`,
      'not-installed'
    )
  }
  return new RungRefusal(`${pkg} failed to load: ${message.split('\n')[0]}`, 'failed')
}

function softwareRefusal(adapter: WebGpuAdapter, byName: boolean): RungRefusal {
  const what = `Dawn offers only a software adapter (${adapter.vendor} ${adapter.architecture})`
  return new RungRefusal(
    byName
      ? `${what}, far too slow to train with; set GAN_STUDIO_WEBGPU_ALLOW_SOFTWARE=1 to use it anyway (for tests)`
      : `${what}: the ladder takes hardware adapters only (GAN_STUDIO_BACKEND=webgpu with GAN_STUDIO_WEBGPU_ALLOW_SOFTWARE=1 uses it)`,
    'software-adapter',
    adapter
  )
}

/**
 * Starts the webgpu backend and makes it current. Idempotent: tfjs keeps one backend per
 * name per process, so a second call reuses the first device (and refuses it again if it
 * is a software adapter that is not allowed this time).
 *
 * @param byName true when the user asked for webgpu (GAN_STUDIO_BACKEND or the setting).
 */
export async function startWebGpu(options: {
  allowSoftware: boolean
  byName: boolean
}): Promise<{ how: string; adapter: WebGpuAdapter }> {
  if (!started) started = await createBackend(options)
  const { adapter } = started
  if (adapter.fallback && !options.allowSoftware) throw softwareRefusal(adapter, options.byName)
  if (!(await tf.setBackend('webgpu'))) {
    throw new RungRefusal('the webgpu backend did not initialise', 'failed', adapter)
  }
  const api = GPU_API[process.platform] ?? 'the native GPU API'
  const kind = adapter.fallback ? 'a software adapter' : 'the GPU'
  return { how: `WebGPU on ${kind} through Dawn and ${api}`, adapter }
}

async function createBackend(options: {
  allowSoftware: boolean
  byName: boolean
}): Promise<Started> {
  // Import tfjs's webgpu package while navigator.gpu is still absent: it then registers its
  // kernels but not its own backend factory, which would ask for an adapter our way does not.
  let backendPkg: typeof import('@tensorflow/tfjs-backend-webgpu')
  try {
    backendPkg = await importOptional('@tensorflow/tfjs-backend-webgpu')
  } catch (err) {
    throw notInstalled('@tensorflow/tfjs-backend-webgpu', err)
  }
  let dawn: typeof import('webgpu')
  try {
    dawn = await importOptional('webgpu')
  } catch (err) {
    throw notInstalled('webgpu (Dawn)', err)
  }

  // WebGPU's enums (GPUBufferUsage, GPUMapMode…) as globals, as in a browser.
  for (const [name, value] of Object.entries(dawn.globals as Record<string, unknown>)) {
    if (!(name in globalThis))
      Object.defineProperty(globalThis, name, { value, configurable: true, writable: true })
  }
  installDawnPump()
  try {
    return await openDevice(dawn, backendPkg, options)
  } catch (err) {
    uninstallDawnPump()
    throw err
  }
}

async function openDevice(
  dawn: typeof import('webgpu'),
  backendPkg: typeof import('@tensorflow/tfjs-backend-webgpu'),
  options: { allowSoftware: boolean; byName: boolean }
): Promise<Started> {
  const gpu = dawn.create([])
  let raw = await gpu.requestAdapter({ powerPreference: 'high-performance' })
  if (!raw && options.allowSoftware) raw = await gpu.requestAdapter({ forceFallbackAdapter: true })
  if (!raw) {
    throw new RungRefusal(
      `Dawn found no GPU adapter (${GPU_API[process.platform] ?? 'no supported GPU API'}: ` +
        (process.platform === 'linux'
          ? 'is a Vulkan driver installed, e.g. mesa-vulkan-drivers or the NVIDIA driver?)'
          : 'is the graphics driver current?)'),
      'no-adapter'
    )
  }
  const adapter = describe(raw)
  // Refuse before creating a device: a refused adapter costs nothing to hold.
  if (adapter.fallback && !options.allowSoftware) throw softwareRefusal(adapter, options.byName)

  const limits = raw.limits
  const device = await raw.requestDevice({
    // The limits tfjs's own factory asks for: its larger kernels need more than the defaults.
    requiredLimits: {
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
      maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
      maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup
    }
  })
  void device.lost.then((lost) => {
    if (lost.reason !== 'destroyed') console.error(`WebGPU device lost: ${lost.message}`)
  })

  // tfjs's WebGPUBackend checks navigator.gpu when constructed.
  const nav = (globalThis as { navigator?: object }).navigator
  const ownsNavigator = !nav
  if (nav) Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true })
  else
    Object.defineProperty(globalThis, 'navigator', {
      value: { gpu },
      configurable: true,
      writable: true
    })

  const NodeBackend = withSyncReadback(backendPkg.WebGPUBackend)
  // An earlier import with navigator.gpu present registered tfjs's own factory: replace it.
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu')
  tf.registerBackend('webgpu', () => new NodeBackend(device, raw.info), 0)
  return { device, adapter, ownsNavigator }
}

/**
 * tfjs's webgpu backend reads a tensor synchronously through an OffscreenCanvas, which Node
 * lacks; the trainer's steps read their losses with dataSync(). This reads through a mapped
 * staging buffer instead, pumping Dawn until the map completes.
 */
function withSyncReadback(Base: typeof import('@tensorflow/tfjs-backend-webgpu').WebGPUBackend) {
  return class NodeWebGPUBackend extends Base {
    override readSync(dataId: object): tf.BackendValues {
      const data = this.tensorMap.get(dataId)
      if (data.values != null || data.dtype === 'string' || data.dtype === 'complex64') {
        return super.readSync(dataId) // cached on the CPU, or split into real parts first
      }
      const source = data.resource
      if (!(source instanceof GPUBuffer)) {
        throw new Error(
          'WebGPU: this tensor lives in a texture, which cannot be read synchronously; use await tensor.data()'
        )
      }
      // Flush the backend's pending work, then copy on an encoder of our own.
      this.ensureCommandEncoderReady()
      this.endComputePassEncoder()
      this.submitQueue()
      const size = source.size
      const staging = this.bufferManager.acquireBuffer(
        size,
        GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ
      )
      const encoder = this.device.createCommandEncoder()
      encoder.copyBufferToBuffer(source, 0, staging, 0, size)
      this.queue.submit([encoder.finish()])
      let failure: unknown
      staging.mapAsync(GPUMapMode.READ).catch((err: unknown) => (failure = err))
      pumpDawnUntil(() => staging.mapState !== 'pending', 'a tensor read back from the GPU')
      if (staging.mapState !== 'mapped') {
        this.bufferManager.releaseBuffer(staging, false)
        throw new Error(
          `WebGPU: reading a tensor back failed${failure ? `: ${String(failure)}` : ' (was the device lost?)'}`
        )
      }
      const bytes = staging.getMappedRange().slice(0)
      staging.unmap()
      this.bufferManager.releaseBuffer(staging)
      const values = tf.util.convertBackendValuesAndArrayBuffer(bytes, data.dtype)
      data.values = values // cached on the CPU, as the base class's own reads do
      return values
    }
  }
}

/** The adapter the webgpu backend runs on, if it was started in this process. */
export function webGpuAdapter(): WebGpuAdapter | undefined {
  return started?.adapter
}

/**
 * Removes the webgpu backend and destroys its device, so a process that is done with it
 * can exit and a later start gets a fresh device. Switch tfjs to another backend first.
 */
export function releaseWebGpu(): void {
  if (!started) return
  const { device, ownsNavigator } = started
  started = undefined
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu')
  device.destroy()
  const g = globalThis as { navigator?: { gpu?: unknown } }
  if (ownsNavigator) delete g.navigator
  else if (g.navigator) delete g.navigator.gpu
  uninstallDawnPump()
}
