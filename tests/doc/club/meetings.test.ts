import { describe, expect, test } from 'vitest'
import { addComment, addPaper, hasVoted, rankQueue, readPaper, setNoteText, setVote, InvalidInputError } from '../../../src/doc/index.js'
import type { PaperId } from '../../../src/doc/index.js'
import {
  addMeeting, cancelMeeting, closeDueMeetings, closeMeeting, effectiveMeetingPaper, initClubSettings, listArchive, listMeetings,
  markHeld, meetingCloses, readMeeting, restoreMeeting, setDeadline, setMeetingPaper, setPresenter, setSchedule, setTimeZone,
  skipDate, upcomingMeetings,
} from '../../../src/doc/club/index.js'
import type { MeetingId } from '../../../src/doc/club/index.js'
import { addMembers, makeReplicas, sendTo, syncAll, utc } from './replicas.js'

/** Three devices of one Berlin list meeting Thursdays at 16:00, with four queued papers. */
function club(options: { deadlineMinutesBefore?: number } = {}) {
  const docs = makeReplicas(3)
  const doc = docs[0]!
  initClubSettings(doc, { timeZone: 'Europe/Berlin' })
  setSchedule(doc, { weekday: 4, time: '16:00', from: '2026-03-01', ...options }, 'ann', utc('2026-03-01T09:00:00Z'))
  addMembers(doc, ['ann', 'bob', 'cy'])
  const ids = ['A', 'B', 'C', 'D'].map((title, i) => addPaper(doc, { title }, 'ann', 1_000 + i).id) as [PaperId, PaperId, PaperId, PaperId]
  syncAll(docs)
  return { docs, ids }
}

describe('schedule', () => {
  test('weekly Thursday 16:00 Berlin expands to dated ids and correct UTC across the spring change', () => {
    const { docs } = club()
    const meetings = upcomingMeetings(docs[0]!, { now: utc('2026-03-20T12:00:00Z'), count: 3 })
    expect(meetings.map((m) => [m.id, m.date, m.time, new Date(m.startsAt).toISOString()])).toEqual([
      ['m:2026-03-26', '2026-03-26', '16:00', '2026-03-26T15:00:00.000Z'],
      ['m:2026-04-02', '2026-04-02', '16:00', '2026-04-02T14:00:00.000Z'],
      ['m:2026-04-09', '2026-04-09', '16:00', '2026-04-09T14:00:00.000Z'],
    ])
    expect(meetings.every((m) => m.state === 'scheduled' && m.paperId === null && m.fromSchedule)).toBe(true)
  })

  test('New York list: the week the US clocks change', () => {
    const [doc] = makeReplicas(1)
    setTimeZone(doc!, 'America/New_York')
    setSchedule(doc!, { weekday: 4, time: '16:00', from: '2026-03-01' })
    const [before, after] = upcomingMeetings(doc!, { now: utc('2026-03-01T00:00:00Z'), count: 2 })
    expect(new Date(before!.startsAt).toISOString()).toBe('2026-03-05T21:00:00.000Z')
    expect(new Date(after!.startsAt).toISOString()).toBe('2026-03-12T20:00:00.000Z')
  })

  test('every two weeks, a skipped date and an added date', () => {
    const [doc] = makeReplicas(1)
    setTimeZone(doc!, 'UTC')
    setSchedule(doc!, { weekday: 1, time: '10:00', from: '2026-01-01', everyWeeks: 2, until: '2026-03-01' })
    const now = utc('2026-01-01T00:00:00Z')
    expect(upcomingMeetings(doc!, { now, count: 10 }).map((m) => m.date)).toEqual(['2026-01-05', '2026-01-19', '2026-02-02', '2026-02-16'])
    skipDate(doc!, '2026-01-19')
    addMeeting(doc!, { date: '2026-01-22', time: '15:30' }, 'ann', 5)
    expect(upcomingMeetings(doc!, { now, count: 10 }).map((m) => m.id)).toEqual(['m:2026-01-05', 'm:2026-01-22', 'm:2026-02-02', 'm:2026-02-16'])
    expect(upcomingMeetings(doc!, { now, count: 10, includeCancelled: true }).find((m) => m.date === '2026-01-19')?.state).toBe('cancelled')
    restoreMeeting(doc!, 'm:2026-01-19')
    expect(upcomingMeetings(doc!, { now, count: 2 }).map((m) => m.date)).toEqual(['2026-01-05', '2026-01-19'])
    expect(upcomingMeetings(doc!, { now: utc('2026-01-05T10:30:00Z'), count: 1 })[0]?.date).toBe('2026-01-05')
    expect(upcomingMeetings(doc!, { now: utc('2026-01-05T11:00:00Z'), count: 1 })[0]?.date).toBe('2026-01-19')
  })

  test('two devices adding a meeting on the same day offline end with one meeting', () => {
    const docs = makeReplicas(3)
    addMeeting(docs[0]!, { date: '2026-05-07', time: '16:00' }, 'ann', 1)
    addMeeting(docs[1]!, { date: '2026-05-07', time: '16:00' }, 'bob', 2)
    setPresenter(docs[1]!, { meetingId: 'm:2026-05-07', memberId: 'cy' })
    syncAll(docs)
    for (const doc of docs) {
      const list = listMeetings(doc, { fromDate: '2026-05-01', toDate: '2026-05-31', now: 0 })
      expect(list.map((m) => [m.id, m.presenter])).toEqual([['m:2026-05-07', 'cy']])
    }
  })

  test('bad input is rejected before anything is written', () => {
    const [doc] = makeReplicas(1)
    expect(() => setSchedule(doc!, { weekday: 7, time: '16:00', from: '2026-01-01' })).toThrow(InvalidInputError)
    expect(() => setSchedule(doc!, { weekday: 4, time: '25:00', from: '2026-01-01' })).toThrow(InvalidInputError)
    expect(() => addMeeting(doc!, { date: '2026-02-30', time: '10:00' })).toThrow(InvalidInputError)
    expect(() => setTimeZone(doc!, 'Nowhere/City')).toThrow(InvalidInputError)
    expect(doc!.share.size).toBe(0)
  })
})

