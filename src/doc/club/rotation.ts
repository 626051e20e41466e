/**
 * Who presents: a fair rotation suggestion, an explicit override per meeting, and members
 * marking themselves away for a date.
 *
 * Rotation rule (pure, the same on every replica): among the list's members not away on the
 * meeting's date, first those who never presented before that date, then the one whose last
 * presentation is oldest; ties go to the smaller member id. A presentation is a meeting
 * before that date with a presenter set (not cancelled), or a discussed paper with a
 * presenter and an earlier discussion date.
 */
import type * as Y from 'yjs'
import { InvalidInputError, LOCAL_ORIGIN } from '../ops.js'
import { compareIds } from '../ids.js'
import { listMembers } from '../queries.js'
import { KEY_SEPARATOR, paperKey, papersOf, queueStateOf, readPaperField, splitKey } from '../schema.js'
import type { MemberId } from '../schema.js'
import { awayKey, awayOf, dateOfMeeting, isValidDate, meetingKey, meetingsOf } from './schema.js'
import type { MeetingId } from './schema.js'
import { meetingExists } from './schedule.js'

/**
 * Marks a member away (or back) for one date, so the rotation skips them then.
 * One key per (member, date), written only by that member: devices converge on their last write.
 * @throws InvalidInputError on a bad date or an empty member id.
 */
export function setAway(doc: Y.Doc, memberId: MemberId, date: string, away: boolean): void {
  if (!memberId) throw new InvalidInputError('Marking away needs a member id.')
  if (!isValidDate(date)) throw new InvalidInputError('A date is YYYY-MM-DD.')
  const map = awayOf(doc)
  const key = awayKey(memberId, date)
  if (map.has(key) === away) return
  doc.transact(() => (away ? map.set(key, true) : map.delete(key)), LOCAL_ORIGIN)
}

/** Whether a member marked themselves away on a date. */
export const isAway = (doc: Y.Doc, memberId: MemberId, date: string): boolean => awayOf(doc).get(awayKey(memberId, date)) === true

/** Members away on a date, in id order. */
export function awayOn(doc: Y.Doc, date: string): MemberId[] {
  const members: MemberId[] = []
  for (const [key, value] of awayOf(doc).entries()) {
    const at = key.lastIndexOf(KEY_SEPARATOR)
    if (value === true && key.slice(at + 1) === date) members.push(key.slice(0, at))
  }
  return members.sort(compareIds)
}

/**
 * Sets (or with null clears) a meeting's presenter, overriding the rotation.
 * Concurrent overrides: last writer wins on the one key. No-op for a meeting that does not exist here.
 */
export function setPresenter(doc: Y.Doc, presenter: { meetingId: MeetingId; memberId: MemberId | null }): void {
  const { meetingId, memberId } = presenter
  if (!meetingExists(doc, meetingId)) return
  const meetings = meetingsOf(doc)
  const value = memberId ?? ''
  if ((meetings.get(meetingKey('presenter', meetingId)) ?? '') === value) return
  doc.transact(() => meetings.set(meetingKey('presenter', meetingId), value), LOCAL_ORIGIN)
}

/** The presenter set on a meeting, or null. */
export function presenterOf(doc: Y.Doc, meetingId: MeetingId): MemberId | null {
  const value = meetingsOf(doc).get(meetingKey('presenter', meetingId))
  return typeof value === 'string' && value ? value : null
}

/** Each member's last presentation date strictly before `beforeDate`. */
export function lastPresentations(doc: Y.Doc, beforeDate: string): Map<MemberId, string> {
  const last = new Map<MemberId, string>()
  const note = (memberId: unknown, date: string) => {
    if (typeof memberId !== 'string' || !memberId || !(date < beforeDate)) return
    if ((last.get(memberId) ?? '') < date) last.set(memberId, date)
  }
  const meetings = meetingsOf(doc)
  for (const [key, value] of meetings.entries()) {
    const [field, id] = splitKey(key)
    if (field !== 'presenter') continue
    const date = dateOfMeeting(id)
    if (date && !meetings.get(meetingKey('cancelledAt', id as MeetingId))) note(value, date)
  }
  const papers = papersOf(doc)
  for (const [key, value] of papers.entries()) {
    const [field, paperId] = splitKey(key)
    if (field !== 'presenter') continue
    const date = readPaperField('discussedOn', papers.get(paperKey('discussedOn', paperId)))
    if (date && queueStateOf(papers, paperId)?.status === 'discussed') note(value, date)
  }
  return last
}

/**
 * Suggests a presenter for a meeting by fair rotation (see the module rule); null when every
 * member is away or the meeting id is not a date. Ignores the meeting's own presenter.
 */
export function suggestPresenter(doc: Y.Doc, meetingId: MeetingId): MemberId | null {
  const date = dateOfMeeting(meetingId)
  if (!date) return null
  const last = lastPresentations(doc, date)
  const candidates = listMembers(doc).map((member) => member.id).filter((id) => !isAway(doc, id, date))
  candidates.sort((a, b) => compareIds(last.get(a) ?? '', last.get(b) ?? '') || compareIds(a, b))
  return candidates[0] ?? null
}
