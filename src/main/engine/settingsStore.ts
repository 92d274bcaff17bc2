import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { atomicWrite } from './fs/atomicWrite'
import { SettingsSchema, type Settings, type SettingsPatch } from '../../shared/info'

/**
 * settings.json in the data folder; a missing or damaged file reads as the defaults, and a
 * damaged value (say a language this version does not speak) as its own default only.
 */
export class SettingsStore {
  private readonly file: string
  constructor(dataDir: string) {
    this.file = join(dataDir, 'settings.json')
  }

  async read(): Promise<Settings> {
    const settings = SettingsSchema.parse({})
    let saved: unknown
    try {
      saved = JSON.parse(await readFile(this.file, 'utf8'))
    } catch {
      return settings
    }
    if (!saved || typeof saved !== 'object') return settings
    const fields = SettingsSchema.shape
    for (const key of Object.keys(fields) as (keyof Settings)[]) {
      const value = fields[key].safeParse((saved as Record<string, unknown>)[key])
      if (value.success) (settings as Record<string, unknown>)[key] = value.data
    }
    return settings
  }

  async update(patch: SettingsPatch): Promise<Settings> {
    const next = SettingsSchema.parse({ ...(await this.read()), ...patch })
    await mkdir(join(this.file, '..'), { recursive: true })
    await atomicWrite(this.file, JSON.stringify(next, null, 2))
    return next
  }
}
