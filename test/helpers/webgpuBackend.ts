import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { selectBackend, type BackendChoice } from '../../src/main/engine/backend/selectBackend'

/**
 * The WebGPU tests run on SwiftShader, the software Vulkan driver Debian's chromium ships
 * (the test command installs chromium). They fail, never skip, when it cannot be had: a
 * skipped test would hide exactly the backend it is meant to test.
 */
const KNOWN_ICDS = ['/usr/lib/chromium/vk_swiftshader_icd.json']
const INSTALL = "install Debian's chromium (sudo apt-get install chromium), which ships it"

/** SwiftShader's Vulkan ICD manifest, from chromium's file list or its usual place. */
export function swiftShaderIcd(): string {
  const fromEnv = process.env.VK_ICD_FILENAMES
  if (fromEnv && /swiftshader/i.test(fromEnv) && existsSync(fromEnv)) return fromEnv
  let listed: string[] = []
  try {
    listed = execFileSync('dpkg', ['-L', 'chromium-common', 'chromium'], { encoding: 'utf8' })
      .split('\n')
      .filter((f) => f.endsWith('vk_swiftshader_icd.json'))
  } catch {
    // dpkg exits non-zero when a package is missing; the known places are still checked.
  }
  const icd = [...listed, ...KNOWN_ICDS].find((f) => existsSync(f))
  if (!icd)
    throw new Error(
      `SwiftShader's Vulkan driver (vk_swiftshader_icd.json) was not found: ${INSTALL}.`
    )
  return icd
}

/**
 * Points Vulkan at SwiftShader only. Debian has no Vulkan loader unless libvulkan1 is
 * installed, but chromium ships one beside the ICD: load it first (kept loaded), so
 * Dawn's own dlopen("libvulkan.so.1") finds it by its soname.
 */
function setUpSwiftShader(): void {
  const icd = swiftShaderIcd()
  process.env.VK_ICD_FILENAMES = icd
  const loader = join(dirname(icd), 'libvulkan.so.1')
  if (process.platform !== 'linux' || !existsSync(loader)) return
  const RTLD_NOW = 2
  const RTLD_GLOBAL = 0x100
  const RTLD_NODELETE = 0x1000 // glibc; os.constants.dlopen does not list it
  try {
    process.dlopen({ exports: {} }, loader, RTLD_NOW | RTLD_GLOBAL | RTLD_NODELETE)
  } catch (err) {
    // Not a Node addon, so Node complains; the library stays loaded all the same.
    if (!/did not self-register/.test(String(err))) throw err
  }
}

/**
 * Starts the webgpu backend on SwiftShader through the engine's own selection (with the
 * explicit allow-software option) and checks that it really runs there.
 */
export async function useSoftwareWebGpu(): Promise<BackendChoice> {
  setUpSwiftShader()
  const choice = await selectBackend({
    env: { GAN_STUDIO_BACKEND: 'webgpu', GAN_STUDIO_WEBGPU_ALLOW_SOFTWARE: '1' }
  })
  if (choice.backend !== 'webgpu' || tf.getBackend() !== 'webgpu') {
    throw new Error(`expected the webgpu backend, got ${tf.getBackend()}`)
  }
  return choice
}

/** For tests of the ladder itself: SwiftShader visible, nothing chosen yet. */
export function exposeSwiftShader(): void {
  setUpSwiftShader()
}
