/**
 * Why a paper ranks where it does, as one short line: "5 votes · added 3 weeks ago".
 */
import type { RankedPaper } from '../queries.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const WEEK = 7 * DAY

const plural = (count: number, unit: string): string => `${count} ${unit}${count === 1 ? '' : 's'}`

/** How long ago an instant was, in plain English ("3 weeks ago", "today"). Future times read "just now". */
export function timeAgo(then: number, now: number): string {
  const elapsed = Math.max(0, now - then)
  if (elapsed < MINUTE) return 'just now'
  if (elapsed < HOUR) return `${plural(Math.floor(elapsed / MINUTE), 'minute')} ago`
  if (elapsed < DAY) return `${plural(Math.floor(elapsed / HOUR), 'hour')} ago`
  if (elapsed < WEEK) return `${plural(Math.floor(elapsed / DAY), 'day')} ago`
  if (elapsed < 30 * DAY) return `${plural(Math.floor(elapsed / WEEK), 'week')} ago`
  if (elapsed < 365 * DAY) return `${plural(Math.floor(elapsed / (30 * DAY)), 'month')} ago`
  return `${plural(Math.floor(elapsed / (365 * DAY)), 'year')} ago`
}

/**
 * The reason a paper ranks where it does: its counted votes and how long ago it was added,
 * the two keys of the ranking rule (the id tie-break is not worth showing).
 * @example rankReason({ paper, votes: 5 }, now) === '5 votes · added 3 weeks ago'
 */
export function rankReason(ranked: RankedPaper, now: number): string {
  return `${plural(ranked.votes, 'vote')} · added ${timeAgo(ranked.paper.addedAt, now)}`
}
