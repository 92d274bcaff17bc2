import { describe, expectTypeOf, it } from 'vitest'
import type { Translation } from '../../../src/shared/i18n/messages/mirror'

// Type tests, checked by `tsc -p tsconfig.node.json` (part of the test command): messages/index.ts
// holds every imported JSON translation to Translation, since an import, unlike an object
// literal, gets no excess-property check that would catch a stray key.
interface English {
  title: string
  table: { empty: string; count: string }
}

describe('Translation', () => {
  it('accepts a file with exactly the English keys', () => {
    const file = { title: '训练', table: { empty: '还没有', count: '{n} 次' } }
    expectTypeOf(file).toExtend<Translation<English, typeof file>>()
  })

  it('rejects a key English lacks, at any depth', () => {
    const top = { title: '', table: { empty: '', count: '' }, extra: '' }
    expectTypeOf(top).not.toExtend<Translation<English, typeof top>>()
    const nested = { title: '', table: { empty: '', count: '', extra: '' } }
    expectTypeOf(nested).not.toExtend<Translation<English, typeof nested>>()
  })

  it('rejects a missing key, at any depth', () => {
    const top = { table: { empty: '', count: '' } }
    expectTypeOf(top).not.toExtend<Translation<English, typeof top>>()
    const nested = { title: '', table: { empty: '' } }
    expectTypeOf(nested).not.toExtend<Translation<English, typeof nested>>()
  })

  it('rejects a group where English has a message, and a message where it has a group', () => {
    const group = { title: { short: '' }, table: { empty: '', count: '' } }
    expectTypeOf(group).not.toExtend<Translation<English, typeof group>>()
    const message = { title: '', table: '' }
    expectTypeOf(message).not.toExtend<Translation<English, typeof message>>()
  })
})
