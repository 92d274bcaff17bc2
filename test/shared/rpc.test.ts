import { describe, expect, it, vi } from 'vitest'
import { createMemoryTransportPair } from '../helpers/memoryTransport'
import { createRpcClient, serveRpc, StudioError, type RpcMessage } from '../../src/shared/rpc'
import type { StudioHandlers } from '../../src/shared/api'
import type { EngineInfo } from '../../src/shared/info'

const info: EngineInfo = {
  version: '0.1.0',
  backend: 'wasm',
  backendReason: 'WebAssembly with SIMD',
  attempts: [{ backend: 'wasm', ok: true, outcome: 'chosen', reason: 'WebAssembly with SIMD' }],
  platform: 'linux-x64',
  nodeVersion: '20',
  dataDir: '/tmp/x',
  shell: 'browser'
}

function connect(handlers: Partial<StudioHandlers>) {
  const [serverEnd, clientEnd] = createMemoryTransportPair()
  const server = serveRpc(serverEnd, handlers)
  const client = createRpcClient(clientEnd)
  return { server, client, serverEnd, clientEnd }
}

describe('the RPC protocol', () => {
  it('relays a call and its validated result', async () => {
    const { client } = connect({ getInfo: async () => info })
    await expect(client.getInfo()).resolves.toEqual(info)
  })

  it('hands the handler parsed arguments, defaults applied', async () => {
    const startTraining = vi.fn(async (_config: unknown) => ({ state: 'starting' as const }))
    const { client } = connect({ startTraining })
    await client.startTraining({ dataset: { kind: 'builtin', name: 'shapes' } })
    expect(startTraining).toHaveBeenCalledOnce()
    expect(startTraining.mock.calls[0]![0]).toMatchObject({ batchSize: 64, loss: 'hinge' })
  })

  it('checks a call once, where it arrives: the server refuses a malformed one, naming the field', async () => {
    const chooseFolder = vi.fn(async () => null)
    const { client } = connect({ chooseFolder })
    // @ts-expect-error: the wrong type on purpose
    const error = await client.chooseFolder('photos').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StudioError)
    expect(error).toMatchObject({ code: 'invalid-argument', field: 'chooseFolder.args.0' })
    expect((error as Error).message).toMatch(/chooseFolder\.args\.0/)
    expect(chooseFolder).not.toHaveBeenCalled()
  })

  it('rejects a call whose arguments cannot cross, instead of leaving it waiting', async () => {
    const { client } = connect({})
    // @ts-expect-error: a function cannot be cloned onto a port
    await expect(client.labStep(() => 1)).rejects.toThrow()
  })

  it('rejects a malformed call at the server, naming the field', async () => {
    const { serverEnd, clientEnd } = connect({ getInfo: async () => info })
    void serverEnd
    const replies: RpcMessage[] = []
    clientEnd.onMessage((m) => replies.push(m as RpcMessage))
    clientEnd.send({ kind: 'call', id: 7, method: 'setSettings', args: [{ backend: 'quantum' }] })
    await vi.waitFor(() => expect(replies).toHaveLength(1))
    expect(replies[0]).toMatchObject({
      kind: 'result',
      id: 7,
      ok: false,
      error: { code: 'invalid-argument', field: 'setSettings.args.0.backend' }
    })
  })

  it('answers garbage with a warning, not a crash', async () => {
    const { clientEnd } = connect({})
    const replies: unknown[] = []
    clientEnd.onMessage((m) => replies.push(m))
    clientEnd.send({ nonsense: true } as unknown as RpcMessage)
    await vi.waitFor(() => expect(replies).toHaveLength(1))
    expect(replies[0]).toMatchObject({ kind: 'event', event: { type: 'log', level: 'warn' } })
  })

  it('carries a handler error with its code', async () => {
    const { client } = connect({
      pauseTraining: async () => {
        throw new StudioError('Nothing to pause: no run is training.', 'not-running')
      }
    })
    await expect(client.pauseTraining()).rejects.toMatchObject({
      name: 'StudioError',
      code: 'not-running',
      message: 'Nothing to pause: no run is training.'
    })
  })

  it('carries an error’s code and params across intact, for the UI to word it', async () => {
    const { client } = connect({
      openDataset: async () => {
        throw new StudioError('The folder "/pics/猫" is empty.', 'empty-folder', {
          params: { path: '/pics/猫', example: 'pics/cats/001.jpg' }
        })
      }
    })
    const error = await client
      .openDataset({ kind: 'folder', path: '/pics/猫' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StudioError)
    expect(error).toMatchObject({
      code: 'empty-folder',
      message: 'The folder "/pics/猫" is empty.',
      params: { path: '/pics/猫', example: 'pics/cats/001.jpg' }
    })
  })

  it('carries the code and params of an error that is not a StudioError (a DatasetError)', async () => {
    class Coded extends Error {
      code = 'batch-too-large'
      params = { batchSize: 64, count: 10 }
    }
    const { client } = connect({
      pauseTraining: async () => {
        throw new Coded('The batch size (64) is larger than the dataset (10 images).')
      }
    })
    await expect(client.pauseTraining()).rejects.toMatchObject({
      code: 'batch-too-large',
      params: { batchSize: 64, count: 10 }
    })
  })

  it('drops params that are not names to strings or numbers, keeping the message', async () => {
    const { client } = connect({
      pauseTraining: async () => {
        throw Object.assign(new Error('odd'), { code: 'not-running', params: { deep: { x: 1 } } })
      }
    })
    const error = (await client.pauseTraining().catch((e: unknown) => e)) as StudioError
    expect(error).toMatchObject({ code: 'not-running', message: 'odd' })
    expect(error.params).toBeUndefined()
  })

  it('gives a malformed argument the field and zod’s reason as params', async () => {
    const { client } = connect({ chooseFolder: async () => null })
    // @ts-expect-error: the wrong type on purpose
    const error = (await client.chooseFolder('photos').catch((e: unknown) => e)) as StudioError
    expect(error.params).toMatchObject({ field: 'chooseFolder.args.0' })
    expect(String(error.params?.reason)).not.toBe('')
  })

  it('says a method is unavailable when no one serves it', async () => {
    const { client } = connect({})
    await expect(client.revealPath('/tmp')).rejects.toMatchObject({ code: 'unavailable' })
  })

  it('refuses a handler result that breaks the contract', async () => {
    const { client } = connect({ getInfo: async () => ({ ...info, backend: 'quantum' }) as never })
    await expect(client.getInfo()).rejects.toThrow(/getInfo\.result\.backend/)
  })

  it('checks events where they arrive: the client drops one outside the contract', async () => {
    const { server, client } = connect({})
    const seen: string[] = []
    client.onEvent((e) => seen.push(e.type))
    server.emit({ type: 'explosion' } as never)
    server.emit({ type: 'log', level: 'info', message: 'after' })
    await vi.waitFor(() => expect(seen).toEqual(['log']))
  })

  it('carries an event’s reason in code form beside its English message', async () => {
    const { server, client } = connect({})
    const seen: unknown[] = []
    client.onEvent((e) => seen.push(e))
    const stopped = {
      type: 'training-state',
      runId: 'r',
      state: 'failed',
      message: 'Training stopped at step 4: the discriminator loss became NaN.',
      code: 'nan-loss-discriminator',
      params: { step: 4, loss: 'NaN' }
    } as const
    server.emit(stopped)
    server.emit({
      type: 'lab-state',
      state: 'idle',
      code: 'lab-worker-crashed',
      params: { detail: 'exit 9' }
    })
    await vi.waitFor(() => expect(seen).toHaveLength(2))
    expect(seen[0]).toEqual(stopped)
    expect(seen[1]).toMatchObject({ code: 'lab-worker-crashed', params: { detail: 'exit 9' } })
  })

  it('delivers events to subscribers until they unsubscribe', async () => {
    const { server, client } = connect({})
    const seen: string[] = []
    const off = client.onEvent((e) => seen.push(e.type))
    server.emit({ type: 'log', level: 'info', message: 'hello' })
    await vi.waitFor(() => expect(seen).toEqual(['log']))
    off()
    server.emit({ type: 'log', level: 'info', message: 'again' })
    await new Promise((r) => setTimeout(r, 10))
    expect(seen).toEqual(['log'])
  })

  it('rejects pending calls when the client is disposed', async () => {
    const { client } = connect({ getInfo: () => new Promise<EngineInfo>(() => {}) })
    const call = client.getInfo()
    client.dispose('engine crashed')
    await expect(call).rejects.toMatchObject({ code: 'disconnected', message: 'engine crashed' })
  })
})
