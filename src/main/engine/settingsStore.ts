import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { atomicWrite } from './fs/atomicWrite'
import { SettingsSchema, type Settings, type SettingsPatch } from '../../shared/info'

/** settings.json in the data folder; a missing or damaged file reads as the defaults. */
export class SettingsStore {
  private readonly file: string
  constructor(dataDir: string) {
    this.file = join(dataDir, 'settings.json')
  }

  async read(): Promise<Settings> {
    try {
      const parsed = SettingsSchema.safeParse(JSON.parse(await readFile(this.file, 'utf8')))
      return parsed.success ? parsed.data : SettingsSchema.parse({})
    } catch {
      return SettingsSchema.parse({})
    }
  }

  async update(patch: SettingsPatch): Promise<Settings> {
    const next = SettingsSchema.parse({ ...(await this.read()), ...patch })
    await mkdir(join(this.file, '..'), { recursive: true })
    await atomicWrite(this.file, JSON.stringify(next, null, 2))
    return next
  }
}
