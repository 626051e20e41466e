/**
 * The inbox's last fetched feeds, kept on this device so the inbox works offline and can say
 * when they were fetched. One localStorage entry per list, bounded: at most `MAX_LISTS`
 * lists are kept (the least recently fetched go first) and one list's entry stays under
 * `MAX_BYTES` (the oldest feeds are dropped first). A full or missing storage loses only
 * the copy, never the inbox.
 */
import { MAX_FEED_ENTRIES } from '../../protocol/lookup.js'
import type { FeedResult } from '../../protocol/lookup.js'

/** What is kept for one list. */
export interface StoredFeeds {
  /** When this device last asked the relay (ms). */
  fetchedAt: number
  feeds: FeedResult[]
}

const PREFIX = 'shortlist.inbox.'
/** Lists whose feeds are kept on this device. */
export const MAX_LISTS = 5
/** Largest stored copy for one list (UTF-16 characters; ~2 MB of the ~5 MB an origin gets). */
export const MAX_BYTES = 1_000_000

const storage = (): Storage | null => {
  try {
    return globalThis.localStorage ?? null
  } catch {
    return null
  }
}

/** The copy kept for `listId`, or null when there is none (or it cannot be read). */
export function loadFeeds(listId: string): StoredFeeds | null {
  try {
    const raw = storage()?.getItem(PREFIX + listId)
    if (!raw || raw.length > MAX_BYTES * 2) return null
    const value = JSON.parse(raw) as StoredFeeds
    if (typeof value?.fetchedAt !== 'number' || !Array.isArray(value.feeds)) return null
    return { fetchedAt: value.fetchedAt, feeds: value.feeds.filter((feed) => feed && typeof feed.feed === 'string').map(capFeed) }
  } catch {
    return null
  }
}

const capFeed = (feed: FeedResult): FeedResult => (feed.ok ? { ...feed, entries: Array.isArray(feed.entries) ? feed.entries.slice(0, MAX_FEED_ENTRIES) : [] } : feed)

/** Keeps `value` for `listId` within the bounds above; silently keeps less when storage is full. */
export function saveFeeds(listId: string, value: StoredFeeds): void {
  const store = storage()
  if (!store) return
  const feeds = value.feeds.map(capFeed)
  let text = JSON.stringify({ fetchedAt: value.fetchedAt, feeds })
  while (text.length > MAX_BYTES && feeds.length > 1) {
    feeds.pop()
    text = JSON.stringify({ fetchedAt: value.fetchedAt, feeds })
  }
  if (text.length > MAX_BYTES) return
  try {
    const others: { key: string; at: number }[] = []
    for (let index = 0; index < store.length; index++) {
      const key = store.key(index)
      if (key?.startsWith(PREFIX) && key !== PREFIX + listId) others.push({ key, at: Number(/"fetchedAt":(\d+)/.exec(store.getItem(key)?.slice(0, 40) ?? '')?.[1] ?? 0) })
    }
    others.sort((a, b) => b.at - a.at).slice(MAX_LISTS - 1).forEach(({ key }) => store.removeItem(key))
    store.setItem(PREFIX + listId, text)
  } catch {
    // storage full or refused: the inbox works from memory until the next fetch
  }
}
