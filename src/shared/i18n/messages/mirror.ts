/**
 * A translation's shape: the English file's keys, every leaf a string. Type-checking a
 * translation against it catches a missing or stray key at build time; placeholders and
 * message syntax are checked by test/shared/i18n/messages.test.ts.
 */
export type Mirror<T> = { [K in keyof T]: T[K] extends string ? string : Mirror<T[K]> }
