/**
 * The journal club's part of a list document: root names, record types and tolerant readers.
 *
 * Layout (every root is top-level and holds plain values, never a nested Y type, so two
 * devices creating the same record offline can never lose one device's data):
 * - `clubSettings`  Y.Map: `timeZone` -> IANA name; `voteBudget` -> N active votes per member
 *                   (0 or absent = unlimited approval voting); `schedule` -> one plain
 *                   {@link Schedule} value (or null), replaced whole so two concurrent schedule
 *                   edits never blend into a schedule nobody chose.
 * - `meetings`      Y.Map, flat: key `<field>|<meetingId>` -> value, one key per fact
 *                   (`pinned`, `addedAt`, `addedBy`, `time`, `deadline`, `presenter`,
 *                   `paper`, `heldAt`, `heldBy`, `cancelledAt`, `cancelledBy`).
 * - `meetingCloses` Y.Map: key `<meetingId>|<closeId>` -> {@link CloseRecord}. Append-only:
 *                   every close is kept, and the earliest wins (see `meetings.ts`).
 * - `away`          Y.Map: key `<memberId>|<YYYY-MM-DD>` -> true. Absent = available.
 *
 * A meeting id is `m:<local date>` (one meeting per day per list), so two devices that
 * materialise the same occurrence of a schedule, or add a meeting on the same day, agree.
 */
import type * as Y from 'yjs'
import type { PaperId } from '../ids.js'
import { flatKey } from '../schema.js'
import type { MemberId, Paper } from '../schema.js'
import { FIELD_LIMITS, clampText } from '../limits.js'

/** Root type names of the journal club. Renaming one is a data migration. */
export const CLUB_ROOT = {
  settings: 'clubSettings',
  meetings: 'meetings',
  closes: 'meetingCloses',
  away: 'away',
} as const

/** A meeting id: `m:` and the meeting's local date, `m:2026-12-03`. */
export type MeetingId = `m:${string}`

/** Where a meeting stands. `closed` = its paper is chosen; `held` = it took place. */
export type MeetingState = 'scheduled' | 'closed' | 'held' | 'cancelled'

/** A recurring slot: every `everyWeeks` weeks from `startDate`, at `time` in the list's zone. */
export interface Schedule {
  /** First occurrence, YYYY-MM-DD; its weekday is the meeting day and it anchors every-N-weeks. */
  startDate: string
  /** Last possible occurrence, YYYY-MM-DD, or '' for open-ended. */
  endDate: string
  /** Local wall time, HH:MM. */
  time: string
  /** 1 = weekly, 2 = fortnightly, … */
  everyWeeks: number
  durationMinutes: number
  /** Voting closes this many minutes before each meeting; null = no deadline by default. */
  deadlineMinutesBefore: number | null
}

/** The list's club settings as every replica reads them. */
export interface ClubSettings {
  /** IANA zone name; 'UTC' until someone sets it (a device's own zone would differ per device). */
  timeZone: string
  /** Active votes per member; null = unlimited approval voting. */
  voteBudget: number | null
  schedule: Schedule | null
}

/** One close of a meeting: the paper the closer's replica ranked top at `cutoff`. */
export interface CloseRecord {
  paper: PaperId
  /** Instant the votes were counted up to (the close time, or the deadline if it had passed). */
  cutoff: number
  /** When the close was made (the wall clock of the closing device). */
  at: number
  by: MemberId
}

