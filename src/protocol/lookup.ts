/**
 * The wire format of `GET /api/lookup`, shared by the route and its parts.
 *
 * `{ results: { [requestedId]: LookupAnswer } }`, keyed by each id exactly as the client sent
 * it, so the client can match answers to its own paper ids without normalising.
 */
import type { PaperInput } from '../doc/ops.js'

/** Details found for one id: the fields of a paper, ready for `fillPaperDetails`. */
export interface LookupHit {
  ok: true
  paper: PaperInput
}

/**
 * Why one id has no details. `transient` is true when asking again later may work
 * (upstream down, rate limited, timed out); false when the id is unknown upstream.
 */
export interface LookupMiss {
  ok: false
  error: string
  transient?: boolean
}

/** The answer for one id. */
export type LookupAnswer = LookupHit | LookupMiss

/** The body of a 200 answer from `/api/lookup`. */
export interface LookupResponse {
  results: Record<string, LookupAnswer>
}

/** One paper to find by title: `key` is the client's own id for it (echoed in the answer). */
export interface TitleLookupItem {
  key: string
  title: string
  /** First author as written, when known; lets a nearly equal title count as a match. */
  firstAuthor?: string
}

/** The JSON body of `POST /api/lookup/titles`. The answer is a `LookupResponse` keyed by `key`. */
export interface TitleLookupRequest {
  titles: TitleLookupItem[]
}

/** Most titles in one request. */
export const MAX_TITLES_PER_REQUEST = 50

/** One paper's citation count, or why there is none. */
export type CitationAnswer = { ok: true; citations: number } | LookupMiss

/** The body of a 200 answer from `/api/citations`, keyed by each id as sent. */
export interface CitationResponse {
  results: Record<string, CitationAnswer>
}

/** One paper from a feed, as the inbox shows it (defined with the inbox in the document layer). */
import type { FeedEntry } from '../doc/inbox.js'
export type { FeedEntry }

/** One feed's answer: its entries and when the relay fetched them, or why there are none. */
export type FeedResult =
  | { ok: true; feed: string; fetchedAt: number; entries: FeedEntry[]; stale?: boolean }
  | { ok: false; feed: string; error: string }

/** The body of a 200 answer from `/api/feeds`: one result per feed asked, in the order asked. */
export interface FeedsResponse {
  feeds: FeedResult[]
}

/** Most entries kept per feed (a busy arXiv category announces ~300 a day, with cross-lists). */
export const MAX_FEED_ENTRIES = 600
/** Most author names kept per feed entry. */
export const MAX_FEED_AUTHORS = 30
/** Longest abstract kept per feed entry. */
export const MAX_FEED_ABSTRACT = 2_000
/** Most feeds asked in one request (one day of Hugging Face plus arXiv categories). */
export const MAX_FEEDS_PER_REQUEST = 10
/** Feed names: `hf:<YYYY-MM-DD>` or `arxiv:<category>` (`cs.CL`, `math.AG`, `hep-th`). */
export const FEED_NAME = /^(?:hf:\d{4}-\d{2}-\d{2}|arxiv:[a-z-]{2,16}(?:\.[A-Za-z-]{2,16})?)$/
