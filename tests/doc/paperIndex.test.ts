/**
 * The grouped read cache of the papers map answers exactly what the map itself answers:
 * after local edits, remote updates, deletions and undeletions, inside observers, and inside
 * a transaction that has just written (where the cache steps aside).
 */
import { expect, test } from 'vitest'
import * as Y from 'yjs'
import {
  addPaper, deletePaper, editPaper, fillPaperDetails, listAllPapers, paperIds, papersOf, paperKey, readPaper, restorePaper,
  setStatus, toPaper,
} from '../../src/doc/index.js'
import type { Paper, PaperId } from '../../src/doc/index.js'
import { paperFieldsIndex } from '../../src/doc/paperIndex.js'

/** The reference reader: every field looked up in the flat map, no cache (tag keys found by a scan of the map). */
function directRead(doc: Y.Doc, id: PaperId): Paper | null {
  const papers = papersOf(doc)
  if (!papers.has(paperKey('addedAt', id))) return null
  const tagFields: Record<string, unknown> = {}
  for (const [key, value] of papers.entries()) if (key.startsWith('tag.') && key.endsWith(`|${id}`)) tagFields[key.slice(0, -id.length - 1)] = value
  return toPaper(id, (field) => papers.get(paperKey(field, id)), tagFields)
}

function directIds(doc: Y.Doc): PaperId[] {
  const ids: PaperId[] = []
  for (const key of papersOf(doc).keys()) if (key.startsWith('addedAt|')) ids.push(key.slice('addedAt|'.length) as PaperId)
  return ids.sort()
}

function expectSameAsMap(doc: Y.Doc): void {
  expect(paperIds(doc)).toEqual(directIds(doc))
  for (const id of directIds(doc)) expect(readPaper(doc, id)).toEqual(directRead(doc, id))
  expect(readPaper(doc, 'doi:10.1/none' as PaperId)).toBeNull()
}

/** A tiny seeded generator, so a failure names its seed. */
function rng(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

test('the cache is used outside transactions and follows local and remote edits', () => {
  for (const seed of [1, 7, 99, Math.floor(Math.random() * 2 ** 31)]) {
    const random = rng(seed)
    const a = new Y.Doc()
    const b = new Y.Doc()
    a.on('update', (update: Uint8Array) => Y.applyUpdate(b, update, 'remote'))
    const ids: PaperId[] = []
    for (let step = 0; step < 300; step++) {
      const roll = random()
      const pick = () => ids[Math.floor(random() * ids.length)]!
      if (roll < 0.3 || ids.length === 0) {
        ids.push(addPaper(a, { doi: `10.1000/p.${Math.floor(random() * 40)}`, title: random() < 0.5 ? `Paper ${step}` : undefined }, 'ada', step).id)
      } else if (roll < 0.45) editPaper(a, pick(), { title: `Edited ${step}`, tags: ['x'] })
      else if (roll < 0.55) deletePaper(a, pick(), step)
      else if (roll < 0.65) restorePaper(a, pick())
      else if (roll < 0.75) setStatus(a, pick(), random() < 0.5 ? 'discussed' : 'queued', { discussedOn: '2024-01-02' })
      else if (roll < 0.85) fillPaperDetails(a, pick(), { abstract: `About ${step}`, authors: ['Grace Hopper'] })
      else {
        // a key removed outright, as an older build or a peer might do
        a.transact(() => papersOf(a).delete(paperKey(random() < 0.5 ? 'title' : 'addedAt', pick())))
      }
      if (step % 10 === 0) {
        expect(paperFieldsIndex(a), `seed ${seed}`).not.toBeNull()
        expectSameAsMap(a)
        expectSameAsMap(b)
      }
    }
    expectSameAsMap(a)
    expectSameAsMap(b)
    expect(listAllPapers(b)).toEqual(listAllPapers(a))
  }
})

test('inside a transaction the reader sees its own writes', () => {
  const doc = new Y.Doc()
  const { id } = addPaper(doc, { doi: '10.1000/x', title: 'Before' }, 'ada', 1)
  expect(readPaper(doc, id)?.title).toBe('Before')
  doc.transact(() => {
    papersOf(doc).set(paperKey('title', id), 'During')
    expect(paperFieldsIndex(doc)).toBeNull()
    expect(readPaper(doc, id)?.title).toBe('During')
    papersOf(doc).delete(paperKey('addedAt', id))
    expect(readPaper(doc, id)).toBeNull()
  })
  expect(readPaper(doc, id)).toBeNull()
  expectSameAsMap(doc)
})

test('observers, and edits made from inside observers, read fresh values', () => {
  const doc = new Y.Doc()
  const seen: (string | undefined)[] = []
  const { id } = addPaper(doc, { doi: '10.1000/y', title: 'One' }, 'ada', 1)
  readPaper(doc, id) // build the cache
  papersOf(doc).observe((event) => {
    seen.push(readPaper(doc, id)?.title)
    // an observer that writes again, as a lookup filler might
    if (event.keysChanged.has(paperKey('title', id)) && readPaper(doc, id)?.title === 'Two') {
      doc.transact(() => papersOf(doc).set(paperKey('title', id), 'Three'))
    }
  })
  papersOf(doc).observe(() => seen.push(`second: ${readPaper(doc, id)?.title}`))
  doc.transact(() => papersOf(doc).set(paperKey('title', id), 'Two'))
  expect(seen).toEqual(['Two', 'second: Three', 'Three', 'second: Three'])
  expect(readPaper(doc, id)?.title).toBe('Three')
  expectSameAsMap(doc)
})

test('a field named like a prototype key is ignored, never read as a paper field', () => {
  const doc = new Y.Doc()
  const { id } = addPaper(doc, { doi: '10.1000/z', title: 'Plain' }, 'ada', 1)
  doc.transact(() => {
    papersOf(doc).set(`__proto__|${id}`, { title: 'Injected' })
    papersOf(doc).set('addedAt', 5)
  })
  expect(readPaper(doc, id)?.title).toBe('Plain')
  expect(readPaper(doc, id)).toEqual(directRead(doc, id))
})
