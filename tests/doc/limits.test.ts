import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { FIELD_LIMITS, clampText } from '../../src/doc/limits.js'
import { InvalidInputError, addComment, addPaper, editPaper, setNoteText, upsertMember } from '../../src/doc/ops.js'
import { listComments, listMembers, noteText, readMeta, readPaper } from '../../src/doc/queries.js'
import { toCloseRecord } from '../../src/doc/club/schema.js'
import { commentsOf, membersOf, paperKey, papersOf } from '../../src/doc/schema.js'
import type { PaperId } from '../../src/doc/ids.js'

const MB = 1024 * 1024

/** Syncs `from` into `to` as the relay would: one encoded update, applied as a remote change. */
const sync = (from: Y.Doc, to: Y.Doc) => Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), 'remote')

describe('a hostile replica that writes raw, ignoring the ops', () => {
  test('a 1 MB title, huge author and tag lists and over-long links read back clamped on an honest replica', () => {
    const honest = new Y.Doc()
    const { id } = addPaper(honest, { arxivId: '2401.12345', title: 'Real title' }, 'me', 1)
    const hostile = new Y.Doc()
    sync(honest, hostile)
    const papers = papersOf(hostile)
    hostile.transact(() => {
      papers.set(paperKey('title', id), 'T'.repeat(MB))
      papers.set(paperKey('abstract', id), 'A'.repeat(MB))
      papers.set(paperKey('authors', id), Array.from({ length: 20_000 }, (_, index) => `${'N'.repeat(300)}${index}`))
      papers.set(paperKey('tags', id), Array.from({ length: 5_000 }, (_, index) => `tag${index}`.repeat(20)))
      papers.set(paperKey('venue', id), 'V'.repeat(MB))
      papers.set(paperKey('url', id), `https://example.org/${'u'.repeat(MB)}`)
      papers.set(paperKey('doi', id), `10.1000/${'d'.repeat(5_000)}`)
      papers.set(paperKey('published', id), `2021-01-01${'x'.repeat(100)}`)
      papers.set(paperKey('presenter', id), 'p'.repeat(MB))
      membersOf(hostile).set('mallory', { name: '🙂'.repeat(MB / 2), colour: `#fff;${'x'.repeat(1_000)}`, joinedAt: 1 })
      commentsOf(hostile).set('c1', { paperId: id, by: 'mallory', text: 'C'.repeat(MB), at: 2, deletedAt: 0 })
    })
    sync(hostile, honest)

    const paper = readPaper(honest, id)!
    expect(paper.title).toHaveLength(FIELD_LIMITS.title)
    expect(paper.abstract).toHaveLength(FIELD_LIMITS.abstract)
    expect(paper.venue).toHaveLength(FIELD_LIMITS.venue)
    expect(paper.authors).toHaveLength(FIELD_LIMITS.authors)
    expect(Math.max(...paper.authors.map((name) => name.length))).toBe(FIELD_LIMITS.authorName)
    expect(paper.tags).toHaveLength(FIELD_LIMITS.tags)
    expect(paper.tags.every((tag) => tag.length <= FIELD_LIMITS.tag)).toBe(true)
    // Links, ids and dates cut short would be wrong, so over-long ones read as absent.
    expect(paper).toMatchObject({ url: '', doi: '', published: '', arxivId: '2401.12345' })
    expect(paper.presenter).toHaveLength(FIELD_LIMITS.code)

    const mallory = listMembers(honest).find((member) => member.id === 'mallory')!
    // 60 UTF-16 units of two-unit emoji: 30 whole emoji, no half of a surrogate pair.
    expect(mallory.name).toBe('🙂'.repeat(FIELD_LIMITS.memberName / 2))
    expect(mallory.colour).toBe('#888888')
    expect(listComments(honest, id)[0]!.text).toHaveLength(FIELD_LIMITS.comment)
  })
})

describe('the list name and the club records from a hostile replica', () => {
  test('a megabyte list name and description read back clamped; a close naming a megabyte paper id is ignored', () => {
    const doc = new Y.Doc()
    doc.getMap('meta').set('name', 'n'.repeat(MB))
    doc.getMap('meta').set('description', 'd'.repeat(MB))
    expect(readMeta(doc).name).toHaveLength(FIELD_LIMITS.listName)
    expect(readMeta(doc).description).toHaveLength(FIELD_LIMITS.listDescription)
    expect(toCloseRecord({ paper: 'p'.repeat(MB), cutoff: 1 })).toBeNull()
    expect(toCloseRecord({ paper: 'arxiv:2401.00001', cutoff: 1, by: 'b'.repeat(MB) })!.by).toHaveLength(FIELD_LIMITS.code)
  })
})

describe('the ops clamp or refuse on write', () => {
  test('title, abstract, authors and tags are cut to their limits; an over-long link is refused with a reason', () => {
    const doc = new Y.Doc()
    const { id } = addPaper(doc, {
      title: `${'T'.repeat(MB)}`,
      abstract: 'A'.repeat(50_000),
      authors: Array.from({ length: 10_000 }, (_, index) => `Author ${index} ${'x'.repeat(500)}`),
      tags: Array.from({ length: 500 }, (_, index) => `tag ${index}`),
      doi: `10.1000/${'d'.repeat(400)}`,
      arxivId: '2401.12345',
    }, 'me', 1)
    const stored = (field: string) => papersOf(doc).get(paperKey(field, id))
    expect(stored('title')).toHaveLength(FIELD_LIMITS.title)
    expect(stored('abstract')).toHaveLength(FIELD_LIMITS.abstract)
    expect(stored('authors')).toHaveLength(FIELD_LIMITS.authors)
    expect((stored('authors') as string[])[0]).toHaveLength(FIELD_LIMITS.authorName)
    expect([...papersOf(doc).keys()].filter((key) => key.startsWith('tag.'))).toHaveLength(FIELD_LIMITS.tags)
    expect(readPaper(doc, id)!.tags).toHaveLength(FIELD_LIMITS.tags)
    expect(stored('doi')).toBeUndefined()
    expect(() => editPaper(doc, id, { url: `https://example.org/${'u'.repeat(FIELD_LIMITS.url)}` })).toThrow(InvalidInputError)
    expect(() => editPaper(doc, id, { url: `https://example.org/${'u'.repeat(FIELD_LIMITS.url)}` })).toThrow('longer than 2048 characters')
  })

  test('comments, member names and notes are bounded where they are written', () => {
    const doc = new Y.Doc()
    const paperId = 'arxiv:2401.12345' as PaperId
    addComment(doc, { paperId, by: 'me', text: 'c'.repeat(MB) })
    expect(listComments(doc, paperId)[0]!.text).toHaveLength(FIELD_LIMITS.comment)
    upsertMember(doc, { id: 'me', name: 'n'.repeat(1_000), colour: '#123456' })
    expect(listMembers(doc)[0]!.name).toHaveLength(FIELD_LIMITS.memberName)
    setNoteText(doc, paperId, 'x'.repeat(FIELD_LIMITS.note + 5_000))
    expect(noteText(doc, paperId)).toHaveLength(FIELD_LIMITS.note)
  })

  test('clampText never splits a surrogate pair and leaves short text alone', () => {
    expect(clampText('ab🙂', 3)).toBe('ab')
    expect(clampText('ab🙂', 4)).toBe('ab🙂')
    expect(clampText('short', 100)).toBe('short')
  })
})
