import { expect, test } from 'vitest'
import * as Y from 'yjs'
import { importPapers, splitImport } from '../../src/doc/importPapers.js'
import { addPaper, deletePaper, LOCAL_ORIGIN } from '../../src/doc/ops.js'
import { listPapers, readPaper } from '../../src/doc/queries.js'

test('an import is one transaction, however many papers it adds', () => {
  const doc = new Y.Doc()
  const origins: unknown[] = []
  doc.on('afterTransaction', (transaction: Y.Transaction) => origins.push(transaction.origin))
  const papers = Array.from({ length: 300 }, (_, i) => ({ title: `Paper ${i}`, doi: `10.1000/x.${i}` }))
  const result = importPapers(doc, papers, 'm1', 5)
  expect(origins).toEqual([LOCAL_ORIGIN])
  expect(result).toMatchObject({ added: 300, merged: 0, refused: 0 })
  expect(result.ids).toHaveLength(300)
  expect(listPapers(doc)).toHaveLength(300)
})

test('duplicates merge by identity and keep the fields already there', () => {
  const doc = new Y.Doc()
  addPaper(doc, { arxivId: '2401.12345', title: 'Kept title' }, 'm1', 1)
  const result = importPapers(doc, [
    { url: 'https://arxiv.org/abs/2401.12345v2', title: 'Other title', abstract: 'New abstract' },
    { arxivId: '2402.00001' },
    { arxivId: '2402.00001', title: 'Same paper again' },
  ], 'm2', 2)
  expect(result).toMatchObject({ added: 1, merged: 2, refused: 0 })
  const merged = readPaper(doc, result.ids[0]!)!
  expect(merged).toMatchObject({ title: 'Kept title', abstract: 'New abstract', addedBy: 'm1' })
  expect(readPaper(doc, result.ids[1]!)).toMatchObject({ title: 'Same paper again', pending: false })
})

test('papers nothing identifies are counted as refused, the rest still go in', () => {
  const doc = new Y.Doc()
  const result = importPapers(doc, [{ title: '   ' }, { title: 'Good', url: 'javascript:alert(1)' }, { title: 'Fine' }], 'm1')
  expect(result).toMatchObject({ added: 1, merged: 0, refused: 2 })
  expect(listPapers(doc).map((paper) => paper.title)).toEqual(['Fine'])
})

test('re-importing a deleted paper restores it and counts it as added', () => {
  const doc = new Y.Doc()
  const { id } = addPaper(doc, { doi: '10.1000/a', title: 'Gone' }, 'm1', 1)
  deletePaper(doc, id, 2)
  expect(splitImport(doc, [{ doi: '10.1000/A' }]).fresh).toHaveLength(1)
  expect(importPapers(doc, [{ doi: '10.1000/A' }], 'm1')).toMatchObject({ added: 1, merged: 0 })
  expect(readPaper(doc, id)?.deletedAt).toBeFalsy()
})

test('the preview split: new, already in the list (or twice in the import), and unusable', () => {
  const doc = new Y.Doc()
  addPaper(doc, { arxivId: '2401.12345' }, 'm1')
  const split = splitImport(doc, [
    { arxivId: '2401.12345v3' },
    { title: 'A new one' },
    { title: 'A new one' },
    { title: '' },
  ])
  expect(split.fresh.map((paper) => paper.title)).toEqual(['A new one'])
  expect(split.existing).toHaveLength(2)
  expect(split.unusable).toHaveLength(1)
  // a pure read: nothing written
  expect(listPapers(doc)).toHaveLength(1)
})
