import { describe, expect, it } from 'vitest'
import StatusBar from '@renderer/components/StatusBar.vue'
import { useEngineStore } from '@renderer/stores/engine'
import type { BackendAttempt, BackendName, BackendOutcome, EngineInfo } from '@shared/info'
import { BROWSER_INFO } from '../views/fakeStudio'
import { mountView } from '../views/mountView'

const attempt = (
  backend: BackendName,
  outcome: BackendOutcome,
  reason: string
): BackendAttempt => ({
  backend,
  ok: outcome === 'chosen',
  outcome,
  reason
})

/** The status bar in Simplified Chinese (so it composes the line), once the engine has answered. */
async function statusBar(info: EngineInfo) {
  const { wrapper, settle } = await mountView(StatusBar, {
    getInfo: async () => info,
    getSettings: async () => ({ backend: 'auto', theme: 'system', locale: 'zh-CN' })
  })
  useEngineStore().start()
  await settle()
  return wrapper
}

describe('StatusBar', () => {
  it("words each passed-over backend by its outcome code, not by the engine's English", async () => {
    const info: EngineInfo = {
      ...BROWSER_INFO,
      backendReason:
        'WebAssembly with SIMD and XNNPACK (tfjs-node-gpu not installed; webgpu found no GPU adapter; tfjs-node failed to load)',
      // Reasons worded so that a regex over the English would sort them the other way.
      attempts: [
        attempt('tfjs-node-gpu', 'not-installed', '@tensorflow/tfjs-node-gpu: no such package'),
        attempt('webgpu', 'no-adapter', 'Dawn found no GPU adapter'),
        attempt('tfjs-node', 'failed', 'failed to load: libtensorflow.so.2 is not installed'),
        attempt('wasm', 'chosen', 'WebAssembly with SIMD')
      ]
    }
    const wrapper = await statusBar(info)
    const reason = wrapper.get('.reason')
    expect(reason.text()).toBe('tfjs-node-gpu 未安装；webgpu 未找到 GPU 适配器；tfjs-node 加载失败')
    expect(reason.attributes('title')).toBe(info.backendReason)
    expect(wrapper.get('[data-testid="status-backend"]').text()).toBe('wasm')
  })

  it('names no passed-over backend when the first rung was taken', async () => {
    const wrapper = await statusBar({
      ...BROWSER_INFO,
      backend: 'tfjs-node-gpu',
      backendReason: 'CUDA through libtensorflow',
      attempts: [attempt('tfjs-node-gpu', 'chosen', 'CUDA through libtensorflow')]
    })
    expect(wrapper.find('.reason').exists()).toBe(false)
    expect(wrapper.get('[data-testid="status-backend"]').text()).toBe('tfjs-node-gpu')
  })
})
