import { LOCALES, type Locale } from '../locales'
import type { Mirror, Translation } from './mirror'
import enCommon from './en/common.json'
import zhCNCommon from './zh-CN/common.json'
import zhTWCommon from './zh-TW/common.json'
import enApp from './en/app.json'
import zhCNApp from './zh-CN/app.json'
import zhTWApp from './zh-TW/app.json'
import enDataset from './en/dataset.json'
import zhCNDataset from './zh-CN/dataset.json'
import zhTWDataset from './zh-TW/dataset.json'
import enTrain from './en/train.json'
import zhCNTrain from './zh-CN/train.json'
import zhTWTrain from './zh-TW/train.json'
import enTechniques from './en/techniques.json'
import zhCNTechniques from './zh-CN/techniques.json'
import zhTWTechniques from './zh-TW/techniques.json'
import enRuns from './en/runs.json'
import zhCNRuns from './zh-CN/runs.json'
import zhTWRuns from './zh-TW/runs.json'
import enCharts from './en/charts.json'
import zhCNCharts from './zh-CN/charts.json'
import zhTWCharts from './zh-TW/charts.json'
import enGenerate from './en/generate.json'
import zhCNGenerate from './zh-CN/generate.json'
import zhTWGenerate from './zh-TW/generate.json'
import enLab from './en/lab.json'
import zhCNLab from './zh-CN/lab.json'
import zhTWLab from './zh-TW/lab.json'
import enErrors from './en/errors.json'
import zhCNErrors from './zh-CN/errors.json'
import zhTWErrors from './zh-TW/errors.json'
import enMenu from './en/menu.json'
import zhCNMenu from './zh-CN/menu.json'
import zhTWMenu from './zh-TW/menu.json'
import enCli from './en/cli.json'
import zhCNCli from './zh-CN/cli.json'
import zhTWCli from './zh-TW/cli.json'

/** One area's file in each language; a translation lacking or adding a key fails to compile. */
function area<F extends { en: object } & Record<Locale, object>>(
  files: F & { [L in Locale]: Translation<F['en'], F[L]> }
): F {
  return files
}

/** Every area (one file a language each, so people can work on them side by side). */
const areas = {
  common: area({ en: enCommon, 'zh-CN': zhCNCommon, 'zh-TW': zhTWCommon }),
  app: area({ en: enApp, 'zh-CN': zhCNApp, 'zh-TW': zhTWApp }),
  dataset: area({ en: enDataset, 'zh-CN': zhCNDataset, 'zh-TW': zhTWDataset }),
  train: area({ en: enTrain, 'zh-CN': zhCNTrain, 'zh-TW': zhTWTrain }),
  techniques: area({ en: enTechniques, 'zh-CN': zhCNTechniques, 'zh-TW': zhTWTechniques }),
  runs: area({ en: enRuns, 'zh-CN': zhCNRuns, 'zh-TW': zhTWRuns }),
  charts: area({ en: enCharts, 'zh-CN': zhCNCharts, 'zh-TW': zhTWCharts }),
  generate: area({ en: enGenerate, 'zh-CN': zhCNGenerate, 'zh-TW': zhTWGenerate }),
  lab: area({ en: enLab, 'zh-CN': zhCNLab, 'zh-TW': zhTWLab }),
  errors: area({ en: enErrors, 'zh-CN': zhCNErrors, 'zh-TW': zhTWErrors }),
  menu: area({ en: enMenu, 'zh-CN': zhCNMenu, 'zh-TW': zhTWMenu }),
  cli: area({ en: enCli, 'zh-CN': zhCNCli, 'zh-TW': zhTWCli })
}

/** Every English message, by area: the keys every language has. */
export type MessageSchema = { [A in keyof typeof areas]: (typeof areas)[A]['en'] }

function inLanguage(locale: Locale): Mirror<MessageSchema> {
  const byArea = Object.entries(areas).map(([name, files]) => [name, files[locale]])
  // Each area's files were checked against the English above.
  return Object.fromEntries(byArea) as Mirror<MessageSchema>
}

/** Every message of every language the studio speaks. */
export const messages = Object.fromEntries(
  LOCALES.map((locale) => [locale, inLanguage(locale)])
) as Record<Locale, Mirror<MessageSchema>>
