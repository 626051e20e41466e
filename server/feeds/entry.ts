/** A paper read from a feed, cut to the bounds every feed entry keeps. */
import type { FeedEntry } from '../../src/protocol/lookup.js'
import { MAX_FEED_ABSTRACT, MAX_FEED_AUTHORS } from '../../src/protocol/lookup.js'
import { clampText, FIELD_LIMITS } from '../../src/doc/limits.js'

/** What a feed parser found for one paper. */
export interface RawEntry {
  arxivId: string
  title: string
  authors?: string[]
  abstract?: string
  published?: string
  codeUrl?: string
  upvotes?: number
}

/** The entry as sent to the app: title, authors and abstract clamped, optional fields only when present. */
export function toFeedEntry(raw: RawEntry): FeedEntry {
  const authors = raw.authors ?? []
  const entry: FeedEntry = {
    arxivId: raw.arxivId,
    title: clampText(raw.title, FIELD_LIMITS.title),
    authors: authors.slice(0, MAX_FEED_AUTHORS).map((name) => clampText(name, FIELD_LIMITS.authorName)),
    authorCount: authors.length,
    abstract: clampText(raw.abstract ?? '', MAX_FEED_ABSTRACT),
    published: raw.published ?? '',
  }
  if (raw.codeUrl) entry.codeUrl = raw.codeUrl
  if (raw.upvotes !== undefined) entry.upvotes = raw.upvotes
  return entry
}
