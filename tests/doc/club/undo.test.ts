/**
 * Undo of close, skip and held: the device takes back exactly its own records; what a peer
 * did meanwhile stands and is reported; every replica converges afterwards.
 */
import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { addPaper, readPaper, setVote } from '../../../src/doc/index.js'
import type { PaperId } from '../../../src/doc/index.js'
import {
  closeMeeting, closeVoting, closesOf, holdMeeting, initClubSettings, markHeld, meetingsOf, readMeeting, setSchedule, skipMeeting,
  undoMeetingAction,
} from '../../../src/doc/club/index.js'
import type { MeetingId } from '../../../src/doc/club/index.js'
import { addMembers, makeReplicas, syncAll, utc } from './replicas.js'

const MEETING = 'm:2026-03-05' as MeetingId
const BEFORE = utc('2026-03-04T12:00:00Z')
const DURING = utc('2026-03-05T15:30:00Z')

/** Two devices of a UTC list meeting Thursdays 15:00, papers A (one vote) and B. */
function club() {
  const docs = makeReplicas(2)
  const doc = docs[0]!
  initClubSettings(doc, { timeZone: 'UTC' })
  setSchedule(doc, { weekday: 4, time: '15:00', from: '2026-03-01' }, 'ann', utc('2026-03-01T09:00:00Z'))
  addMembers(doc, ['ann', 'bob'])
  const ids = ['A', 'B'].map((title, i) => addPaper(doc, { title }, 'ann', 1_000 + i).id) as [PaperId, PaperId]
  setVote(doc, { paperId: ids[0], memberId: 'bob', on: true, at: 2_000 })
  syncAll(docs)
  return { docs, ids, ann: docs[0]!, bob: docs[1]! }
}

const snapshot = (doc: Y.Doc) => ({ meetings: meetingsOf(doc).toJSON(), closes: closesOf(doc).toJSON() })

describe('undo close voting', () => {
  test('my close is removed, with its pin: the meeting is open again as if never closed', () => {
    const { ann } = club()
    const before = snapshot(ann)
    const receipt = closeVoting(ann, MEETING, BEFORE, 'ann')!
    expect(receipt).toMatchObject({ action: 'close', pinned: true })
    expect(readMeeting(ann, MEETING, BEFORE)!.state).toBe('closed')
    expect(undoMeetingAction(ann, receipt)).toEqual({ undone: true, peer: null })
    expect(readMeeting(ann, MEETING, BEFORE)!.state).toBe('scheduled')
    expect(snapshot(ann)).toEqual(before)
  })

  test('a peer closed too while I was offline: mine goes, theirs keeps it closed, and the undo says so', () => {
    const { docs, ann, bob, ids } = club()
    const receipt = closeVoting(ann, MEETING, BEFORE + 1, 'ann')!
    closeMeeting(bob, MEETING, BEFORE, 'bob')
    syncAll(docs)
    expect(undoMeetingAction(ann, receipt)).toEqual({ undone: true, peer: { by: 'bob', did: 'closed' } })
    syncAll(docs)
    for (const doc of docs) expect(readMeeting(doc, MEETING, BEFORE + 2)).toMatchObject({ state: 'closed', paperId: ids[0] })
    expect(Object.keys(closesOf(bob).toJSON())).toHaveLength(1)
  })

  test('a peer marked it held on my close: the close stays, and the undo says who held it', () => {
    const { docs, ann, bob } = club()
    const receipt = closeVoting(ann, MEETING, BEFORE, 'ann')!
    syncAll(docs)
    markHeld(bob, MEETING, DURING, 'bob')
    syncAll(docs)
    expect(undoMeetingAction(ann, receipt)).toEqual({ undone: false, peer: { by: 'bob', did: 'held' } })
    expect(closesOf(ann).has(receipt.action === 'close' ? receipt.closeKey : '')).toBe(true)
    expect(readMeeting(ann, MEETING, DURING)!.state).toBe('held')
  })

  test('nothing to undo when nothing was written', () => {
    const { ann } = club()
    closeMeeting(ann, MEETING, BEFORE, 'ann')
    expect(closeVoting(ann, MEETING, BEFORE, 'ann')).toBeNull()
  })
})

