/**
 * Which meetings exist: occurrences of the recurring slot, single dates added by hand, and
 * dates skipped (cancelled). Meeting ids are `m:<local date>`, derived from the date, so two
 * devices materialising the same occurrence, or adding a meeting on the same day, write to
 * the same record and merge field by field.
 */
import type * as Y from 'yjs'
import { InvalidInputError, LOCAL_ORIGIN } from '../ops.js'
import type { MemberId } from '../schema.js'
import { splitKey } from '../schema.js'
import { dateOfMeeting, isValidDate, meetingIdFor, meetingKey, meetingsOf, TIME_PATTERN } from './schema.js'
import type { MeetingId, Schedule } from './schema.js'
import { readClubSettings } from './settings.js'
import { dateOfDay, dayNumber } from './time.js'

/** True when the recurring slot falls on this local date. */
export function scheduleOccursOn(schedule: Schedule, date: string): boolean {
  if (date < schedule.startDate || (schedule.endDate && date > schedule.endDate)) return false
  return (dayNumber(date) - dayNumber(schedule.startDate)) % (7 * schedule.everyWeeks) === 0
}

/** The slot's occurrences from `fromDate` to `toDate` inclusive, oldest first. */
export function scheduleDatesBetween(schedule: Schedule, fromDate: string, toDate: string): string[] {
  const period = 7 * schedule.everyWeeks
  const start = dayNumber(schedule.startDate)
  const from = Math.max(dayNumber(fromDate), start)
  let day = start + Math.ceil((from - start) / period) * period
  const last = Math.min(dayNumber(toDate), schedule.endDate ? dayNumber(schedule.endDate) : Infinity)
  const dates: string[] = []
  for (; day <= last; day += period) dates.push(dateOfDay(day))
  return dates
}

/** Ids of meetings added or pinned by hand, oldest first (they exist whatever the schedule says). */
export function pinnedMeetingIds(doc: Y.Doc): MeetingId[] {
  const ids: MeetingId[] = []
  for (const [key, value] of meetingsOf(doc).entries()) {
    const [field, id] = splitKey(key)
    if (field === 'pinned' && value === true && dateOfMeeting(id)) ids.push(id as MeetingId)
  }
  return ids.sort()
}

/** True when a meeting exists on this replica: an occurrence of the slot, or pinned by hand. */
export function meetingExists(doc: Y.Doc, id: MeetingId): boolean {
  const date = dateOfMeeting(id)
  if (!date) return false
  if (meetingsOf(doc).get(meetingKey('pinned', id)) === true) return true
  const schedule = readClubSettings(doc).schedule
  return schedule !== null && scheduleOccursOn(schedule, date)
}

/** A one-off meeting (or an extra date for the slot). */
export interface MeetingInput {
  date: string
  /** HH:MM in the list's zone. */
  time: string
  durationMinutes?: number
}

/**
 * Adds a meeting on a date (one per day: adding on a day that has one moves it to `time`).
 * Two members adding the same day offline get one meeting; its time is the last writer's.
 * Re-adding a cancelled day restores it. A concurrent cancel that this replica did not see wins.
 * @throws InvalidInputError on a bad date, time or duration.
 */
export function addMeeting(doc: Y.Doc, input: MeetingInput, by: MemberId = '', at: number = Date.now()): MeetingId {
  if (!isValidDate(input.date)) throw new InvalidInputError('A meeting date is YYYY-MM-DD.')
  if (!TIME_PATTERN.test(input.time)) throw new InvalidInputError('A meeting time is HH:MM.')
  const duration = input.durationMinutes
  if (duration !== undefined && !(Number.isInteger(duration) && duration >= 1 && duration <= 24 * 60)) {
    throw new InvalidInputError('A meeting lasts 1 minute to 24 hours.')
  }
  const id = meetingIdFor(input.date)
  const meetings = meetingsOf(doc)
  doc.transact(() => {
    if (!meetings.has(meetingKey('addedAt', id))) {
      meetings.set(meetingKey('addedAt', id), at)
      meetings.set(meetingKey('addedBy', id), by)
    }
    if (meetings.get(meetingKey('pinned', id)) !== true) meetings.set(meetingKey('pinned', id), true)
    if (meetings.get(meetingKey('time', id)) !== input.time) meetings.set(meetingKey('time', id), input.time)
    if (duration !== undefined) meetings.set(meetingKey('duration', id), duration)
    if (meetings.get(meetingKey('cancelledAt', id))) meetings.set(meetingKey('cancelledAt', id), 0)
  }, LOCAL_ORIGIN)
  return id
}

/**
 * Cancels a meeting, or skips a single date of the slot. No-op if the meeting does not exist
 * here or was already held. Cancelling frees a paper chosen for it. Concurrent with an edit of
 * the same meeting, the cancel still applies (it is its own key).
 */
export function cancelMeeting(doc: Y.Doc, id: MeetingId, by: MemberId = '', at: number = Date.now()): void {
  const meetings = meetingsOf(doc)
  if (!meetingExists(doc, id) || meetings.get(meetingKey('heldAt', id))) return
  doc.transact(() => {
    meetings.set(meetingKey('cancelledAt', id), at)
    meetings.set(meetingKey('cancelledBy', id), by)
  }, LOCAL_ORIGIN)
}

/** Skips one date of the recurring slot. Same as cancelling that date's meeting. */
export const skipDate = (doc: Y.Doc, date: string, by: MemberId = '', at: number = Date.now()): void => {
  if (!isValidDate(date)) throw new InvalidInputError('A date is YYYY-MM-DD.')
  cancelMeeting(doc, meetingIdFor(date), by, at)
}

/** Undoes a cancel or skip. Concurrent with another cancel: last writer wins. No-op if not cancelled. */
export function restoreMeeting(doc: Y.Doc, id: MeetingId): void {
  const meetings = meetingsOf(doc)
  if (!meetings.get(meetingKey('cancelledAt', id))) return
  doc.transact(() => meetings.set(meetingKey('cancelledAt', id), 0), LOCAL_ORIGIN)
}

/**
 * Pins an existing meeting so it outlives a later schedule change, freezing its current time.
 * Called inside the ops that record something happened (close, held). Must run in a transaction.
 * Returns whether it pinned it now (it was neither pinned nor timed before), so an undo knows
 * whether the pin is its own.
 */
export function pinMeeting(doc: Y.Doc, id: MeetingId, time: string): boolean {
  const meetings = meetingsOf(doc)
  const fresh = meetings.get(meetingKey('pinned', id)) !== true && !meetings.has(meetingKey('time', id))
  if (meetings.get(meetingKey('pinned', id)) !== true) meetings.set(meetingKey('pinned', id), true)
  if (!meetings.has(meetingKey('time', id))) meetings.set(meetingKey('time', id), time)
  return fresh
}
