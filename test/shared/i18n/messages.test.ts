import { describe, expect, it } from 'vitest'
import { createParser, type CompileError } from '@intlify/message-compiler'
import { LOCALES } from '../../../src/shared/i18n/locales'
import { messages } from '../../../src/shared/i18n/messages/index'

/** Every message of a tree, by its dotted key. */
function flatten(tree: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(tree as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') out.set(path, value)
    else for (const [k, v] of flatten(value, path)) out.set(k, v)
  }
  return out
}

interface Shape {
  /** The named values it interpolates, sorted. */
  named: string[]
  /** How many plural forms it has (1: not a plural). */
  forms: number
  errors: string[]
  linked: boolean
}

/** Parses a message as vue-i18n will, and reads off what a translation must keep. */
function shape(source: string): Shape {
  const errors: string[] = []
  const parser = createParser({
    onError: (e: CompileError) => void errors.push(e.message),
    location: false
  })
  const ast = parser.parse(source) as unknown as { body: { type: number; cases?: unknown[] } }
  const named = new Set<string>()
  let linked = false
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return
    const n = node as { type?: number; key?: unknown }
    if (n.type === 4 && typeof n.key === 'string') named.add(n.key) // Named
    if (n.type === 6) linked = true // Linked (`@:key`): a stray "@" in text
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) value.forEach(walk)
      else if (value && typeof value === 'object') walk(value)
    }
  }
  walk(ast)
  const forms = ast.body.type === 1 ? (ast.body.cases?.length ?? 1) : 1 // Plural
  return { named: [...named].sort(), forms, errors, linked }
}

const english = flatten(messages.en)

describe('message files', () => {
  it('have English messages in every area', () => {
    for (const area of Object.keys(messages.en)) {
      expect(
        [...english.keys()].some((k) => k.startsWith(`${area}.`)),
        `area "${area}" is empty`
      ).toBe(true)
    }
  })

  for (const locale of LOCALES) {
    describe(locale, () => {
      const own = flatten(messages[locale])

      it('has exactly the English keys', () => {
        expect([...own.keys()].sort()).toEqual([...english.keys()].sort())
      })

      it('has no empty message', () => {
        const empty = [...own].filter(([, text]) => text.trim() === '').map(([k]) => k)
        expect(empty).toEqual([])
      })

      it('parses every message, without linked messages', () => {
        const bad: string[] = []
        for (const [key, text] of own) {
          const s = shape(text)
          if (s.errors.length) bad.push(`${key}: ${s.errors.join('; ')} in ${JSON.stringify(text)}`)
          if (s.linked) bad.push(`${key}: "@" starts a linked message; write {'@'}`)
        }
        expect(bad).toEqual([])
      })

      if (locale !== 'en') {
        it('keeps each message’s placeholders and plural forms', () => {
          const differ: string[] = []
          for (const [key, text] of own) {
            const source = english.get(key)
            if (source === undefined) continue
            const mine = shape(text)
            const theirs = shape(source)
            if (mine.named.join() !== theirs.named.join())
              differ.push(
                `${key}: {${mine.named.join('}, {')}} vs English {${theirs.named.join('}, {')}}`
              )
            if (mine.forms !== theirs.forms)
              differ.push(`${key}: ${mine.forms} plural forms vs English ${theirs.forms}`)
          }
          expect(differ).toEqual([])
        })

        it('is written in Chinese, not left in English', () => {
          const han = /\p{Script=Han}/u
          const untranslated = [...own]
            .filter(([key, text]) => /[a-z]{3,}/i.test(english.get(key) ?? '') && !han.test(text))
            .filter(([key, text]) => text === english.get(key))
            .map(([k]) => k)
          expect(untranslated).toEqual([])
        })
      }
    })
  }
})