/** A concrete meeting, expanded from the schedule or added by hand. */
export interface Meeting {
  id: MeetingId
  /** Local date in the list's zone, YYYY-MM-DD. */
  date: string
  /** Local wall time, HH:MM. */
  time: string
  timeZone: string
  /** UTC instant the meeting starts (ms). */
  startsAt: number
  /** UTC instant the meeting ends (ms). */
  endsAt: number
  /** Whether the schedule produces it (else it was added or pinned by hand). */
  fromSchedule: boolean
  /** Voting deadline (UTC ms), or null for none. */
  deadline: number | null
  state: MeetingState
  /** The chosen paper once locked (closed, deadline passed, or set by hand), else null. */
  paperId: PaperId | null
  paper: Paper | null
  /** Presenter set on the meeting, or null. */
  presenter: MemberId | null
  /** Fair-rotation suggestion when no presenter is set, else the set presenter. */
  suggestedPresenter: MemberId | null
  /** When the winning close happened (ms), 0 if not closed by a close record. */
  closedAt: number
  heldAt: number
  cancelledAt: number
}

export const clubSettingsOf = (doc: Y.Doc) => doc.getMap<unknown>(CLUB_ROOT.settings)
export const meetingsOf = (doc: Y.Doc) => doc.getMap<unknown>(CLUB_ROOT.meetings)
export const closesOf = (doc: Y.Doc) => doc.getMap<unknown>(CLUB_ROOT.closes)
export const awayOf = (doc: Y.Doc) => doc.getMap<unknown>(CLUB_ROOT.away)

/** Flat key of one field of one meeting. */
export const meetingKey = (field: string, meetingId: MeetingId): string => flatKey(field, meetingId)

/** Flat key of a member's away mark for one date. */
export const awayKey = (memberId: MemberId, date: string): string => flatKey(memberId, date)

/** Local date pattern, YYYY-MM-DD. */
export const DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/
/** Local wall time pattern, HH:MM (24 h). */
export const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/

/** The meeting id of a local date. */
export const meetingIdFor = (date: string): MeetingId => `m:${date}`

/** The local date of a meeting id, or null if the id is not one. */
export function dateOfMeeting(id: string): string | null {
  if (!id.startsWith('m:')) return null
  const date = id.slice(2)
  return isValidDate(date) ? date : null
}

/** True for a real calendar date YYYY-MM-DD (not 2026-02-30). */
export function isValidDate(date: unknown): date is string {
  if (typeof date !== 'string' || !DATE_PATTERN.test(date)) return false
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const probe = new Date(Date.UTC(y, m - 1, d))
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d
}

const posInt = (value: unknown): number | null =>
  typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null

/**
 * Reads a stored schedule. Tolerant: a peer on another build may have written fewer or odd
 * fields; an unusable schedule reads as none rather than crashing a view.
 */
export function toSchedule(raw: unknown): Schedule | null {
  if (!raw || typeof raw !== 'object') return null
  const record = raw as Record<string, unknown>
  if (!isValidDate(record.startDate) || typeof record.time !== 'string' || !TIME_PATTERN.test(record.time)) return null
  const deadline = record.deadlineMinutesBefore
  return {
    startDate: record.startDate,
    endDate: isValidDate(record.endDate) ? record.endDate : '',
    time: record.time,
    everyWeeks: Math.min(posInt(record.everyWeeks) ?? 1, 52),
    durationMinutes: Math.min(posInt(record.durationMinutes) ?? 60, 24 * 60),
    deadlineMinutesBefore: typeof deadline === 'number' && Number.isFinite(deadline) && deadline >= 0 ? deadline : null,
  }
}

/** Reads a stored close record; null if unusable (a paper id longer than any real one included). */
export function toCloseRecord(raw: unknown): CloseRecord | null {
  if (!raw || typeof raw !== 'object') return null
  const record = raw as Record<string, unknown>
  if (typeof record.paper !== 'string' || !record.paper || record.paper.length > FIELD_LIMITS.paperId || typeof record.cutoff !== 'number' || !Number.isFinite(record.cutoff)) return null
  return {
    paper: record.paper as PaperId,
    cutoff: record.cutoff,
    at: typeof record.at === 'number' && Number.isFinite(record.at) ? record.at : record.cutoff,
    by: typeof record.by === 'string' ? clampText(record.by, FIELD_LIMITS.code) : '',
  }
}
