/**
 * How the journal club writes dates and times: meetings in the list's zone (the zone is
 * named when it is not this device's), plain calendar dates, member names, file names.
 */
import { deviceTimeZone } from '../../doc/club/time.js'
import type { Member } from '../../doc/schema.js'

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let found = formatters.get(key)
  if (!found) {
    found = new Intl.DateTimeFormat(undefined, options)
    formatters.set(key, found)
  }
  return found
}

/** "Thu, 12 Mar, 16:00": an instant as wall time in a zone. */
export function instantLabel(at: number, timeZone: string): string {
  return formatter(`i|${timeZone}`, { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(at)
}

/** "Thu, 12 Mar, 16:00 (Europe/Berlin)": the zone is added only when it is not this device's. */
export function zonedLabel(at: number, timeZone: string): string {
  const label = instantLabel(at, timeZone)
  return timeZone === deviceTimeZone() ? label : `${label} (${timeZone.replace(/_/g, ' ')})`
}

/** "Thu, 12 Mar 2026": a YYYY-MM-DD calendar date, the same on every device. */
export function dateLabel(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  if (!y || !m || !d) return date
  return formatter('d', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(Date.UTC(y, m - 1, d))
}

/** A member's display name, or a neutral word for someone this device has not met. */
export const nameOf = (members: ReadonlyMap<string, Member>, id: string | null | undefined): string =>
  (id && members.get(id)?.name) || 'Someone'

/** A list of names as English: "Ada", "Ada and Bo", "Ada, Bo and Cy". */
export function namesLine(names: string[]): string {
  if (names.length <= 1) return names.join('')
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

/** Weekday names, Sunday first (index = JS weekday), in English to match the rest of the app. */
export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const

/** Hours as "1 hour", "2 days", "1 week": for deadline offsets. */
export function minutesLabel(minutes: number): string {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
  if (minutes % 10080 === 0 && minutes > 0) return unit(minutes / 10080, 'week')
  if (minutes % 1440 === 0 && minutes > 0) return unit(minutes / 1440, 'day')
  if (minutes % 60 === 0) return unit(minutes / 60, 'hour')
  return unit(minutes, 'minute')
}
