/**
 * `GET /api/feeds?hf=<YYYY-MM-DD>&arxiv=<category>,<category>`: the entries of the feeds a
 * list follows (Hugging Face Daily Papers by date, arXiv listings by category), for the
 * app's inbox. The app filters them by its keywords and drops papers already in the list.
 *
 * Data flow: feed names → the cache (`feed:<name>`, kept a week; fresh for `freshMs`) → one
 * shared fetch per feed (paced per upstream: arXiv's RSS one call per 3 s, Hugging Face one
 * per second; timeout, size cap) → parse → cache → JSON, one result per feed. A feed that
 * fails answers with its last copy marked `stale`, or with its own error: never with a
 * failed request, and never at the cost of the other feeds.
 *
 * On a schedule (`refreshMs`, default 30 minutes) the feeds asked for in the last day are
 * fetched again, so a member opening the inbox finds them warm. At most `maxTrackedFeeds`
 * feeds are remembered for that (the oldest asked is forgotten first). At most `MAX_FETCHES`
 * fetches are under way or waiting at once, and Daily Papers dates reach back 30 days.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { FEED_NAME, MAX_FEEDS_PER_REQUEST } from '../../src/protocol/lookup.js'
import type { FeedEntry, FeedResult, FeedsResponse } from '../../src/protocol/lookup.js'
import { FEEDS_PATH } from '../../src/protocol/routes.js'
import { sendJson } from '../http/json.js'
import { silentLogger, type Logger } from '../log.js'
import { upstreamAccess } from '../lookup/access.js'
import type { UpstreamAccessOptions } from '../lookup/access.js'
import type { LookupCache } from '../lookup/cache.js'
import { makePacer } from '../lookup/pacer.js'
import type { Pacer } from '../lookup/pacer.js'
import { statusError, UpstreamError } from '../lookup/upstream.js'
import { arxivRssUrl, parseArxivRss } from './arxivRss.js'
import { hfDailyUrl, parseHfDaily } from './hfDaily.js'

export { FEEDS_PATH }

/** What the feeds route needs; only `cache` is required. */
export interface FeedsRouteOptions extends UpstreamAccessOptions {
  /** The lookup's keyed cache (entries with an expiry); feeds are stored under `feed:<name>`. */
  cache: LookupCache
  now?: () => number
  /** Largest feed body read. Default 4 MB (a busy arXiv listing is ~1 MB). */
  maxBytes?: number
  /** How long a fetched feed counts as current. Default 1 hour. */
  freshMs?: number
  /** Scheduled refresh of recently asked feeds; 0 turns it off. Default 30 minutes. */
  refreshMs?: number
  /** Feeds remembered for the scheduled refresh. Default 64. */
  maxTrackedFeeds?: number
  /** Least gap between calls to arXiv's RSS service. Default 3 s. */
  arxivIntervalMs?: number
  /** Least gap between calls to Hugging Face's daily papers. Default 1 s. */
  hfIntervalMs?: number
  logger?: Logger
}

/** The mounted route. */
export interface FeedsRoute {
  /** Handles `GET /api/feeds`; false for any other path. */
  handle: (req: IncomingMessage, res: ServerResponse) => boolean
  /** Answers feed names as the route does (unknown names get their own error). */
  feeds: (names: string[]) => Promise<FeedsResponse>
  /** Runs the scheduled refresh now (tests). */
  refresh: () => Promise<void>
  /** Upstream calls made so far. */
  calls: () => number
  /** Stops the schedule and aborts running fetches. */
  close: () => void
}

/** What the cache holds per feed: the entries and when they were fetched. */
interface StoredFeed {
  fetchedAt: number
  entries: FeedEntry[]
}

/** How long a fetched feed is kept for the offline-ish fallback ("stale"). */
const KEEP_MS = 7 * 24 * 3600_000
/** A feed not asked for in this long drops out of the scheduled refresh. */
const TRACK_MS = 24 * 3600_000
/** Feed fetches under way or waiting for their turn, all clients together; more are refused per feed. */
export const MAX_FETCHES = 32
/** How far back a Daily Papers date may be asked (older days are not "today's papers"). */
const MAX_DAYS_BACK = 30

