/**
 * Concrete meetings: expanding the schedule, voting deadlines, choosing the paper, and
 * marking a meeting held.
 *
 * Choosing rule (converges on every replica whatever the delivery order):
 * 1. A paper set by hand on the meeting (`setMeetingPaper`) wins; concurrent settings of it
 *    resolve last-writer-wins on that one key.
 * 2. Otherwise every `closeMeeting` appends a close record holding the paper its replica ranked
 *    top at its cutoff (the close instant, or the deadline if that had passed). Records are
 *    never overwritten, and the record with the earliest (cutoff, close time, record key)
 *    decides. Two members closing offline with different votes in view therefore end with the
 *    earlier close's paper on every device.
 * 3. Otherwise, once the deadline has passed, the choice is computed from the votes as they
 *    stood at the deadline (votes record their time): the queued papers added by then, ranked
 *    by counted votes cast by then (votes, oldest added, id). `closeDueMeetings` writes it
 *    down so later unvotes or status changes cannot move it.
 * A paper locked for one meeting is reserved: other meetings' choices skip it until that
 * meeting is held or cancelled.
 */
import type * as Y from 'yjs'
import { compareIds, randomId } from '../ids.js'
import type { PaperId } from '../ids.js'
import { InvalidInputError, LOCAL_ORIGIN, setStatus } from '../ops.js'
import { hasPaper, listPapers, rankPapers, readPaper } from '../queries.js'
import type { RankedPaper } from '../queries.js'
import { flatKey, isQueued, paperKey, papersOf, splitKey } from '../schema.js'
import type { MemberId } from '../schema.js'
import { countedVotes } from './budget.js'
import { suggestPresenter, presenterOf } from './rotation.js'
import { meetingExists, pinMeeting, pinnedMeetingIds, scheduleDatesBetween, scheduleOccursOn } from './schedule.js'
import { closesOf, dateOfMeeting, meetingIdFor, meetingKey, meetingsOf, TIME_PATTERN, toCloseRecord } from './schema.js'
import type { CloseRecord, Meeting, MeetingId, MeetingState } from './schema.js'
import { readClubSettings } from './settings.js'
import { addDays, zonedParts, zonedToUtc } from './time.js'

const MINUTE = 60_000

/** A locked choice and where it came from. */
export interface LockedChoice {
  paper: PaperId
  /** 'manual' = set by hand; 'close' = the winning close record. */
  source: 'manual' | 'close'
  /** When it was locked (ms). */
  at: number
  by: MemberId
}

/** Every close record of a meeting, winner first (earliest cutoff, then close time, then key). */
export function meetingCloses(doc: Y.Doc, meetingId: MeetingId): (CloseRecord & { key: string })[] {
  const records: (CloseRecord & { key: string })[] = []
  const prefix = flatKey(meetingId, '')
  for (const [key, raw] of closesOf(doc).entries()) {
    if (!key.startsWith(prefix)) continue
    const record = toCloseRecord(raw)
    if (record) records.push({ ...record, key })
  }
  return records.sort((a, b) => a.cutoff - b.cutoff || a.at - b.at || compareIds(a.key, b.key))
}

/** The meeting's locked paper from a hand setting or a close record, or null (see module rule 1–2). */
export function lockedChoice(doc: Y.Doc, meetingId: MeetingId): LockedChoice | null {
  const meetings = meetingsOf(doc)
  const manual = meetings.get(meetingKey('paper', meetingId))
  if (typeof manual === 'string' && manual) {
    const at = meetings.get(meetingKey('paperSetAt', meetingId))
    const by = meetings.get(meetingKey('paperSetBy', meetingId))
    return { paper: manual as PaperId, source: 'manual', at: typeof at === 'number' ? at : 0, by: typeof by === 'string' ? by : '' }
  }
  const winner = meetingCloses(doc, meetingId)[0]
  return winner ? { paper: winner.paper, source: 'close', at: winner.at, by: winner.by } : null
}