describe('choosing the paper', () => {
  const meetingId: MeetingId = 'm:2026-04-02'

  test('concurrent offline closes with different votes in view converge on the earlier close', () => {
    const { docs, ids } = club()
    const [a, b] = docs
    // Device 0 sees votes for A, device 1 for B; device 2 sees neither and never closes.
    setVote(a!, { paperId: ids[0], memberId: 'ann', on: true, at: utc('2026-03-30T08:00:00Z') })
    setVote(b!, { paperId: ids[1], memberId: 'bob', on: true, at: utc('2026-03-30T09:00:00Z') })
    setVote(b!, { paperId: ids[1], memberId: 'cy', on: true, at: utc('2026-03-30T09:30:00Z') })
    expect(closeMeeting(a!, meetingId, utc('2026-03-31T12:00:00Z'), 'ann')).toBe(ids[0])
    expect(closeMeeting(b!, meetingId, utc('2026-03-31T10:00:00Z'), 'bob')).toBe(ids[1])
    // Deliver in opposite orders to two replicas before everyone syncs.
    sendTo(a!, docs[2]!)
    sendTo(b!, docs[2]!)
    syncAll([b!, a!, docs[2]!])
    for (const doc of docs) {
      const meeting = readMeeting(doc, meetingId, utc('2026-04-01T00:00:00Z'))!
      expect(meeting).toMatchObject({ state: 'closed', paperId: ids[1], closedAt: utc('2026-03-31T10:00:00Z') })
      expect(meetingCloses(doc, meetingId)).toHaveLength(2)
    }
    // A close on a device that already sees the result writes nothing new.
    closeMeeting(docs[2]!, meetingId, utc('2026-03-31T13:00:00Z'), 'cy')
    expect(meetingCloses(docs[2]!, meetingId)).toHaveLength(2)
  })

  test('after the deadline the choice is locked to the votes as they stood then, even unclosed', () => {
    const { docs, ids } = club({ deadlineMinutesBefore: 24 * 60 })
    const [doc] = docs
    const meeting = readMeeting(doc!, meetingId, 0)!
    expect(new Date(meeting.deadline!).toISOString()).toBe('2026-04-01T14:00:00.000Z')
    setVote(doc!, { paperId: ids[2], memberId: 'ann', on: true, at: meeting.deadline! - 1 })
    setVote(doc!, { paperId: ids[3], memberId: 'bob', on: true, at: meeting.deadline! + 1 })
    setVote(doc!, { paperId: ids[3], memberId: 'cy', on: true, at: meeting.deadline! + 2 })
    expect(effectiveMeetingPaper(doc!, meetingId, meeting.deadline! - 10)).toBeNull()
    expect(readMeeting(doc!, meetingId, meeting.deadline! - 10)?.state).toBe('scheduled')
    expect(effectiveMeetingPaper(doc!, meetingId, meeting.deadline!)).toBe(ids[2])
    expect(rankQueue(doc!)[0]?.paper.id).toBe(ids[3])
    // Closing late counts votes up to the deadline too.
    expect(closeMeeting(doc!, meetingId, meeting.deadline! + 1_000, 'bob')).toBe(ids[2])
  })

  test('three replicas auto-closing at the deadline with different views agree', () => {
    const { docs, ids } = club({ deadlineMinutesBefore: 60 })
    const deadline = readMeeting(docs[0]!, meetingId, 0)!.deadline!
    setVote(docs[0]!, { paperId: ids[0], memberId: 'ann', on: true, at: deadline - 5_000 })
    setVote(docs[1]!, { paperId: ids[1], memberId: 'bob', on: true, at: deadline - 4_000 })
    setVote(docs[2]!, { paperId: ids[2], memberId: 'cy', on: true, at: deadline - 3_000 })
    const now = deadline + 60_000
    const localChoices = docs.map((doc) => {
      expect(closeDueMeetings(doc, now, 'device')).toEqual([meetingId])
      return effectiveMeetingPaper(doc, meetingId, now)
    })
    expect(localChoices).toEqual([ids[0], ids[1], ids[2]])
    syncAll(docs)
    const after = docs.map((doc) => effectiveMeetingPaper(doc, meetingId, now))
    expect(new Set(after).size).toBe(1)
    expect(ids.slice(0, 3)).toContain(after[0])
    // Later unvotes cannot move a locked choice.
    setVote(docs[0]!, { paperId: after[0]!, memberId: 'ann', on: false })
    setVote(docs[0]!, { paperId: after[0]!, memberId: 'bob', on: false })
    setVote(docs[0]!, { paperId: after[0]!, memberId: 'cy', on: false })
    expect(effectiveMeetingPaper(docs[0]!, meetingId, now + 1)).toBe(after[0])
  })

  test('a paper set by hand overrides closes; a locked paper is reserved from the next meeting', () => {
    const { docs, ids } = club()
    const [doc] = docs
    setVote(doc!, { paperId: ids[3], memberId: 'ann', on: true, at: 1 })
    expect(closeMeeting(doc!, meetingId, utc('2026-03-31T00:00:00Z'))).toBe(ids[3])
    expect(closeMeeting(doc!, 'm:2026-04-09', utc('2026-03-31T00:00:00Z'))).toBe(ids[0])
    setMeetingPaper(docs[1]!, { meetingId, paperId: ids[1], by: 'bob', at: 5 })
    syncAll(docs)
    for (const replica of docs) expect(effectiveMeetingPaper(replica, meetingId, 0)).toBe(ids[1])
    expect(() => setMeetingPaper(doc!, { meetingId, paperId: 'title:nope' as PaperId })).toThrow(InvalidInputError)
  })

  test('a cancelled meeting is not closed and frees its paper', () => {
    const { docs, ids } = club()
    const [doc] = docs
    expect(closeMeeting(doc!, meetingId, 2_001)).toBe(ids[0])
    cancelMeeting(doc!, meetingId, 'ann', 2_002)
    expect(closeMeeting(doc!, meetingId, 2_003)).toBe(ids[0])
    expect(meetingCloses(doc!, meetingId)).toHaveLength(1)
    expect(readMeeting(doc!, meetingId, 2_003)?.state).toBe('cancelled')
    expect(closeMeeting(doc!, 'm:2026-04-09', 2_004)).toBe(ids[0])
    expect(closeMeeting(doc!, 'm:2026-04-10', 2_004)).toBeNull()
    expect(closeMeeting(doc!, 'm:2026-04-16', 10)).toBeNull()
  })

  test('setDeadline overrides the schedule default, null removes it', () => {
    const { docs } = club({ deadlineMinutesBefore: 60 })
    setDeadline(docs[0]!, meetingId, utc('2026-03-30T00:00:00Z'))
    expect(readMeeting(docs[0]!, meetingId, 0)?.deadline).toBe(utc('2026-03-30T00:00:00Z'))
    setDeadline(docs[0]!, meetingId, null)
    expect(readMeeting(docs[0]!, meetingId, 0)?.deadline).toBeNull()
  })
})

