import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { readFileSync } from 'node:fs'
import { addPaper, listAllPapers, listComments, noteText, readMeta, voteCounts } from '../../src/doc/index.js'
import { readClubSettings } from '../../src/doc/club/index.js'
import { BackupError, exportBackup, restoreBackup, restoredListName, validateBackup } from '../../src/doc/backup.js'
import type { ListBackup } from '../../src/doc/backup.js'
import { isEmptyList } from '../../src/doc/roots.js'
import { fullList, listView } from './fullList.js'

const throughJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T

describe('list backup', () => {
  test('backup → restore → backup is the same, through JSON, and the restored list answers every query alike', () => {
    const original = fullList()
    const backup = throughJson(exportBackup(original, 99))
    expect(backup).toMatchObject({ format: 'shortlist-list-backup', version: 2, exportedAt: 99, report: [] })
    const restored = new Y.Doc()
    restoreBackup(restored, backup)
    expect(exportBackup(restored, 99)).toEqual(backup)
    expect(listView(restored)).toEqual(listView(original))
    expect(listView(restored).meetings.map((meeting) => [meeting.id, meeting.state])).toEqual([
      ['m:2026-03-05', 'held'], ['m:2026-03-12', 'closed'], ['m:2026-03-19', 'cancelled'], ['m:2026-03-24', 'scheduled'],
      ['m:2026-03-26', 'scheduled'], ['m:2026-04-02', 'scheduled'], ['m:2026-04-09', 'scheduled'], ['m:2026-04-16', 'scheduled'],
      ['m:2026-04-23', 'scheduled'], ['m:2026-04-30', 'scheduled'],
    ])
    expect(listView(restored).settings).toMatchObject({ timeZone: 'Europe/Berlin', voteBudget: 2 })
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

  test('the restored list syncs to a fresh replica like any other', () => {
    const restored = new Y.Doc()
    restoreBackup(restored, exportBackup(fullList()))
    const replica = new Y.Doc()
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(restored))
    expect(listView(replica)).toEqual(listView(restored))
  })

  /** A backup of the busy list with one section's content replaced. */
  const withSection = (name: string, content: unknown): unknown => {
    const backup = exportBackup(fullList())
    return { ...backup, maps: { ...backup.maps, [name]: content } } satisfies Omit<ListBackup, 'maps'> & { maps: unknown }
  }
  test.each([
    ['not an object', 'hello', /not a JSON object/],
    ['wrong format', { format: 'other' }, /"format"/],
    ['future version', { ...exportBackup(fullList()), version: 3 }, /version 3/],
    ['missing maps', { ...exportBackup(fullList()), maps: undefined }, /"maps"/],
    ['section not an object', withSection('votes', 'many'), /"votes" is not an object/],
    ['bad vote', withSection('votes', { 'ann|arxiv:1': 'yes' }), /vote/],
    ['bad reading state', withSection('reading', { 'ann|arxiv:1': 'skimmed' }), /reading state/],
    ['bad paper key', withSection('papers', { title: 'x' }), /key "title"/],
    ['comment without paper', withSection('comments', { c1: { text: 'x' } }), /comment/],
    ['note not text', { ...exportBackup(fullList()), texts: { 'note|arxiv:1': 3 } }, /note/],
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
    expect(() => restoreBackup(doc, exportBackup(fullList()))).toThrow(/new, empty list/)
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