/** Ids of meetings that may hold a lock: those with a close record or a paper set by hand. */
export function lockedMeetingIds(doc: Y.Doc): Set<MeetingId> {
  const ids = new Set<MeetingId>()
  for (const key of closesOf(doc).keys()) ids.add(splitKey(key)[0] as MeetingId)
  for (const key of meetingsOf(doc).keys()) {
    const [field, id] = splitKey(key)
    if (field === 'paper') ids.add(id as MeetingId)
  }
  return ids
}

/** Papers locked for meetings other than `exceptId` that are neither held nor cancelled. */
function reservedPapers(doc: Y.Doc, exceptId: MeetingId): Set<PaperId> {
  const meetings = meetingsOf(doc)
  const reserved = new Set<PaperId>()
  for (const id of lockedMeetingIds(doc)) {
    if (id === exceptId || meetings.get(meetingKey('heldAt', id)) || meetings.get(meetingKey('cancelledAt', id))) continue
    const lock = lockedChoice(doc, id)
    if (lock) reserved.add(lock.paper)
  }
  return reserved
}

/**
 * The queue as it stood at `cutoff` for one meeting: queued papers added by then and not
 * reserved by another meeting, ranked by counted votes cast by then.
 */
export function rankAt(doc: Y.Doc, meetingId: MeetingId, cutoff: number): RankedPaper[] {
  const counts = countedVotes(doc, { cutoff })
  const reserved = reservedPapers(doc, meetingId)
  return rankPapers(listPapers(doc).filter((paper) => isQueued(paper) && paper.addedAt <= cutoff && !reserved.has(paper.id)), counts)
}

/** The meeting's time, duration and deadline as configured (no choice involved). */
function meetingFrame(doc: Y.Doc, id: MeetingId) {
  const date = dateOfMeeting(id)
  if (!date || !meetingExists(doc, id)) return null
  const { timeZone, schedule } = readClubSettings(doc)
  const meetings = meetingsOf(doc)
  const fromSchedule = schedule !== null && scheduleOccursOn(schedule, date)
  const storedTime = meetings.get(meetingKey('time', id))
  const time = typeof storedTime === 'string' && TIME_PATTERN.test(storedTime) ? storedTime : (schedule?.time ?? '00:00')
  const storedDuration = meetings.get(meetingKey('duration', id))
  const duration = typeof storedDuration === 'number' && storedDuration >= 1 && storedDuration <= 1440
    ? storedDuration : (schedule?.durationMinutes ?? 60)
  const startsAt = zonedToUtc(date, time, timeZone)
  const storedDeadline = meetings.get(meetingKey('deadline', id))
  let deadline: number | null = null
  if (typeof storedDeadline === 'number' && Number.isFinite(storedDeadline)) deadline = storedDeadline > 0 ? storedDeadline : null
  else if (schedule?.deadlineMinutesBefore != null) deadline = startsAt - schedule.deadlineMinutesBefore * MINUTE
  const num = (field: string): number => {
    const value = meetings.get(meetingKey(field, id))
    return typeof value === 'number' && Number.isFinite(value) ? value : 0
  }
  return {
    id, date, time, timeZone, startsAt, endsAt: startsAt + duration * MINUTE, fromSchedule, deadline,
    heldAt: num('heldAt'), cancelledAt: num('cancelledAt'),
  }
}

/**
 * The meeting's paper: locked by hand or by a close, or (after the deadline, even if nobody
 * closed it) computed from the votes as they stood at the deadline. Null while voting is open.
 * Pure: every replica with the same updates shows the same paper.
 */
export function effectiveMeetingPaper(doc: Y.Doc, meeting: MeetingId | { id: MeetingId }, now: number): PaperId | null {
  const id = typeof meeting === 'string' ? meeting : meeting.id
  const lock = lockedChoice(doc, id)
  if (lock) return lock.paper
  const frame = meetingFrame(doc, id)
  if (!frame || frame.cancelledAt || frame.deadline === null || now < frame.deadline) return null
  return rankAt(doc, id, frame.deadline)[0]?.paper.id ?? null
}

