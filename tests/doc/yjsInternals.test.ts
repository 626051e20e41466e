/**
 * The Yjs internals adapter, pinned to the installed yjs: this fails on any other version, so
 * an upgrade has to re-check what `src/doc/yjsInternals.ts` relies on (and update the pin).
 */
import { createRequire } from 'node:module'
import { expect, test } from 'vitest'
import * as Y from 'yjs'
import { YJS_CHECKED_VERSION, YjsInternalsError, isInTransaction } from '../../src/doc/yjsInternals.js'

const installedYjs = (createRequire(import.meta.url)('yjs/package.json') as { version: string }).version

test(`the installed yjs is the version the adapter was checked against (${YJS_CHECKED_VERSION})`, () => {
  expect(installedYjs, 'yjs was upgraded: re-check src/doc/yjsInternals.ts against the new version, then update YJS_CHECKED_VERSION').toBe(YJS_CHECKED_VERSION)
})

test('isInTransaction is true inside transact (nested too) and false outside and in observers', () => {
  const doc = new Y.Doc()
  const map = doc.getMap('papers')
  const seen: [string, boolean][] = []
  map.observe(() => seen.push(['observer', isInTransaction(doc)]))
  doc.on('afterTransaction', () => seen.push(['afterTransaction', isInTransaction(doc)]))
  seen.push(['before', isInTransaction(doc)])
  doc.transact(() => {
    seen.push(['inside', isInTransaction(doc)])
    map.set('title|a', 'A')
    doc.transact(() => seen.push(['nested', isInTransaction(doc)]))
  })
  seen.push(['after', isInTransaction(doc)])
  expect(seen).toEqual([
    ['before', false], ['inside', true], ['nested', true], ['observer', false], ['afterTransaction', false], ['after', false],
  ])
})

test('a doc without the internal field fails loudly instead of answering', () => {
  const stripped = Object.create(null) as Y.Doc
  expect(() => isInTransaction(stripped)).toThrow(YjsInternalsError)
})
