/**
 * Pins what `server/relay/yjsStructs.ts` reads from Yjs internals. If a Yjs upgrade fails
 * here, re-read how the new version decodes updates (struct classes and fields, the delete
 * set, the V1 layout) before changing the expected version.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { YJS_VERSION_READ, declaredClientBlocks, decodeUpdateStructs } from '../../server/relay/yjsStructs.js'

describe('the Yjs internals the relay reads', () => {
  test('the installed Yjs is the version the adapter was written against', () => {
    const installed = JSON.parse(readFileSync(new URL('../../node_modules/yjs/package.json', import.meta.url), 'utf8')) as { version: string }
    expect(installed.version, 'Yjs changed: re-check server/relay/yjsStructs.ts, then update YJS_VERSION_READ').toBe(YJS_VERSION_READ)
  })

  test('items, their references, type content, holes and deletes decode as the adapter expects', () => {
    const doc = new Y.Doc()
    doc.clientID = 7
    const nested = new Y.Map<string>()
    doc.getMap('root').set('nested', nested) // clock 0: a type item
    nested.set('k', 'v') // clock 1: parent named by id
    doc.getArray('list').insert(0, ['a', 'b'])
    doc.getArray('list').insert(1, ['between']) // origin and right origin
    doc.getArray('list').delete(0, 1)
    const { structs, deletes } = decodeUpdateStructs(Y.encodeStateAsUpdate(doc))
    const byClock = new Map(structs.map((s) => [s.clock, s]))
    expect(byClock.get(0)).toMatchObject({ client: 7, kind: 'item', isType: true, parentId: null, origin: null })
    expect(byClock.get(1)).toMatchObject({ kind: 'item', isType: false, parentId: { client: 7, clock: 0 } })
    const between = structs.find((s) => s.origin && s.rightOrigin)!
    expect(between.origin).toEqual(Y.createID(7, 2))
    expect(between.rightOrigin).toEqual(Y.createID(7, 3))
    expect(deletes).toEqual([{ client: 7, clock: 2, len: 1 }])
    expect(declaredClientBlocks(Y.encodeStateAsUpdate(doc))).toBe(1)

    const later = new Y.Doc()
    later.clientID = 8
    const edits: Uint8Array[] = []
    later.on('update', (update: Uint8Array) => edits.push(update))
    for (const key of ['a', 'b', 'c']) later.getMap('root').set(key, key)
    const withHole = Y.mergeUpdates([Y.encodeStateAsUpdate(doc), edits[0]!, edits[2]!])
    expect(decodeUpdateStructs(withHole).structs.filter((s) => s.client === 8).map((s) => s.kind)).toEqual(['item', 'skip', 'item'])
    expect(declaredClientBlocks(withHole)).toBe(2)
  })
})