describe('after the meeting', () => {
  test('mark held: the paper is discussed on the date with the presenter, leaves the queue, and is archived', () => {
    const { docs, ids } = club()
    const [doc, other] = docs
    setVote(doc!, { paperId: ids[2], memberId: 'bob', on: true, at: 5 })
    closeMeeting(doc!, 'm:2026-03-05', utc('2026-03-04T00:00:00Z'))
    setPresenter(doc!, { meetingId: 'm:2026-03-05', memberId: 'cy' })
    syncAll(docs)
    addComment(other!, { paperId: ids[2], by: 'bob', text: 'Great figure 3', at: 10 })
    setNoteText(other!, ids[2], 'Key idea: …')
    expect(markHeld(doc!, 'm:2026-03-05', utc('2026-03-05T16:30:00Z'), 'ann')).toBe(true)
    syncAll(docs)
    for (const replica of docs) {
      expect(readPaper(replica, ids[2])).toMatchObject({ status: 'discussed', discussedOn: '2026-03-05', presenter: 'cy' })
      expect(rankQueue(replica).map((r) => r.paper.id)).not.toContain(ids[2])
      expect(readMeeting(replica, 'm:2026-03-05', utc('2026-03-06T00:00:00Z'))).toMatchObject({ state: 'held', paperId: ids[2] })
      expect(listArchive(replica)).toEqual([expect.objectContaining({
        discussedOn: '2026-03-05', presenter: 'cy', note: 'Key idea: …', commentCount: 1, meetingId: 'm:2026-03-05',
        paper: expect.objectContaining({ id: ids[2] }),
      })])
    }
    expect(hasVoted(doc!, { paperId: ids[2], memberId: 'bob' })).toBe(true)
  })

  test('marking held without a close or presenter uses the top paper and the rotation', () => {
    const { docs, ids } = club()
    const [doc] = docs
    expect(markHeld(doc!, 'm:2026-03-05', utc('2026-03-05T17:00:00Z'), 'ann')).toBe(true)
    expect(readPaper(doc!, ids[0])).toMatchObject({ status: 'discussed', presenter: 'ann' })
    expect(markHeld(doc!, 'm:2026-03-12', utc('2026-03-12T17:00:00Z'), 'ann')).toBe(true)
    expect(readPaper(doc!, ids[1])).toMatchObject({ status: 'discussed', presenter: 'bob' })
    expect(listArchive(doc!).map((entry) => entry.discussedOn)).toEqual(['2026-03-12', '2026-03-05'])
    expect(markHeld(doc!, 'm:2026-03-13', 0)).toBe(false)
  })

  test('held meetings survive a schedule change', () => {
    const { docs } = club()
    const [doc] = docs
    markHeld(doc!, 'm:2026-03-05', utc('2026-03-05T17:00:00Z'))
    setSchedule(doc!, { weekday: 2, time: '11:00', from: '2026-03-01' })
    expect(listMeetings(doc!, { fromDate: '2026-03-01', toDate: '2026-03-08', now: 0 }).map((m) => [m.id, m.time, m.state])).toEqual([
      ['m:2026-03-03', '11:00', 'scheduled'],
      ['m:2026-03-05', '16:00', 'held'],
    ])
  })
})
