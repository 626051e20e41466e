import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { addComment, addPaper, deleteComment, deletePaper } from '../../src/doc/index.js'
import { commentsByPaper, listAllPapers, listComments, paperStamps } from '../../src/doc/queries.js'
import { papersOf } from '../../src/doc/schema.js'

describe('light readers of every paper', () => {
  test('a paper stamp holds the same id, adder, time and deletion as the whole paper', () => {
    const doc = new Y.Doc()
    const kept = addPaper(doc, { title: 'Kept' }, 'ann', 100).id
    const gone = addPaper(doc, { title: 'Gone' }, 'bob', 200).id
    deletePaper(doc, gone, 300)
    // a peer's odd value is read as the whole paper reads it
    papersOf(doc).set(`addedBy|${kept}`, 42)
    const stamps = paperStamps(doc).sort((a, b) => a.id.localeCompare(b.id))
    const whole = listAllPapers(doc).map(({ id, addedAt, addedBy, deletedAt }) => ({ id, addedAt, addedBy, deletedAt })).sort((a, b) => a.id.localeCompare(b.id))
    expect(stamps).toEqual(whole)
    expect(stamps.find((stamp) => stamp.id === gone)?.deletedAt).toBe(300)
    expect(stamps.find((stamp) => stamp.id === kept)?.addedBy).toBe('')
  })

  test('comments grouped per paper are what listComments gives for each paper, deleted ones left out', () => {
    const doc = new Y.Doc()
    const a = addPaper(doc, { title: 'A' }, 'ann', 100).id
    const b = addPaper(doc, { title: 'B' }, 'ann', 110).id
    addComment(doc, { paperId: a, by: 'bob', text: 'second', at: 300 })
    addComment(doc, { paperId: a, by: 'cy', text: 'first', at: 200 })
    const removed = addComment(doc, { paperId: b, by: 'bob', text: 'taken back', at: 250 })
    deleteComment(doc, removed, 260)
    const grouped = commentsByPaper(doc)
    expect(grouped.get(a)).toEqual(listComments(doc, a))
    expect(grouped.get(a)?.map((comment) => comment.text)).toEqual(['first', 'second'])
    expect(grouped.has(b)).toBe(false)
  })
})
