/**
 * `GET /api/lookup?ids=arXiv:2401.12345,doi:10.1145/…`: paper details for arXiv ids and DOIs.
 *
 * Data flow: parse and validate ids → answer from the SQLite cache → otherwise one shared
 * in-flight promise per id → arXiv (through the paced, batching queue) plus Hugging Face for
 * code links and upvotes, or Crossref for DOIs → cache → JSON. Every id gets its own answer:
 * an upstream failure is that id's error inside a 200, never a failed request. Only a request
 * that is unusable as a whole (no ids, too many) gets a 400.
 *
 * @example
 * const lookup = createLookupRoute({ db, userAgent: lookupUserAgent('ops@example.org') })
 * const relay = await startRelay({ ...config, routes: [lookup.handle] })
 */
import { mkdirSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { sendJson } from '../http/json.js'
import { silentLogger, type Logger } from '../log.js'
import { arxivBatchUrl, parseArxivFeed } from './arxiv.js'
import { makeArxivQueue } from './arxivQueue.js'
import { DEFAULT_TTL, openLookupCache } from './cache.js'
import type { CacheTtl } from './cache.js'
import { crossrefWorkUrl, parseCrossrefWork } from './crossref.js'
import { hfPaperUrl, parseHfPaper } from './huggingFace.js'
import type { HfExtras } from './huggingFace.js'
import { parseLookupIds } from './ids.js'
import type { LookupKey } from './ids.js'
import { limitConcurrency } from './limit.js'
import type { LookupAnswer, LookupResponse } from '../../src/protocol/lookup.js'
import { LOOKUP_PATH } from '../../src/protocol/routes.js'
import { getText, statusError, UpstreamError } from './upstream.js'
import type { FetchLike } from './upstream.js'

export type { LookupAnswer, LookupHit, LookupMiss, LookupResponse } from '../../src/protocol/lookup.js'
export { MAX_IDS_PER_REQUEST } from './ids.js'

/** The path this route answers. */
export { LOOKUP_PATH }

/** Everything the route needs; only `db` is required. */
export interface LookupRouteOptions {
  /** Database holding the `lookup_cache` table (created if missing). The caller closes it. */
  db: Database.Database
  /** Upstream HTTP; tests pass one that serves recorded responses. Default: global fetch. */
  fetch?: FetchLike
  /** Clock for pacing and cache expiry. Default `Date.now`. */
  now?: () => number
  /** How the arXiv queue waits. Default: an unref'd timer, so a pending wait never holds the process open. */
  sleep?: (ms: number) => Promise<void>
  /** Sent to every upstream; Crossref's polite pool wants a mailto in it (see `lookupUserAgent`). */
  userAgent?: string
  /** Per upstream call; a hung upstream costs at most this. Default 10 s. */
  timeoutMs?: number
  /** Least gap between arXiv calls. Default 3 s, as arXiv's terms ask. */
  arxivIntervalMs?: number
  /** How long answers stay cached. Defaults: found 30 days, not found 1 hour. */
  ttl?: Partial<CacheTtl>
  logger?: Logger
}

/** The mounted route: `handle` for the HTTP server, `lookup` for direct use, `close` at shutdown. */
export interface LookupRoute {
  /** Handles `GET /api/lookup`; returns false (and does nothing) for any other path. */
  handle: (req: IncomingMessage, res: ServerResponse) => boolean
  /** Answers ids as the HTTP route does; `{ error }` when the request as a whole is unusable. */
  lookup: (ids: string[]) => Promise<LookupResponse | { error: string }>
  /** Answers waiting lookups with a transient error and aborts upstream calls. Does not close `db`. */
  close: () => void
}

/** Largest arXiv feed read: 50 entries are ~150 KB, more with big collaborations' author lists. */
const MAX_ARXIV_BYTES = 2 * 1024 * 1024
/** Largest Crossref work read; works with long reference lists run to a few MB. */
const MAX_CROSSREF_BYTES = 8 * 1024 * 1024
/** Largest Hugging Face paper read. */
const MAX_HF_BYTES = 1024 * 1024

/** A User-Agent identifying the relay, with a contact address when the operator gives one. */
export function lookupUserAgent(mailto?: string): string {
  const contact = mailto && /^[^\s@;()]+@[^\s@;()]+$/.test(mailto) ? `; mailto:${mailto}` : ''
  return `Shortlist-relay/0.1 (reading-list metadata lookup${contact})`
}

/** Opens (or creates, with its folder) a SQLite file for the lookup cache, in WAL mode. `:memory:` works too. */
export function openLookupDatabase(file: string): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('busy_timeout = 5000')
  return db
}

