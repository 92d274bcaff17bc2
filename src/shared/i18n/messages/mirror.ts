/**
 * A translation's shape: the English file's keys, every leaf a string. Type-checking a
 * translation against it catches a missing or stray key at build time; placeholders and
 * message syntax are checked by test/shared/i18n/messages.test.ts.
 */
export type Mirror<T> = { [K in keyof T]: T[K] extends string ? string : Mirror<T[K]> }

/**
 * A translation `T` of the English `E`: every key of E (Mirror), and none E lacks. A stray
 * key must be `never`, so the type error names it; Mirror names a missing one. Unlike a
 * literal, an imported JSON file gets no excess-property check, hence this.
 */
export type Translation<E, T> = Mirror<E> & {
  [K in keyof T]: K extends keyof E
    ? E[K] extends string
      ? string
      : Translation<E[K], T[K]>
    : never
}