/** One meeting as of `now`, or null if it does not exist on this replica. */
export function readMeeting(doc: Y.Doc, id: MeetingId, now: number): Meeting | null {
  const frame = meetingFrame(doc, id)
  if (!frame) return null
  const lock = lockedChoice(doc, id)
  const paperId = effectiveMeetingPaper(doc, id, now)
  const state: MeetingState = frame.cancelledAt ? 'cancelled' : frame.heldAt ? 'held' : paperId ? 'closed' : 'scheduled'
  const presenter = presenterOf(doc, id)
  return {
    ...frame,
    state,
    paperId,
    paper: paperId ? readPaper(doc, paperId) : null,
    presenter,
    suggestedPresenter: presenter ?? suggestPresenter(doc, id),
    closedAt: lock?.at ?? (paperId && frame.deadline !== null ? frame.deadline : 0),
  }
}

/** Options for listing meetings. */
export interface ListMeetingsOptions {
  /** Include cancelled (skipped) meetings; default false. */
  includeCancelled?: boolean
}

/**
 * Meetings whose local date lies from `fromDate` to `toDate` inclusive, in start order (then id):
 * the slot's occurrences plus meetings added by hand.
 */
export function listMeetings(doc: Y.Doc, query: { fromDate: string; toDate: string; now: number } & ListMeetingsOptions): Meeting[] {
  const { fromDate, toDate, now, ...options } = query
  const ids = new Set<MeetingId>(pinnedMeetingIds(doc).filter((id) => {
    const date = dateOfMeeting(id)!
    return date >= fromDate && date <= toDate
  }))
  const schedule = readClubSettings(doc).schedule
  if (schedule) for (const date of scheduleDatesBetween(schedule, fromDate, toDate)) ids.add(meetingIdFor(date))
  const meetings: Meeting[] = []
  for (const id of ids) {
    const meeting = readMeeting(doc, id, now)
    if (meeting && (options.includeCancelled || meeting.state !== 'cancelled')) meetings.push(meeting)
  }
  return meetings.sort((a, b) => a.startsAt - b.startsAt || compareIds(a.id, b.id))
}

/**
 * The next `count` meetings that have not ended by `now`, in start order. Occurrence ids are
 * derived from the date (`m:2026-12-03`), so every device materialising one agrees.
 */
export function upcomingMeetings(doc: Y.Doc, query: { now: number; count: number } & ListMeetingsOptions): Meeting[] {
  const { now, count, ...options } = query
  const wanted = Math.max(0, Math.min(Number.isFinite(count) ? Math.floor(count) : 0, 500))
  if (wanted === 0) return []
  const from = addDays(zonedParts(now, readClubSettings(doc).timeZone).date, -1)
  let found: Meeting[] = []
  for (let days = 120; days <= 120 * 64; days *= 4) {
    found = listMeetings(doc, { fromDate: from, toDate: addDays(from, days), now, ...options }).filter((meeting) => meeting.endsAt > now)
    if (found.length >= wanted) break
  }
  return found.slice(0, wanted)
}

/**
 * Closes voting on a meeting: records the paper this replica ranks top at the cutoff (now, or
 * the deadline if it has passed) and returns the meeting's paper. If the meeting is already
 * locked here, writes nothing. Concurrent offline closes all keep their record and converge on
 * the earliest (module rule 2). No-op (returns the current paper) for a meeting that does not
 * exist here, is cancelled or held; returns null and writes nothing if the queue is empty.
 */
export function closeMeeting(doc: Y.Doc, meetingId: MeetingId, now: number, by: MemberId = ''): PaperId | null {
  return writeClose(doc, meetingId, now, by).paper
}

/** What a close wrote: the meeting's paper afterwards, and the key of the record this replica added (null if none). */
export interface CloseWrite {
  paper: PaperId | null
  closeKey: string | null
  /** Whether this close pinned the meeting (it was not pinned before). */
  pinned: boolean
}

