/**
 * arXiv's API asked by exact title: several titles in one call
 * (`search_query=ti:"…" OR ti:"…"`), so pasted papers cost few of arXiv's paced calls.
 * The answer is the same Atom feed as an id query, read by `parseArxivFeed`.
 */
import { ARXIV_API } from './arxiv.js'
import { normaliseTitle } from './titleMatch.js'

/** Most titles asked in one call (the URL stays under ~4 KB). */
export const MAX_TITLES_PER_CALL = 10
/** Results asked per title; a phrase search may return a few near misses before the paper. */
const RESULTS_PER_TITLE = 3

/** The words arXiv is asked for: the normalised title (no quotes, no query operators), at most 200 characters. */
export const titlePhrase = (title: string): string => normaliseTitle(title).slice(0, 200).trim()

/** The URL asking arXiv for papers titled like any of `titles` (at most `MAX_TITLES_PER_CALL`). */
export function arxivTitleSearchUrl(titles: string[]): string {
  const phrases = titles.slice(0, MAX_TITLES_PER_CALL).map(titlePhrase).filter(Boolean)
  const query = phrases.map((phrase) => `ti:"${phrase}"`).join(' OR ')
  const params = new URLSearchParams({ search_query: query, start: '0', max_results: String(Math.max(1, phrases.length) * RESULTS_PER_TITLE) })
  return `${ARXIV_API}?${params.toString()}`
}
