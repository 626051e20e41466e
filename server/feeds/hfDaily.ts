/**
 * Hugging Face Daily Papers (`/api/daily_papers?date=YYYY-MM-DD`): a JSON array of the day's
 * entries, each `{ paper: { id, title, authors[{name}], summary, publishedAt, upvotes,
 * githubRepo? }, title, summary, publishedAt, numComments, submittedBy, … }`.
 */
import type { FeedEntry } from '../../src/protocol/lookup.js'
import { hfPaperEntry } from '../lookup/hfSearch.js'
import { HF_PAPERS_API } from '../lookup/huggingFace.js'
import { toFeedEntry } from './entry.js'
import { MAX_FEED_ENTRIES } from '../../src/protocol/lookup.js'

/** Hugging Face's daily papers endpoint. */
export const HF_DAILY_API = HF_PAPERS_API.replace(/papers\/$/, 'daily_papers')

/** The URL of one day's papers. */
export const hfDailyUrl = (date: string): string => `${HF_DAILY_API}?date=${encodeURIComponent(date)}`

/** The entries of a daily papers answer (at most `MAX_FEED_ENTRIES`), or null when it is not a list. Never throws. */
export function parseHfDaily(body: string): FeedEntry[] | null {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    return null
  }
  if (!Array.isArray(json)) return null
  const entries: FeedEntry[] = []
  for (const raw of json.slice(0, MAX_FEED_ENTRIES)) {
    const hit = hfPaperEntry(raw)
    if (hit) entries.push(toFeedEntry(hit))
  }
  return entries
}
