/**
 * Wall time in a named zone <-> UTC instants, with `Intl.DateTimeFormat` (no zone database
 * of our own), and plain calendar-date arithmetic on `YYYY-MM-DD` strings.
 *
 * Pure and locale-independent, so every replica expands a schedule to the same instants.
 */

const DAY_MS = 86_400_000
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

/** True for a time zone name this runtime knows (IANA names such as `Europe/Berlin`, or `UTC`). */
export function isValidTimeZone(timeZone: unknown): timeZone is string {
  if (typeof timeZone !== 'string' || !timeZone || timeZone.length > 64) return false
  try {
    formatterFor(timeZone)
    return true
  } catch {
    return false
  }
}

/** This device's own zone: the default a list's creator writes once. Falls back to UTC. */
export function deviceTimeZone(): string {
  const zone = new Intl.DateTimeFormat().resolvedOptions().timeZone
  return isValidTimeZone(zone) ? zone : 'UTC'
}

/** The wall-clock fields of an instant in a zone. */
export function zonedParts(instant: number, timeZone: string): { date: string; time: string; offsetMinutes: number } {
  const parts: Record<string, string> = {}
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) parts[part.type] = part.value
  const year = Number(parts.year)
  const asUtc = Date.UTC(year, Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second))
  const wholeSeconds = Math.floor(instant / 1000) * 1000
  return {
    date: `${String(year).padStart(4, '0')}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
    offsetMinutes: Math.round((asUtc - wholeSeconds) / 60_000),
  }
}

/**
 * The UTC instant of a local wall time in a zone, correct across daylight-saving changes.
 * A time skipped by a spring-forward gap moves forward by the gap (02:30 -> 03:30);
 * a time that occurs twice at a fall-back takes the first (earlier) occurrence.
 */
export function zonedToUtc(date: string, time: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const [hh, mm] = time.split(':').map(Number) as [number, number]
  const wall = Date.UTC(y, m - 1, d, hh, mm)
  // Offsets in force a day either side bracket every real transition.
  const before = zonedParts(wall - DAY_MS, timeZone).offsetMinutes
  const after = zonedParts(wall + DAY_MS, timeZone).offsetMinutes
  const candidates = [...new Set([before, after])]
    .map((offset) => wall - offset * 60_000)
    .filter((instant) => {
      const local = zonedParts(instant, timeZone)
      return local.date === date && local.time === time
    })
    .sort((a, b) => a - b)
  if (candidates[0] !== undefined) return candidates[0]
  // In a gap: the wall time never occurs; interpret it with the offset from before the gap.
  return wall - before * 60_000
}

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
export const dayNumber = (date: string): number => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS)
}

/** The YYYY-MM-DD date of a day number. */
export const dateOfDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10)

/** Adds days to a YYYY-MM-DD date. */
export const addDays = (date: string, days: number): string => dateOfDay(dayNumber(date) + days)

/** Weekday of a date: 0 = Sunday … 6 = Saturday. */
export const weekdayOf = (date: string): number => (((dayNumber(date) + 4) % 7) + 7) % 7
