/**
 * Per-list club settings: time zone, vote budget, and the recurring schedule.
 * Each is one key in `clubSettings`, so concurrent edits resolve last-writer-wins per setting.
 */
import type * as Y from 'yjs'
import { InvalidInputError, LOCAL_ORIGIN } from '../ops.js'
import { clubSettingsOf, isValidDate, toSchedule, TIME_PATTERN } from './schema.js'
import type { ClubSettings, Schedule } from './schema.js'
import type { MemberId } from '../schema.js'
import { addDays, isValidTimeZone, weekdayOf } from './time.js'

/** Largest vote budget accepted; beyond it a budget means nothing. */
export const MAX_VOTE_BUDGET = 1_000

/** Reads the club settings. Pure: an unset zone reads as 'UTC' on every device, never the device's own. */
export function readClubSettings(doc: Y.Doc): ClubSettings {
  const settings = clubSettingsOf(doc)
  const zone = settings.get('timeZone')
  const budget = settings.get('voteBudget')
  return {
    timeZone: isValidTimeZone(zone) ? zone : 'UTC',
    voteBudget: typeof budget === 'number' && Number.isInteger(budget) && budget > 0 ? budget : null,
    schedule: toSchedule(settings.get('schedule')),
  }
}

/**
 * Writes the creator's time zone if the list has none yet (call with `deviceTimeZone()` when
 * creating a list). Two devices doing so offline converge on one of the two (last writer wins).
 * @throws InvalidInputError for a zone this runtime does not know.
 */
export function initClubSettings(doc: Y.Doc, input: { timeZone: string }): void {
  if (!isValidTimeZone(input.timeZone)) throw new InvalidInputError(`Unknown time zone "${input.timeZone}".`)
  const settings = clubSettingsOf(doc)
  if (settings.has('timeZone')) return
  doc.transact(() => settings.set('timeZone', input.timeZone), LOCAL_ORIGIN)
}

/**
 * Sets the list's time zone. Meetings keep their local wall time (16:00 stays 16:00 in the
 * new zone). Concurrent changes: last writer wins, the same on every replica.
 * @throws InvalidInputError for a zone this runtime does not know.
 */
export function setTimeZone(doc: Y.Doc, timeZone: string): void {
  if (!isValidTimeZone(timeZone)) throw new InvalidInputError(`Unknown time zone "${timeZone}".`)
  const settings = clubSettingsOf(doc)
  if (settings.get('timeZone') === timeZone) return
  doc.transact(() => settings.set('timeZone', timeZone), LOCAL_ORIGIN)
}

/**
 * Sets the vote budget: null for unlimited approval voting, else N active votes per member.
 * Votes already cast are kept; only the earliest N of a member's count (see `budget.ts`).
 * Concurrent changes: last writer wins.
 * @throws InvalidInputError unless null or an integer 1…{@link MAX_VOTE_BUDGET}.
 */
export function setVoteBudget(doc: Y.Doc, budget: number | null): void {
  if (budget !== null && !(Number.isInteger(budget) && budget >= 1 && budget <= MAX_VOTE_BUDGET)) {
    throw new InvalidInputError('A vote budget is a whole number from 1, or none.')
  }
  const settings = clubSettingsOf(doc)
  const stored = budget ?? 0
  if (settings.get('voteBudget') === stored) return
  doc.transact(() => settings.set('voteBudget', stored), LOCAL_ORIGIN)
}

/** What a member enters to set up a recurring slot. */
export interface ScheduleInput {
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number
  /** HH:MM in the list's zone. */
  time: string
  /** First date to consider, YYYY-MM-DD; the first meeting is the first `weekday` on or after it. */
  from: string
  /** Default 1 (weekly). */
  everyWeeks?: number
  /** YYYY-MM-DD, optional. */
  until?: string
  /** Default 60. */
  durationMinutes?: number
  /** Voting deadline this many minutes before each meeting; omit or null for none. */
  deadlineMinutesBefore?: number | null
}

/**
 * Sets the recurring slot. The schedule is one value replaced whole: two members changing it
 * offline end with one of their two schedules (last writer wins), never a blend of both.
 * Skipped and added dates, closes and presenters are kept per date and survive a change.
 * @throws InvalidInputError on a bad weekday, time, date, interval, duration or deadline.
 */
export function setSchedule(doc: Y.Doc, input: ScheduleInput, by: MemberId = '', at: number = Date.now()): Schedule {
  const everyWeeks = input.everyWeeks ?? 1
  const duration = input.durationMinutes ?? 60
  const deadline = input.deadlineMinutesBefore ?? null
  if (!Number.isInteger(input.weekday) || input.weekday < 0 || input.weekday > 6) throw new InvalidInputError('A weekday is 0 (Sunday) to 6.')
  if (!TIME_PATTERN.test(input.time)) throw new InvalidInputError('A time is HH:MM.')
  if (!isValidDate(input.from)) throw new InvalidInputError('A start date is YYYY-MM-DD.')
  if (input.until !== undefined && input.until !== '' && (!isValidDate(input.until) || input.until < input.from)) {
    throw new InvalidInputError('An end date is YYYY-MM-DD, on or after the start.')
  }
  if (!Number.isInteger(everyWeeks) || everyWeeks < 1 || everyWeeks > 52) throw new InvalidInputError('Meetings repeat every 1 to 52 weeks.')
  if (!Number.isInteger(duration) || duration < 1 || duration > 24 * 60) throw new InvalidInputError('A meeting lasts 1 minute to 24 hours.')
  if (deadline !== null && !(Number.isFinite(deadline) && deadline >= 0 && deadline <= 60 * 24 * 60)) {
    throw new InvalidInputError('A voting deadline is 0 to 60 days before the meeting.')
  }
  const startDate = addDays(input.from, (input.weekday - weekdayOf(input.from) + 7) % 7)
  const schedule: Schedule = {
    startDate, endDate: input.until ?? '', time: input.time, everyWeeks, durationMinutes: duration, deadlineMinutesBefore: deadline,
  }
  doc.transact(() => clubSettingsOf(doc).set('schedule', { ...schedule, setAt: at, setBy: by }), LOCAL_ORIGIN)
  return schedule
}

/** Removes the recurring slot; added meetings stay. Concurrent with a `setSchedule`: last writer wins. */
export function clearSchedule(doc: Y.Doc): void {
  const settings = clubSettingsOf(doc)
  if (settings.get('schedule') === null) return
  doc.transact(() => settings.set('schedule', null), LOCAL_ORIGIN)
}