/** {@link closeMeeting}, telling what it wrote (for an undo that removes exactly this device's record). */
export function writeClose(doc: Y.Doc, meetingId: MeetingId, now: number, by: MemberId = ''): CloseWrite {
  const frame = meetingFrame(doc, meetingId)
  const none = (paper: PaperId | null): CloseWrite => ({ paper, closeKey: null, pinned: false })
  if (!frame || frame.cancelledAt || frame.heldAt) return none(frame ? effectiveMeetingPaper(doc, meetingId, now) : null)
  const lock = lockedChoice(doc, meetingId)
  if (lock) return none(lock.paper)
  const cutoff = frame.deadline !== null ? Math.min(now, frame.deadline) : now
  const top = rankAt(doc, meetingId, cutoff)[0]
  if (!top) return none(null)
  const closeKey = flatKey(meetingId, randomId(9))
  let pinned = false
  doc.transact(() => {
    closesOf(doc).set(closeKey, { paper: top.paper.id, cutoff, at: now, by })
    pinned = pinMeeting(doc, meetingId, frame.time)
  }, LOCAL_ORIGIN)
  return { paper: lockedChoice(doc, meetingId)?.paper ?? null, closeKey, pinned }
}

/** How many coming meetings {@link nextOpenDeadline} looks through. */
export const DEADLINE_LOOKAHEAD = 8

/**
 * The earliest voting deadline after `now` among the next {@link DEADLINE_LOOKAHEAD} meetings
 * whose paper is not chosen yet, or null: when `closeDueMeetings` next has work to do.
 */
export function nextOpenDeadline(doc: Y.Doc, now: number): number | null {
  let next: number | null = null
  for (const meeting of upcomingMeetings(doc, { now, count: DEADLINE_LOOKAHEAD })) {
    if (meeting.state !== 'scheduled' || meeting.deadline === null || meeting.deadline <= now) continue
    if (next === null || meeting.deadline < next) next = meeting.deadline
  }
  return next
}

/**
 * Writes down the choice of every meeting whose deadline has passed but that nobody closed
 * and that has not ended. The club view of a writer calls it when the list opens and when
 * the next deadline ({@link nextOpenDeadline}) passes while it is open. Oldest meeting first, so each
 * reserves its paper before the next chooses. Returns the ids it closed.
 */
export function closeDueMeetings(doc: Y.Doc, now: number, by: MemberId = ''): MeetingId[] {
  const today = zonedParts(now, readClubSettings(doc).timeZone).date
  const closed: MeetingId[] = []
  for (const meeting of listMeetings(doc, { fromDate: addDays(today, -2), toDate: addDays(today, 62), now })) {
    if (meeting.state !== 'closed' && meeting.state !== 'scheduled') continue
    if (meeting.deadline === null || meeting.deadline > now || meeting.endsAt <= now) continue
    if (lockedChoice(doc, meeting.id)) continue
    if (closeMeeting(doc, meeting.id, now, by)) closed.push(meeting.id)
  }
  return closed
}

/**
 * Sets a meeting's paper by hand (or with null returns it to votes and closes). Overrides
 * closes and the deadline; concurrent settings resolve last-writer-wins on the one key.
 * No-op for a meeting that does not exist here.
 * @throws InvalidInputError for a paper this replica does not hold.
 */
export function setMeetingPaper(doc: Y.Doc, choice: { meetingId: MeetingId; paperId: PaperId | null; by?: MemberId; at?: number }): void {
  const { meetingId, paperId, by = '', at = Date.now() } = choice
  if (paperId !== null && !hasPaper(doc, paperId)) throw new InvalidInputError('That paper is not in this list.')
  const frame = meetingFrame(doc, meetingId)
  if (!frame) return
  const meetings = meetingsOf(doc)
  doc.transact(() => {
    meetings.set(meetingKey('paper', meetingId), paperId ?? '')
    meetings.set(meetingKey('paperSetAt', meetingId), at)
    meetings.set(meetingKey('paperSetBy', meetingId), by)
    pinMeeting(doc, meetingId, frame.time)
  }, LOCAL_ORIGIN)
}

/**
 * Sets a meeting's voting deadline (UTC ms), or with null removes it (overriding the
 * schedule's default). Last writer wins. No-op for a meeting that does not exist here.
 * @throws InvalidInputError for a non-finite or non-positive instant.
 */
