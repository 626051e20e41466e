import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import {
  addComment, addPaper, createList, deleteComment, deletePaper, editPaper, listAllPapers, listComments, listMembers, noteText,
  readMeta, readersOf, setNoteText, setReading, setStatus, setVote, upsertMember, voteCounts, votersOf,
} from '../../src/doc/index.js'
import { BackupError, exportBackup, restoreBackup, restoredListName } from '../../src/doc/backup.js'
import type { ListBackup } from '../../src/doc/backup.js'

/** A list with something in every root: deleted papers and comments, edits, votes, reading, notes. */
function busyList(): Y.Doc {
  const doc = new Y.Doc()
  createList(doc, { name: 'Journal club', description: 'Thursdays', at: 5 })
  upsertMember(doc, { id: 'ann', name: 'Ann', colour: '#ff0000', at: 1 })
  upsertMember(doc, { id: 'bob', name: 'Bob', colour: '#00ff00', at: 2 })
  const a = addPaper(doc, { arxivId: '1706.03762', title: 'Attention', authors: ['A. V'], tags: ['nlp'] }, 'ann', 10).id
  const b = addPaper(doc, { doi: '10.1000/x' }, 'bob', 11).id
  const c = addPaper(doc, { title: 'Gone', url: 'https://example.org/gone' }, 'ann', 12).id
  editPaper(doc, a, { title: 'Attention Is All You Need' })
  setStatus(doc, a, 'discussed', { discussedOn: '2024-05-02', presenter: 'bob' })
  deletePaper(doc, c, 20)
  setVote(doc, a, 'ann', true, 30)
  setVote(doc, b, 'ann', true, 31)
  setVote(doc, b, 'bob', true, 32)
  setVote(doc, c, 'bob', true, 33)
  setReading(doc, a, 'ann', 'read')
  setReading(doc, b, 'bob', 'reading')
  addComment(doc, a, 'ann', 'Great paper', 40)
  const gone = addComment(doc, b, 'bob', 'Oops', 41)
  deleteComment(doc, gone, 42)
  setNoteText(doc, a, 'Key idea: attention.\nSecond line — ünïcode.')
  setNoteText(doc, b, 'Note on b')
  return doc
}

/** Everything a member can see, through the queries. */
function view(doc: Y.Doc) {
  const papers = listAllPapers(doc)
  return {
    meta: readMeta(doc),
    papers,
    votes: [...voteCounts(doc).entries()].sort(),
    voters: papers.map((paper) => votersOf(doc, paper.id)),
    readers: papers.map((paper) => readersOf(doc, paper.id)),
    comments: papers.map((paper) => listComments(doc, paper.id)),
    notes: papers.map((paper) => noteText(doc, paper.id)),
    members: listMembers(doc),
  }
}

describe('list backup', () => {
  test('restores losslessly into a new list, through JSON', () => {
    const original = busyList()
    const backup = JSON.parse(JSON.stringify(exportBackup(original, 99)))
    expect(backup).toMatchObject({ format: 'shortlist-list-backup', version: 2, exportedAt: 99 })
    const restored = new Y.Doc()
    restoreBackup(restored, backup)
    expect(view(restored)).toEqual(view(original))
    expect(view(restored).papers).toHaveLength(3)
    expect(listAllPapers(restored).find((paper) => paper.deletedAt)?.title).toBe('Gone')
    expect(exportBackup(restored, 99)).toEqual(backup)
  })

  test('the restored list syncs to a fresh replica like any other', () => {
    const restored = new Y.Doc()
    restoreBackup(restored, exportBackup(busyList()))
    const replica = new Y.Doc()
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(restored))
    expect(view(replica)).toEqual(view(restored))
  })

  /** A backup of the busy list with one section's content replaced. */
  const withSection = (name: string, content: unknown): unknown => {
    const backup = exportBackup(busyList())
    return { ...backup, maps: { ...backup.maps, [name]: content } } satisfies Omit<ListBackup, 'maps'> & { maps: unknown }
  }
  test.each([
    ['not an object', 'hello', /not a JSON object/],
    ['wrong format', { format: 'other' }, /"format"/],
    ['future version', { ...exportBackup(busyList()), version: 3 }, /version 3/],
    ['missing maps', { ...exportBackup(busyList()), maps: undefined }, /"maps"/],
    ['section not an object', withSection('votes', 'many'), /"votes" is not an object/],
    ['bad vote', withSection('votes', { 'ann|arxiv:1': 'yes' }), /vote/],
    ['bad reading state', withSection('reading', { 'ann|arxiv:1': 'skimmed' }), /reading state/],
    ['bad paper key', withSection('papers', { title: 'x' }), /key "title"/],
    ['comment without paper', withSection('comments', { c1: { text: 'x' } }), /comment/],
    ['note not text', { ...exportBackup(busyList()), texts: { 'note|arxiv:1': 3 } }, /note/],
    ['version 1 missing a section', { format: 'shortlist-list-backup', version: 1, meta: {}, papers: {} }, /"votes"/],
  ])('a malformed backup (%s) gives a clear error and writes nothing', (_name, backup, message) => {
    const doc = new Y.Doc()
    expect(() => restoreBackup(doc, backup)).toThrow(BackupError)
    expect(() => restoreBackup(doc, backup)).toThrow(message)
    expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(new Y.Doc()))
  })

  test('refuses to restore over a list that already has content', () => {
    const doc = new Y.Doc()
    addPaper(doc, { title: 'Existing' }, 'ann', 1)
    const before = Y.encodeStateAsUpdate(doc)
    expect(() => restoreBackup(doc, exportBackup(busyList()))).toThrow(/new, empty list/)
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before)
  })

  test('a restored copy is named after the list and the day, within the name limit', () => {
    expect(restoredListName('Vision group journal club', '2026-12-02')).toBe('Vision group journal club (restored 2026-12-02)')
    expect(restoredListName('  ', '2026-12-02')).toBe('Untitled list (restored 2026-12-02)')
    const long = restoredListName('x'.repeat(300), '2026-12-02')
    expect(long).toHaveLength(200)
    expect(long.endsWith(' (restored 2026-12-02)')).toBe(true)
  })
})