/** Builds the lookup route over `options.db`. */
export function createLookupRoute(options: LookupRouteOptions): LookupRoute {
  const fetchImpl: FetchLike = options.fetch ?? ((url, init) => fetch(url, init))
  const now = options.now ?? Date.now
  const sleep = options.sleep ?? unrefSleep
  const timeoutMs = options.timeoutMs ?? 10_000
  const log: Logger = options.logger ?? silentLogger
  const cache = openLookupCache(options.db, now, { ...DEFAULT_TTL, ...options.ttl })
  const closing = new AbortController()
  const inFlight = new Map<string, Promise<LookupAnswer>>()
  const headers = { 'user-agent': options.userAgent ?? lookupUserAgent(), accept: '*/*' }
  const get = (url: string, source: string, maxBytes: number) =>
    getText(url, { fetch: fetchImpl, headers, timeoutMs, maxBytes, source, signal: closing.signal })

  const arxiv = makeArxivQueue({
    now,
    sleep,
    intervalMs: options.arxivIntervalMs,
    async fetchBatch(ids) {
      const { status, body } = await get(arxivBatchUrl(ids), 'arXiv', MAX_ARXIV_BYTES)
      const looksLikeFeed = /<feed[\s>]/.test(body.slice(0, 2_000))
      if (status !== 200 && !(status === 400 && looksLikeFeed)) throw statusError('arXiv', status)
      if (!looksLikeFeed) throw new UpstreamError(`arXiv sent no feed (${body.trim().slice(0, 60) || 'empty answer'}).`, true, status)
      const feed = parseArxivFeed(body)
      const answers = new Map<string, LookupAnswer>()
      for (const id of ids) {
        const paper = feed.ok ? feed.papers.get(id) : undefined
        answers.set(id, paper ? { ok: true, paper }
          : feed.ok ? { ok: false, error: 'arXiv has no paper with this id.', transient: false }
          : { ok: false, error: feed.error, transient: true })
      }
      return answers
    },
  })

  const hfExtras = limitConcurrency(4, async (arxivId: string): Promise<HfExtras> => {
    try {
      const { status, body } = await get(hfPaperUrl(arxivId), 'Hugging Face', MAX_HF_BYTES)
      return status === 200 ? parseHfPaper(body) : {}
    } catch (error) {
      log('debug', 'lookup.hf_failed', { arxivId, error })
      return {}
    }
  })

  const crossref = limitConcurrency(3, async (doi: string): Promise<LookupAnswer> => {
    const { status, body } = await get(crossrefWorkUrl(doi), 'Crossref', MAX_CROSSREF_BYTES)
    if (status === 404) return { ok: false, error: 'Crossref has no work with this DOI.', transient: false }
    if (status !== 200) throw statusError('Crossref', status)
    const work = parseCrossrefWork(body, doi)
    return work.ok ? { ok: true, paper: work.paper } : { ok: false, error: work.error, transient: false }
  })

  async function resolve(key: LookupKey): Promise<LookupAnswer> {
    try {
      if (key.kind === 'doi') return await crossref(key.doi)
      const [answer, extras] = await Promise.all([arxiv.request(key.arxivId), hfExtras(key.arxivId)])
      return answer.ok ? { ok: true, paper: { ...answer.paper, ...extras } } : answer
    } catch (error) {
      const transient = !(error instanceof UpstreamError) || error.transient
      const message = error instanceof Error ? error.message : 'The lookup failed.'
      log('warn', 'lookup.upstream_failed', { key: key.key, error: message })
      return { ok: false, error: message, transient }
    }
  }

  function answerFor(key: LookupKey): Promise<LookupAnswer> {
    const cached = cache.get(key.key)
    if (cached) return Promise.resolve(cached)
    let pending = inFlight.get(key.key)
    if (!pending) {
      pending = resolve(key).then((answer) => {
        if (!closing.signal.aborted) {
          try {
            cache.put(key.key, answer)
          } catch (error) {
            log('warn', 'lookup.cache_write_failed', { key: key.key, error })
          }
        }
        return answer
      }).finally(() => inFlight.delete(key.key))
      inFlight.set(key.key, pending)
    }
    return pending
  }

  async function lookup(ids: string[]): Promise<LookupResponse | { error: string }> {
    const parsed = parseLookupIds(ids)
    if (!parsed.ok) return { error: parsed.error }
    const answers = await Promise.all(parsed.ids.map(({ key }) =>
      key ? answerFor(key) : Promise.resolve<LookupAnswer>({ ok: false, error: 'Not an arXiv id or a DOI.', transient: false })))
    const results: Record<string, LookupAnswer> = Object.create(null)
    parsed.ids.forEach(({ requested }, index) => (results[requested] = answers[index]!))
    return { results }
  }

  function handle(req: IncomingMessage, res: ServerResponse): boolean {
    let url: URL
    try {
      url = new URL(req.url ?? '/', 'http://relay.invalid')
    } catch {
      return false
    }
    if (url.pathname !== LOOKUP_PATH) return false
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { error: 'Use GET.' }, { allow: 'GET, HEAD' })
      return true
    }
    lookup(url.searchParams.getAll('ids')).then(
      (body) => sendJson(res, 'error' in body ? 400 : 200, body),
      (error) => {
        log('error', 'lookup.failed', { error })
        sendJson(res, 500, { error: 'The lookup failed.' })
      },
    )
    return true
  }

  return {
    handle,
    lookup,
    close() {
      closing.abort()
      arxiv.close()
    },
  }
}

function unrefSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref())
}
