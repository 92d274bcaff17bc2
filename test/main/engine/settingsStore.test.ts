import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SettingsStore } from '../../../src/main/engine/settingsStore'
import { SettingsPatchSchema, SettingsSchema } from '../../../src/shared/info'
import { createRpcClient, serveRpc } from '../../../src/shared/rpc'
import { createMemoryTransportPair } from '../../helpers/memoryTransport'

const dirs: string[] = []
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gan-studio-settings-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('the language setting', () => {
  it('follows the system until the user chooses, and accepts each language the studio speaks', () => {
    expect(SettingsSchema.parse({}).locale).toBe('system')
    for (const locale of ['system', 'en', 'zh-CN', 'zh-TW'])
      expect(SettingsPatchSchema.parse({ locale })).toEqual({ locale })
  })

  it('refuses a language the studio does not speak, naming the ones it does', () => {
    for (const locale of ['fr', 'zh', 'zh-HK', 'ZH-TW', '', 3, null]) {
      const result = SettingsPatchSchema.safeParse({ locale })
      expect(result.success, JSON.stringify(locale)).toBe(false)
      const issue = result.error!.issues[0]!
      expect(issue.path).toEqual(['locale'])
      expect(issue.message).toMatch(/zh-CN/)
    }
  })

  it('is kept in the data folder: a later engine on the same folder (any port) reads it', async () => {
    const dir = dataDir()
    await new SettingsStore(dir).update({ locale: 'zh-TW' })
    await new SettingsStore(dir).update({ theme: 'dark' })
    expect(await new SettingsStore(dir).read()).toEqual({
      backend: 'auto',
      theme: 'dark',
      locale: 'zh-TW'
    })
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).locale).toBe('zh-TW')
  })

  it('reads a saved language it does not know as "system", keeping the other settings', async () => {
    const dir = dataDir()
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ backend: 'wasm', theme: 'light', locale: 'klingon' })
    )
    expect(await new SettingsStore(dir).read()).toEqual({
      backend: 'wasm',
      theme: 'light',
      locale: 'system'
    })
    writeFileSync(join(dir, 'settings.json'), '{ damaged')
    expect(await new SettingsStore(dir).read()).toEqual(SettingsSchema.parse({}))
  })

  it('crosses the contract: setSettings saves a language and refuses a bad one by field', async () => {
    const store = new SettingsStore(dataDir())
    const [server, client] = createMemoryTransportPair()
    serveRpc(server, {
      getSettings: () => store.read(),
      setSettings: (patch) => store.update(patch)
    })
    const api = createRpcClient(client)
    await expect(api.setSettings({ locale: 'zh-CN' })).resolves.toMatchObject({ locale: 'zh-CN' })
    await expect(api.getSettings()).resolves.toMatchObject({ locale: 'zh-CN', theme: 'system' })
    await expect(
      api.setSettings({ locale: 'fr' } as unknown as { locale: 'en' })
    ).rejects.toMatchObject({ code: 'invalid-argument', field: 'setSettings.args.0.locale' })
    await expect(api.getSettings()).resolves.toMatchObject({ locale: 'zh-CN' })
    api.dispose()
  })
})