describe('undo skip', () => {
  test('my skip is taken back; a peer\'s later restore and re-skip are left alone and reported', () => {
    const { docs, ann, bob } = club()
    const receipt = skipMeeting(ann, MEETING, 'ann', 5_000)!
    expect(readMeeting(ann, MEETING, BEFORE)!.state).toBe('cancelled')
    expect(undoMeetingAction(ann, receipt)).toEqual({ undone: true, peer: null })
    expect(readMeeting(ann, MEETING, BEFORE)!.state).toBe('scheduled')
    expect(meetingsOf(ann).has('cancelledAt|m:2026-03-05')).toBe(false)

    const again = skipMeeting(ann, MEETING, 'ann', 6_000)!
    syncAll(docs)
    skipMeeting(bob, MEETING, 'bob', 7_000) // already skipped here: writes nothing
    meetingsOf(bob).set('cancelledAt|m:2026-03-05', 7_000)
    meetingsOf(bob).set('cancelledBy|m:2026-03-05', 'bob')
    syncAll(docs)
    expect(undoMeetingAction(ann, again)).toEqual({ undone: false, peer: { by: 'bob', did: 'skipped' } })
    expect(readMeeting(ann, MEETING, BEFORE)!.state).toBe('cancelled')
  })
})

describe('undo mark held', () => {
  test('the held mark, its close, the presenter it chose and the paper\'s discussed state all go back', () => {
    const { ann, ids } = club()
    const paperBefore = readPaper(ann, ids[0])
    const before = snapshot(ann)
    const receipt = holdMeeting(ann, MEETING, DURING, 'ann')!
    expect(readPaper(ann, ids[0])).toMatchObject({ status: 'discussed', discussedOn: '2026-03-05' })
    expect(readMeeting(ann, MEETING, DURING)).toMatchObject({ state: 'held', presenter: 'ann' })
    expect(undoMeetingAction(ann, receipt)).toEqual({ undone: true, peer: null })
    expect(readPaper(ann, ids[0])).toEqual(paperBefore)
    expect(readMeeting(ann, MEETING, DURING)).toMatchObject({ state: 'scheduled', presenter: null })
    expect(snapshot(ann)).toEqual(before)
  })

  test('held on a peer\'s close: only my hold goes, the peer\'s close stands and is reported', () => {
    const { docs, ann, bob, ids } = club()
    closeMeeting(bob, MEETING, BEFORE, 'bob')
    syncAll(docs)
    const receipt = holdMeeting(ann, MEETING, DURING, 'ann')!
    expect(receipt).toMatchObject({ action: 'held', closeKey: null })
    syncAll(docs)
    expect(undoMeetingAction(ann, receipt)).toEqual({ undone: true, peer: { by: 'bob', did: 'closed' } })
    syncAll(docs)
    for (const doc of docs) {
      expect(readMeeting(doc, MEETING, DURING)).toMatchObject({ state: 'closed', paperId: ids[0] })
      expect(readPaper(doc, ids[0])!.status).toBe('queued')
    }
  })

  test('a peer marked it held again after me: my undo leaves it held and says so', () => {
    const { docs, ann, bob } = club()
    const receipt = holdMeeting(ann, MEETING, DURING, 'ann')!
    syncAll(docs)
    meetingsOf(bob).set('heldAt|m:2026-03-05', DURING + 5)
    meetingsOf(bob).set('heldBy|m:2026-03-05', 'bob')
    syncAll(docs)
    expect(undoMeetingAction(ann, receipt)).toEqual({ undone: false, peer: { by: 'bob', did: 'held' } })
    expect(readMeeting(ann, MEETING, DURING)!.state).toBe('held')
  })
})
