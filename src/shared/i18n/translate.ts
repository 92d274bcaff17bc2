/**
 * What shared code (the Lab's verdicts, the techniques' help) needs to speak the user's
 * language: a key, its named values and, for plurals, a count. The renderer passes
 * vue-i18n's `t`; the CLI and Electron's menus pass `createTranslator` (coreTranslator.ts).
 * Both read the same message files (messages/).
 */
export type Translate = (key: string, named?: Record<string, unknown>, plural?: number) => string