/** Builds the feeds route. */
export function createFeedsRoute(options: FeedsRouteOptions): FeedsRoute {
  const { get, sleep } = upstreamAccess(options)
  const now = options.now ?? Date.now
  const log = options.logger ?? silentLogger
  const freshMs = options.freshMs ?? 3600_000
  const maxBytes = options.maxBytes ?? 4 * 1024 * 1024
  const maxTracked = options.maxTrackedFeeds ?? 64
  const closing = new AbortController()
  const pacers: Record<'hf' | 'arxiv', Pacer> = {
    arxiv: makePacer({ intervalMs: options.arxivIntervalMs ?? 3_000, now, sleep }),
    hf: makePacer({ intervalMs: options.hfIntervalMs ?? 1_000, now, sleep }),
  }
  /** One fetch per feed at a time, shared by every asker; at most one per tracked feed plus one request's worth. */
  const inFlight = new Map<string, Promise<FeedResult>>()
  /** Feed name → last time asked; at most `maxTracked`. */
  const tracked = new Map<string, number>()
  let upstreamCalls = 0

  function stored(name: string): StoredFeed | null {
    const value = options.cache.getJson(`feed:${name}`) as StoredFeed | null
    return value && typeof value === 'object' && Array.isArray(value.entries) && typeof value.fetchedAt === 'number' ? value : null
  }

  async function fetchFeed(name: string): Promise<FeedResult> {
    const [kind, arg] = [name.slice(0, name.indexOf(':')), name.slice(name.indexOf(':') + 1)] as ['hf' | 'arxiv', string]
    const source = kind === 'hf' ? 'Hugging Face' : 'arXiv'
    try {
      const { status, body } = await pacers[kind].run(() => {
        upstreamCalls++
        return get(kind === 'hf' ? hfDailyUrl(arg) : arxivRssUrl(arg), source, maxBytes, closing.signal)
      })
      if (status !== 200) throw statusError(source, status)
      const entries = kind === 'hf' ? parseHfDaily(body) : parseArxivRss(body)
      if (!entries) throw new UpstreamError(`${source} sent a feed that could not be read.`, true, status)
      const fetchedAt = now()
      options.cache.putJson(`feed:${name}`, { fetchedAt, entries } satisfies StoredFeed, KEEP_MS)
      return { ok: true, feed: name, fetchedAt, entries }
    } catch (error) {
      const message = error instanceof Error ? error.message : `${source} could not be asked.`
      log('warn', 'feeds.upstream_failed', { feed: name, error: message })
      const last = stored(name)
      return last ? { ok: true, feed: name, fetchedAt: last.fetchedAt, entries: last.entries, stale: true } : { ok: false, feed: name, error: message }
    }
  }

  function current(name: string, force: boolean): Promise<FeedResult> {
    const last = stored(name)
    if (!force && last && now() - last.fetchedAt < freshMs) return Promise.resolve({ ok: true, feed: name, fetchedAt: last.fetchedAt, entries: last.entries })
    let running = inFlight.get(name)
    if (!running && inFlight.size >= MAX_FETCHES) {
      return Promise.resolve(last ? { ok: true, feed: name, fetchedAt: last.fetchedAt, entries: last.entries, stale: true } : { ok: false, feed: name, error: 'The relay is fetching many feeds; try again in a minute.' })
    }
    if (!running) {
      running = fetchFeed(name).finally(() => inFlight.delete(name))
      inFlight.set(name, running)
    }
    return running
  }

  function track(name: string): void {
    tracked.delete(name)
    tracked.set(name, now())
    while (tracked.size > maxTracked) tracked.delete(tracked.keys().next().value!)
  }

  async function feeds(names: string[]): Promise<FeedsResponse> {
    const unique = [...new Set(names)].slice(0, MAX_FEEDS_PER_REQUEST)
    const results = await Promise.all(unique.map((name) => {
      if (!FEED_NAME.test(name)) return Promise.resolve<FeedResult>({ ok: false, feed: name.slice(0, 100), error: 'Not a feed: use hf:<YYYY-MM-DD> or arxiv:<category>.' })
      if (name.startsWith('hf:') && !recentDate(name.slice(3), now())) {
        return Promise.resolve<FeedResult>({ ok: false, feed: name, error: `Daily Papers are followed for the last ${MAX_DAYS_BACK} days only.` })
      }
      track(name)
      return current(name, false)
    }))
    return { feeds: results }
  }

  async function refresh(): Promise<void> {
    const since = now() - TRACK_MS
    for (const [name, askedAt] of tracked) if (askedAt < since) tracked.delete(name)
    await Promise.all([...tracked.keys()].map((name) => current(name, true)))
  }

  const refreshMs = options.refreshMs ?? 30 * 60_000
  const timer = refreshMs > 0 ? setInterval(() => void refresh().catch((error: unknown) => log('warn', 'feeds.refresh_failed', { error })), refreshMs) : null
  timer?.unref()

  function handle(req: IncomingMessage, res: ServerResponse): boolean {
    let url: URL
    try {
      url = new URL(req.url ?? '/', 'http://relay.invalid')
    } catch {
      return false
    }
    if (url.pathname !== FEEDS_PATH) return false
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { error: 'Use GET.' }, { allow: 'GET, HEAD' })
      return true
    }
    const names = [
      ...url.searchParams.getAll('hf').flatMap((value) => value.split(',')).filter(Boolean).map((date) => `hf:${date.trim()}`),
      ...url.searchParams.getAll('arxiv').flatMap((value) => value.split(',')).filter(Boolean).map((category) => `arxiv:${category.trim()}`),
    ]
    if (names.length === 0 || names.length > MAX_FEEDS_PER_REQUEST) {
      sendJson(res, 400, { error: `Ask for 1 to ${MAX_FEEDS_PER_REQUEST} feeds: hf=<YYYY-MM-DD>&arxiv=<category>,<category>.` })
      return true
    }
    feeds(names).then(
      (body) => sendJson(res, 200, body),
      (error) => {
        log('error', 'feeds.failed', { error })
        sendJson(res, 500, { error: 'The feeds could not be read.' })
      },
    )
    return true
  }

  return {
    handle,
    feeds,
    refresh,
    calls: () => upstreamCalls,
    close() {
      if (timer) clearInterval(timer)
      closing.abort()
    },
  }
}

/** Whether `date` (YYYY-MM-DD) is a real day from `MAX_DAYS_BACK` days ago to tomorrow (time zones run ahead of the relay). */
function recentDate(date: string, now: number): boolean {
  const at = Date.parse(`${date}T00:00:00Z`)
  return Number.isFinite(at) && new Date(at).toISOString().startsWith(date) && at <= now + 2 * 86_400_000 && at >= now - MAX_DAYS_BACK * 86_400_000
}
