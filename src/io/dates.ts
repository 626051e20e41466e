/**
 * Dates as the importers meet them ("Mar 30, 2023", "Aug 5", `month = jun`, `2020/03/05/`),
 * turned into the ISO `YYYY-MM-DD` / `YYYY-MM` / `YYYY` the document stores.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

/** Month number 1–12 from a name or abbreviation in English ("Sept.", "june") or a number; null otherwise. */
export function monthNumber(raw: string): number | null {
  const text = raw.trim().toLowerCase().replace(/\.$/, '')
  if (/^\d{1,2}$/.test(text)) {
    const value = Number(text)
    return value >= 1 && value <= 12 ? value : null
  }
  if (text.length < 3) return null
  const index = MONTHS.indexOf(text.slice(0, 3))
  if (index < 0) return null
  const full = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'][index]!
  return full.startsWith(text) || text === 'sept' ? index + 1 : null
}

const pad = (value: number): string => String(value).padStart(2, '0')

/** True when year/month/day name a real calendar day (so 2023-02-30 is refused). */
export function isRealDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

/** Formats the known parts as ISO; drops the day or month when it is missing or impossible. */
export function isoDate(year: number, month?: number | null, day?: number | null): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) return ''
  if (!month || month < 1 || month > 12) return String(year)
  if (!day || !isRealDay(year, month, day)) return `${year}-${pad(month)}`
  return `${year}-${pad(month)}-${pad(day)}`
}

/**
 * Reads the leading ISO-like date of `raw` (`2024-03-05`, `2024-03`, `2024`, `2024/03/05/`,
 * `2024-03-05T10:00Z`); '' if it has none.
 */
export function leadingIsoDate(raw: string): string {
  const match = /^\s*(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?(?![\d])/.exec(raw)
  if (!match) return ''
  return isoDate(Number(match[1]), match[2] ? Number(match[2]) : null, match[3] ? Number(match[3]) : null)
}

/**
 * The ISO date of a day printed without a year ("Aug 5"), relative to `today`: this year,
 * unless that lands more than two days in the future, then last year (listing pages leave
 * the year out for the current year only).
 */
export function dateWithoutYear(month: number, day: number, today: Date): string {
  let year = today.getUTCFullYear()
  const candidate = Date.UTC(year, month - 1, day)
  if (candidate - today.getTime() > 2 * 86_400_000) year -= 1
  return isoDate(year, month, day)
}
