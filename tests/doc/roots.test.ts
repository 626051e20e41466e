/**
 * The root registry is the list: a list filled through every public op holds no root the
 * registry does not know, each root it knows is filled, emptiness and "move to a new link"
 * see every root.
 */
import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { setNoteText } from '../../src/doc/index.js'
import { exportBackup } from '../../src/doc/backup.js'
import { LIST_ROOTS, MAP_ROOTS, TEXT_FAMILIES, isEmptyList, mapRoot, unknownRoots } from '../../src/doc/roots.js'
import { moveList } from '../../src/sync/moveList.js'
import { fullList } from './fullList.js'

describe('root registry', () => {
  test('a list filled through every public op holds only roots the registry knows, and fills each of them', () => {
    const doc = fullList()
    expect(unknownRoots(doc)).toEqual([])
    for (const root of MAP_ROOTS) expect(mapRoot(doc, root).size, root.name).toBeGreaterThan(0)
    for (const family of TEXT_FAMILIES) expect([...doc.share.keys()].some((name) => name.startsWith(family.prefix)), family.prefix).toBe(true)
    expect(LIST_ROOTS).toHaveLength(MAP_ROOTS.length + TEXT_FAMILIES.length)
  })

  test('isEmptyList sees every root: one key in any of them is content', () => {
    expect(isEmptyList(new Y.Doc())).toBe(true)
    for (const root of MAP_ROOTS) {
      const doc = new Y.Doc()
      mapRoot(doc, root).set('k|x', 1)
      expect(isEmptyList(doc), root.name).toBe(false)
    }
    const noted = new Y.Doc()
    setNoteText(noted, 'arxiv:1' as never, 'a note')
    expect(isEmptyList(noted)).toBe(false)
    const future = new Y.Doc()
    future.getArray('added-by-a-newer-build').push([1])
    expect(isEmptyList(future)).toBe(false)
  })

  test('a root the registry does not know is reported in the backup, not silently dropped', () => {
    const doc = fullList()
    doc.getMap('added-by-a-newer-build').set('x', 1)
    expect(unknownRoots(doc)).toEqual(['added-by-a-newer-build'])
    expect(exportBackup(doc).report).toEqual(['Root "added-by-a-newer-build" is not known to this version and was left out.'])
  })

  test('"move to a new link" copies every root the registry knows', async () => {
    const original = fullList()
    expect(exportBackup((await moveList(original)).doc, 7)).toEqual(exportBackup(original, 7))
  })
})
