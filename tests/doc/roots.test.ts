/**
 * The root registry is the list: a list filled through every public op holds no root the
 * registry does not know, and its backup restores into a list whose backup is the same.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import {
  addComment, addPaper, createList, deleteComment, deletePaper, editPaper, listAllPapers, listComments, listMembers, noteText,
  readMeta, readersOf, setNoteText, setReading, setStatus, setVote, upsertMember, voteCounts, votersOf, rankQueue,
} from '../../src/doc/index.js'
import {
  addMeeting, awayOn, cancelMeeting, closeMeeting, initClubSettings, listMeetings, markHeld, meetingCloses, readClubSettings,
  setAway, setDeadline, setMeetingPaper, setPresenter, setSchedule, setVoteBudget,
} from '../../src/doc/club/index.js'
import { exportBackup, restoreBackup, validateBackup } from '../../src/doc/backup.js'
import { LIST_ROOTS, MAP_ROOTS, TEXT_FAMILIES, isEmptyList, mapRoot, unknownRoots } from '../../src/doc/roots.js'
import { moveList } from '../../src/sync/moveList.js'
import { utc } from './club/replicas.js'

/** A list with something in every root, written only through the public ops. */
export function fullList(): Y.Doc {
  const doc = new Y.Doc()
  createList(doc, { name: 'Vision group journal club', description: 'Thursdays', at: 5 })
  upsertMember(doc, { id: 'ann', name: 'Ann', colour: '#ff0000', at: 1 })
  upsertMember(doc, { id: 'bob', name: 'Bob', colour: '#00ff00', at: 2 })
  initClubSettings(doc, { timeZone: 'Europe/Berlin' })
  setVoteBudget(doc, 2)
  setSchedule(doc, { weekday: 4, time: '16:00', from: '2026-03-01', deadlineMinutesBefore: 60 }, 'ann', utc('2026-03-01T09:00:00Z'))
  const a = addPaper(doc, { arxivId: '1706.03762', title: 'Attention', authors: ['A. V'], tags: ['nlp'] }, 'ann', 10).id
  const b = addPaper(doc, { doi: '10.1000/x' }, 'bob', 11).id
  const c = addPaper(doc, { title: 'Gone', url: 'https://example.org/gone' }, 'ann', 12).id
  const d = addPaper(doc, { title: 'Next week' }, 'bob', 13).id
  editPaper(doc, a, { title: 'Attention Is All You Need' })
  deletePaper(doc, c, 20)
  setVote(doc, a, 'ann', true, 30)
  setVote(doc, b, 'ann', true, 31)
  setVote(doc, b, 'bob', true, 32)
  setVote(doc, c, 'bob', true, 33)
  setVote(doc, d, 'bob', true, 34)
  setReading(doc, a, 'ann', 'read')
  setReading(doc, b, 'bob', 'reading')
  addComment(doc, a, 'ann', 'Great paper', 40)
  deleteComment(doc, addComment(doc, b, 'bob', 'Oops', 41), 42)
  setNoteText(doc, a, 'Key idea: attention.\nSecond line — ünïcode.')
  setNoteText(doc, b, 'Note on b')
  const first = 'm:2026-03-05' as const
  closeMeeting(doc, first, utc('2026-03-05T12:00:00Z'), 'ann')
  setPresenter(doc, first, 'bob')
  markHeld(doc, first, utc('2026-03-05T16:30:00Z'), 'ann')
  setDeadline(doc, 'm:2026-03-12', utc('2026-03-11T10:00:00Z'))
  setMeetingPaper(doc, 'm:2026-03-12', d, 'bob', utc('2026-03-06T10:00:00Z'))
  cancelMeeting(doc, 'm:2026-03-19', 'ann', utc('2026-03-06T11:00:00Z'))
  addMeeting(doc, { date: '2026-03-24', time: '10:00', durationMinutes: 90 }, 'bob', utc('2026-03-06T12:00:00Z'))
  setAway(doc, 'ann', '2026-03-26', true)
  return doc
}

/** Everything a member sees of the list, through the queries. */
function view(doc: Y.Doc) {
  const papers = listAllPapers(doc)
  return {
    meta: readMeta(doc),
    papers,
    ranking: rankQueue(doc),
    votes: [...voteCounts(doc).entries()].sort(),
    voters: papers.map((paper) => votersOf(doc, paper.id)),
    readers: papers.map((paper) => readersOf(doc, paper.id)),
    comments: papers.map((paper) => listComments(doc, paper.id)),
    notes: papers.map((paper) => noteText(doc, paper.id)),
    members: listMembers(doc),
    settings: readClubSettings(doc),
    meetings: listMeetings(doc, '2026-03-01', '2026-04-30', utc('2026-03-10T00:00:00Z'), { includeCancelled: true }),
    closes: meetingCloses(doc, 'm:2026-03-05'),
    away: awayOn(doc, '2026-03-26'),
  }
}

const throughJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T