export function setDeadline(doc: Y.Doc, meetingId: MeetingId, deadline: number | null): void {
  if (deadline !== null && !(Number.isFinite(deadline) && deadline > 0)) throw new InvalidInputError('A deadline is a time.')
  if (!meetingExists(doc, meetingId)) return
  doc.transact(() => meetingsOf(doc).set(meetingKey('deadline', meetingId), deadline ?? 0), LOCAL_ORIGIN)
}

/**
 * Marks a meeting held: locks its paper (closing it first if needed), records the presenter
 * (the one set, else the rotation's suggestion), and marks the paper discussed on the
 * meeting's date with that presenter, so it leaves the queue. Returns false (writing nothing)
 * for a meeting that does not exist here or is cancelled; held twice is a no-op.
 * Two devices marking it held offline write the same facts; last writer wins per key.
 */
export function markHeld(doc: Y.Doc, meetingId: MeetingId, now: number, by: MemberId = ''): boolean {
  const before = readMeeting(doc, meetingId, now)
  if (!before || before.state === 'cancelled') return false
  if (before.state !== 'held') writeHeld(doc, meetingId, now, by)
  return true
}

/** A paper's queue fields as stored before a meeting marked it discussed (undefined = absent). */
export interface PaperBefore {
  id: PaperId
  status: unknown
  discussedOn: unknown
  presenter: unknown
}

/** What marking a meeting held wrote, so an undo can take back exactly that. */
export interface HeldWrite {
  meetingId: MeetingId
  date: string
  at: number
  by: MemberId
  /** The close record this hold added (null when the meeting was already locked). */
  closeKey: string | null
  /** The presenter this hold set (null when one was set already). */
  presenterSet: MemberId | null
  /** Whether this hold pinned the meeting. */
  pinned: boolean
  /** The paper it marked discussed, with its fields as they were. */
  paper: PaperBefore | null
}

/**
 * {@link markHeld}, telling what it wrote; null (writing nothing) for a meeting that does not
 * exist here, is cancelled or is already held.
 */
export function writeHeld(doc: Y.Doc, meetingId: MeetingId, now: number, by: MemberId = ''): HeldWrite | null {
  const before = readMeeting(doc, meetingId, now)
  if (!before || before.state === 'cancelled' || before.state === 'held') return null
  const meetings = meetingsOf(doc)
  const papers = papersOf(doc)
  const presenter = before.presenter ?? before.suggestedPresenter
  const write: HeldWrite = {
    meetingId, date: before.date, at: now, by, closeKey: null, pinned: false, paper: null,
    presenterSet: presenter && !before.presenter ? presenter : null,
  }
  doc.transact(() => {
    const close = writeClose(doc, meetingId, now, by)
    write.closeKey = close.closeKey
    write.pinned = close.pinned
    meetings.set(meetingKey('heldAt', meetingId), now)
    meetings.set(meetingKey('heldBy', meetingId), by)
    if (write.presenterSet) meetings.set(meetingKey('presenter', meetingId), write.presenterSet)
    write.pinned = pinMeeting(doc, meetingId, before.time) || write.pinned
    const paperId = close.paper
    if (paperId && hasPaper(doc, paperId)) {
      write.paper = {
        id: paperId,
        status: papers.get(paperKey('status', paperId)),
        discussedOn: papers.get(paperKey('discussedOn', paperId)),
        presenter: papers.get(paperKey('presenter', paperId)),
      }
      setStatus(doc, paperId, 'discussed', { discussedOn: before.date, ...(presenter ? { presenter } : {}) })
    }
  }, LOCAL_ORIGIN)
  return write
}

/** The meeting that chose a paper (held or not, not cancelled), newest first; null if none. */
export function meetingOfPaper(doc: Y.Doc, paperId: PaperId): MeetingId | null {
  const matches = [...lockedMeetingIds(doc)]
    .filter((id) => !meetingsOf(doc).get(meetingKey('cancelledAt', id)) && lockedChoice(doc, id)?.paper === paperId)
    .sort((a, b) => compareIds(b, a))
  return matches[0] ?? null
}
