/**
 * iCalendar (RFC 5545) export of a list's meetings, for calendar apps.
 *
 * Times are written in UTC (`DTSTART:20261203T150000Z`, RFC 5545 §3.3.5 form 2). Google
 * Calendar, Apple Calendar and Outlook all accept UTC times without a VTIMEZONE and show them
 * in the viewer's own zone, and a UTC instant cannot be misread across daylight-saving rules;
 * the list's zone travels as `X-WR-TIMEZONE` and in each description's local time line.
 * Output follows the rules apps rely on: CRLF line ends, lines folded at 75 octets without
 * splitting a UTF-8 character, TEXT escaping of `\ ; ,` and newlines, VERSION and PRODID on
 * the calendar, UID and DTSTAMP on each event, and a URL only for http(s) links.
 */
import { isSafeLink } from '../doc/ids.js'
import type { Meeting } from '../doc/club/schema.js'

/** The list the meetings belong to. */
export interface IcsList {
  /** List id; part of every UID, so re-imports update events instead of duplicating them. */
  id: string
  name: string
  /** IANA zone of the list (a hint for apps; times are UTC). */
  timeZone: string
}

/** Export options. */
export interface IcsOptions {
  /** DTSTAMP: when this file was made (ms). */
  now: number
  /** Member id -> display name, for presenter lines. */
  memberNames?: ReadonlyMap<string, string> | Readonly<Record<string, string>>
  /** Link back to the list (http(s) only; other values are left out). */
  listUrl?: string
}

const encoder = new TextEncoder()

/** Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma, newline. */
export function escapeIcsText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\n/g, '\\n')
}

/**
 * Folds one content line at 75 octets (RFC 5545 §3.1): continuation lines start with a
 * space, and a multi-byte UTF-8 character is never split.
 */
export function foldIcsLine(line: string): string {
  const parts: string[] = []
  let current = ''
  let octets = 0
  for (const char of line) {
    const size = encoder.encode(char).length
    const limit = parts.length === 0 ? 75 : 74
    if (octets + size > limit) {
      parts.push(current)
      current = ''
      octets = 0
    }
    current += char
    octets += size
  }
  parts.push(current)
  return parts.join('\r\n ')
}

/** True for a time `Date` can represent (±8.64e15 ms); anything else has no calendar form. */
const isInstant = (ms: number): boolean => Number.isFinite(new Date(ms).getTime())

/** An instant as an iCalendar UTC date-time, `20261203T150000Z`. */
export const icsUtc = (instant: number): string => new Date(instant).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')

const nameOf = (names: IcsOptions['memberNames'], id: string): string => {
  if (!names) return id
  const name = names instanceof Map ? names.get(id) : (names as Record<string, string>)[id]
  return name || id
}

/** One VEVENT's content lines (unfolded). */
function eventLines(meeting: Meeting, list: IcsList, options: IcsOptions): string[] {
  const paper = meeting.paper
  const title = paper?.title ?? ''
  const link = paper && isSafeLink(paper.url) ? new URL(paper.url).href : ''
  const presenter = meeting.presenter ?? meeting.suggestedPresenter
  const description = [
    title ? `Paper: ${title}` : 'Paper: voting open',
    link,
    presenter ? `Presenter: ${nameOf(options.memberNames, presenter)}` : '',
    `Local time: ${meeting.date} ${meeting.time} (${meeting.timeZone})`,
    options.listUrl && isSafeLink(options.listUrl) ? `List: ${options.listUrl}` : '',
  ].filter(Boolean).join('\n')
  const lines = [
    'BEGIN:VEVENT',
    `UID:${meeting.date}.${list.id.replace(/[^A-Za-z0-9_-]/g, '')}@shortlist`,
    `DTSTAMP:${icsUtc(options.now)}`,
    `DTSTART:${icsUtc(meeting.startsAt)}`,
    `DTEND:${icsUtc(meeting.endsAt)}`,
    `SUMMARY:${escapeIcsText(title ? `${list.name}: ${title}` : `${list.name}: meeting`)}`,
    `DESCRIPTION:${escapeIcsText(description)}`,
    `STATUS:${meeting.state === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
  ]
  if (link) lines.push(`URL:${link}`)
  lines.push('END:VEVENT')
  return lines
}

/**
 * Builds an .ics calendar of meetings. Pure: the same meetings and options give the same
 * bytes, and UIDs depend only on the list and the meeting's date, so a re-import updates.
 */
export function meetingsToIcs(meetings: readonly Meeting[], list: IcsList, options: IcsOptions): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Shortlist//Journal club//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeIcsText(list.name)}`,
    `X-WR-TIMEZONE:${escapeIcsText(list.timeZone)}`,
    // A meeting whose times a peer wrote out of the Date range has no instant to export (and would throw).
    ...meetings.filter((meeting) => isInstant(meeting.startsAt) && isInstant(meeting.endsAt)).flatMap((meeting) => eventLines(meeting, list, options)),
    'END:VCALENDAR',
  ]
  return lines.map(foldIcsLine).join('\r\n') + '\r\n'
}