describe('root registry', () => {
  test('a list filled through every public op holds only roots the registry knows, and fills each of them', () => {
    const doc = fullList()
    expect(unknownRoots(doc)).toEqual([])
    for (const root of MAP_ROOTS) expect(mapRoot(doc, root).size, root.name).toBeGreaterThan(0)
    for (const family of TEXT_FAMILIES) expect([...doc.share.keys()].some((name) => name.startsWith(family.prefix)), family.prefix).toBe(true)
    expect(LIST_ROOTS).toHaveLength(MAP_ROOTS.length + TEXT_FAMILIES.length)
  })

  test('backup → restore → backup is the same, through JSON, and the restored list answers every query alike', () => {
    const original = fullList()
    const backup = throughJson(exportBackup(original, 99))
    expect(backup).toMatchObject({ format: 'shortlist-list-backup', version: 2, exportedAt: 99, report: [] })
    const restored = new Y.Doc()
    restoreBackup(restored, backup)
    expect(exportBackup(restored, 99)).toEqual(backup)
    expect(view(restored)).toEqual(view(original))
    expect(view(restored).meetings.map((meeting) => [meeting.id, meeting.state])).toEqual([
      ['m:2026-03-05', 'held'], ['m:2026-03-12', 'closed'], ['m:2026-03-19', 'cancelled'], ['m:2026-03-24', 'scheduled'],
      ['m:2026-03-26', 'scheduled'], ['m:2026-04-02', 'scheduled'], ['m:2026-04-09', 'scheduled'], ['m:2026-04-16', 'scheduled'],
      ['m:2026-04-23', 'scheduled'], ['m:2026-04-30', 'scheduled'],
    ])
    expect(view(restored).settings).toMatchObject({ timeZone: 'Europe/Berlin', voteBudget: 2 })
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

  test('a Y type stored as a map value is saved as plain data with a report, never a throw', () => {
    const doc = fullList()
    const nested = new Y.Map<unknown>()
    doc.transact(() => {
      doc.getMap('comments').set('odd', nested)
      nested.set('paperId', 'arxiv:1706.03762')
      nested.set('text', 'written by a buggy peer')
      doc.getMap('meta').set('tags', [new Y.Map()])
    })
    const backup = throughJson(exportBackup(doc, 1))
    expect(backup.maps.comments!.odd).toEqual({ paperId: 'arxiv:1706.03762', text: 'written by a buggy peer' })
    expect(backup.maps.meta!.tags).toEqual([{}])
    expect(backup.report).toEqual([
      'meta "tags" held a live value; it was saved as plain data.',
      'comments "odd" held a live value; it was saved as plain data.',
    ])
    const restored = new Y.Doc()
    restoreBackup(restored, backup)
    expect(listComments(restored, 'arxiv:1706.03762' as never).map((comment) => comment.text)).toContain('written by a buggy peer')
  })

  test('"move to a new link" copies every root the registry knows', () => {
    const original = fullList()
    expect(exportBackup(moveList(original).doc, 7)).toEqual(exportBackup(original, 7))
  })
})

describe('backup versions', () => {
  const v1 = JSON.parse(readFileSync(new URL('../fixtures/backup/list-backup-v1.json', import.meta.url), 'utf8')) as unknown

  test('a version 1 file restores: its roots and notes, with empty club roots', () => {
    const restored = new Y.Doc()
    restoreBackup(restored, v1)
    expect(readMeta(restored).name).toBe('Vision group journal club')
    expect(listAllPapers(restored).map((paper) => paper.title)).toEqual(['Attention Is All You Need', '10.1000/x', 'Gone'])
    expect(noteText(restored, 'arxiv:1706.03762' as never)).toBe('Key idea: attention.\nSecond line — ünïcode.')
    expect([...voteCounts(restored).entries()].sort()).toEqual([['arxiv:1706.03762', 1], ['doi:10.1000/x', 2], ['url:https://example.org/gone', 1]])
    expect(readClubSettings(restored)).toEqual({ timeZone: 'UTC', voteBudget: null, schedule: null })
    const upgraded = exportBackup(restored, 1)
    expect(upgraded.version).toBe(2)
    expect(Object.keys(upgraded.texts).sort()).toEqual(['note|arxiv:1706.03762', 'note|doi:10.1000/x'])
  })

  test.each([
    ['unknown section', { maps: { votez: {} } }, /"votez" is not part of a list/],
    ['unknown text root', { texts: { 'sketch|a': 'x' } }, /"sketch\|a" is not part of a list/],
    ['bad meeting key', { maps: { meetings: { time: '10:00' } } }, /<field>\|<meetingId>/],
    ['close not an object', { maps: { meetingCloses: { 'm:2026-01-01|x': 'A' } } }, /meeting close/],
    ['texts missing', { texts: undefined }, /"texts"/],
    ['a version from the future', { version: 3 }, /version 3 is not supported/],
  ])('a malformed version 2 file (%s) is refused whole', (_name, change, message) => {
    const file = { ...throughJson(exportBackup(fullList(), 1)), ...change }
    expect(() => validateBackup(file)).toThrow(message)
    const doc = new Y.Doc()
    expect(() => restoreBackup(doc, file)).toThrow(message)
    expect(isEmptyList(doc)).toBe(true)
  })
})
