import { describe, expect, test } from 'vitest'
import { addComment, addPaper, deletePaper, setVote } from '../../../src/doc/index.js'
import { importPapers } from '../../../src/doc/importPapers.js'
import type { RankedPaper } from '../../../src/doc/index.js'
import { ACTIVITY_GROUP_GAP_MS, activitySince, addMeeting, groupActivity, closeMeeting, listActivity, markHeld, rankReason, setSchedule, setTimeZone, timeAgo } from '../../../src/doc/club/index.js'
import { addMembers, makeReplicas, syncAll } from './replicas.js'

describe('activity feed', () => {
  test('derived from the merged document, newest first, with an unread count that skips my own', () => {
    const docs = makeReplicas(3)
    const [ann, bob, cy] = docs
    setTimeZone(ann!, 'UTC')
    addMembers(ann!, ['ann', 'bob', 'cy'])
    setSchedule(ann!, { weekday: 4, time: '16:00', from: '2026-03-01' }, 'ann', 100)
    const a = addPaper(ann!, { title: 'A' }, 'ann', 110).id
    syncAll(docs)
    const b = addPaper(bob!, { title: 'B' }, 'bob', 200).id
    setVote(cy!, { paperId: a, memberId: 'cy', on: true, at: 210 })
    const comment = addComment(cy!, { paperId: a, by: 'cy', text: 'Read section 2', at: 220 })
    addMeeting(bob!, { date: '2026-03-10', time: '12:00' }, 'bob', 230)
    syncAll(docs)
    closeMeeting(ann!, 'm:2026-03-05', 240, 'ann')
    markHeld(bob!, 'm:2026-03-10', 250, 'bob')
    syncAll(docs)
    const kinds = listActivity(cy!).map((item) => [item.kind, item.at, item.by])
    expect(kinds).toEqual([
      ['meeting-closed', 250, 'bob'],
      ['meeting-held', 250, 'bob'],
      ['meeting-closed', 240, 'ann'],
      ['meeting-scheduled', 230, 'bob'],
      ['commented', 220, 'cy'],
      ['voted', 210, 'cy'],
      ['paper-added', 200, 'bob'],
      ['paper-added', 110, 'ann'],
      ['schedule-set', 100, 'ann'],
    ])
    for (const doc of docs) expect(listActivity(doc)).toEqual(listActivity(cy!))
    const mine = activitySince(ann!, 205, 'ann')
    expect(mine.unread).toBe(5)
    expect(mine.items.map((item) => item.key)).toContain(`comment|${comment}`)
    expect(mine.items.every((item) => item.by !== 'ann' && item.at > 205)).toBe(true)
    expect(activitySince(ann!, 205, 'ann', { limit: 2 })).toMatchObject({ unread: 5, items: [{ kind: 'meeting-closed' }, { kind: 'meeting-held' }] })
    deletePaper(bob!, b)
    expect(listActivity(bob!).some((item) => item.paperId === b)).toBe(false)
  })
})

describe('rank reason', () => {
  const now = Date.parse('2026-03-22T12:00:00Z')
  const ranked = (votes: number, addedAt: number) => ({ votes, paper: { addedAt } }) as RankedPaper
  test('counts and age in plain words', () => {
    expect(rankReason(ranked(5, now - 21 * 86_400_000), now)).toBe('5 votes · added 3 weeks ago')
    expect(rankReason(ranked(1, now - 3 * 3_600_000), now)).toBe('1 vote · added 3 hours ago')
    expect(rankReason(ranked(0, now + 5_000), now)).toBe('0 votes · added just now')
    expect(timeAgo(now - 400 * 86_400_000, now)).toBe('1 year ago')
    expect(timeAgo(now - 45 * 86_400_000, now)).toBe('1 month ago')
  })
})

describe('grouped activity', () => {
  test('an import of 78 papers is one "added 78 papers" group; other kinds and members stay apart', () => {
    const docs = makeReplicas(2)
    const [ana, ben] = docs
    addMembers(ana!, ['ana', 'ben'])
    addPaper(ana!, { title: 'Before the import' }, 'ana', 1_000)
    const papers = Array.from({ length: 78 }, (_, n) => ({ title: `Imported ${n}` }))
    importPapers(ana!, papers, 'ana', 1_000_000)
    syncAll(docs)
    setVote(ben!, { paperId: addPaper(ben!, { title: 'Ben\'s' }, 'ben', 1_000_100).id, memberId: 'ben', on: true, at: 1_000_200 })
    syncAll(docs)
    const groups = groupActivity(listActivity(ana!))
    expect(groups.map((group) => [group.kind, group.by, group.items.length])).toEqual([
      ['voted', 'ben', 1],
      ['paper-added', 'ben', 1],
      ['paper-added', 'ana', 78],
      ['paper-added', 'ana', 1],
    ])
    const bulk = groups[2]!
    expect(bulk).toMatchObject({ at: 1_000_000, since: 1_000_000, key: bulk.items[0]!.key })
    expect(new Set(bulk.items.map((item) => item.paperId)).size).toBe(78)
    expect(groupActivity(listActivity(ben!))).toEqual(groups)
  })

  test('a run breaks on a gap longer than the window, and closes and helds never fold', () => {
    const item = (key: string, kind: 'voted' | 'meeting-held', at: number) => ({ key, kind, at, by: 'ana' })
    const gap = ACTIVITY_GROUP_GAP_MS
    const groups = groupActivity([
      item('a', 'voted', 10 * gap), item('b', 'voted', 9 * gap), item('c', 'voted', 8 * gap - 1),
      item('d', 'meeting-held', 8 * gap - 2), item('e', 'meeting-held', 8 * gap - 3),
    ])
    expect(groups.map((group) => group.items.map((entry) => entry.key))).toEqual([['a', 'b'], ['c'], ['d'], ['e']])
    expect(groupActivity([])).toEqual([])
  })
})
