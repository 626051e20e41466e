/**
 * `GET /api/lookup?ids=arXiv:2401.12345,doi:10.1145/…`: paper details for arXiv ids and DOIs.
 *
 * Data flow: parse and validate ids → answer from the SQLite cache → otherwise one shared
 * in-flight promise per id → arXiv (through the paced, batching queue) plus Hugging Face for
 * code links and upvotes, or Crossref for DOIs → cache → JSON. Every id gets its own answer:
 * an upstream failure is that id's error inside a 200, never a failed request. Only a request
 * that is unusable as a whole (no ids, too many) gets a 400.
 *
 * Bounded and fair: an address may have a few lookups in flight and spends a token per id that
 * needs an upstream call (429 + Retry-After beyond), all addresses together may have at most
 * `maxPendingIds` ids waiting upstream (503 + Retry-After beyond), upstream work is taken in
 * turn across addresses, and a lookup whose client went away stops its queued and running
 * upstream calls unless another client still waits for the same id.
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
import type { CacheTtl, LookupCacheStore } from './cache.js'
import { crossrefWorkUrl, parseCrossrefWork } from './crossref.js'
import { hfPaperUrl, parseHfPaper } from './huggingFace.js'
import type { HfExtras } from './huggingFace.js'
import { parseLookupIds } from './ids.js'
import type { LookupKey } from './ids.js'
import { clientAddress } from '../http/clientAddress.js'
import { DEFAULT_ADMISSION, LookupAdmission } from './admission.js'
import type { AdmissionLimits } from './admission.js'
import { makeWorkQueue } from './limit.js'
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
  db: Database.Database | LookupCacheStore
  /** Upstream HTTP; tests pass one that serves recorded responses. Default: global fetch. */
  fetch?: FetchLike
  /** Clock for pacing, cache expiry and per-address rates. Default `Date.now`. */
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
  /** Take the client address from `X-Forwarded-For` (behind a trusted reverse proxy only). Default false. */
  trustProxy?: boolean
  /** Per-address limits (see `admission.ts`). */
  admission?: Partial<AdmissionLimits>
  /** Ids waiting for an upstream answer, all clients together; a lookup that would pass it gets a 503. Default 1,000. */
  maxPendingIds?: number
  /** Crossref calls at once. Default 3. */
  crossrefConcurrency?: number
  logger?: Logger
}

/** Who asks: the address fairness and limits are keyed on, and a signal that aborts when they stop waiting. */
export interface LookupAsker {
  /** Client address. Default `'local'` (direct calls share one lane). */
  address?: string
  /** Aborts when the client has gone: its queued upstream calls are dropped, running ones aborted if nobody else waits. */
  signal?: AbortSignal
}

/** Why a lookup was not started: the HTTP status, a message for people, and when to ask again. */
export interface LookupRefusal {
  error: string
  status: 400 | 429 | 503
  retryAfterSeconds?: number
}

/** Queue sizes now, for tests and metrics. */
export interface LookupStats {
  /** Ids with an upstream answer under way (waiting or running), all clients together. */
  pendingIds: number
  crossrefWaiting: number
  crossrefRunning: number
  arxivWaiting: number
}

/** The mounted route: `handle` for the HTTP server, `lookup` for direct use, `close` at shutdown. */
export interface LookupRoute {
  /** Handles `GET /api/lookup`; returns false (and does nothing) for any other path. */
  handle: (req: IncomingMessage, res: ServerResponse) => boolean
  /** Answers ids as the HTTP route does; a `LookupRefusal` when the lookup is not started. */
  lookup: (ids: string[], asker?: LookupAsker) => Promise<LookupResponse | LookupRefusal>
  /** Current queue sizes. */
  stats: () => LookupStats
  /** Answers waiting lookups with a transient error and aborts upstream calls. Does not close `db`. */
  close: () => void
}

/** Largest arXiv feed read: 50 entries are ~150 KB, more with big collaborations' author lists. */
const MAX_ARXIV_BYTES = 2 * 1024 * 1024
/** Largest Crossref work read; works with long reference lists run to a few MB. */
const MAX_CROSSREF_BYTES = 8 * 1024 * 1024
/** Largest Hugging Face paper read. */
const MAX_HF_BYTES = 1024 * 1024
/** Default bound on ids waiting upstream across all clients: ~100 s of Crossref work at 3 calls of ~0.3 s. */
const DEFAULT_MAX_PENDING_IDS = 1_000
/** What a client that went away gets for ids still open (never sent; never cached, being transient). */
const CANCELLED: LookupAnswer = { ok: false, error: 'The lookup was cancelled.', transient: true }
const SHUTTING_DOWN: LookupAnswer = { ok: false, error: 'The lookup service is shutting down.', transient: true }
const NOT_AN_ID: LookupAnswer = { ok: false, error: 'Not an arXiv id or a DOI.', transient: false }

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

/** One id's upstream answer under way, shared by every lookup that asks for it. */
interface PendingAnswer {
  promise: Promise<LookupAnswer>
  /** Lookups still waiting for it; at 0 the upstream work is aborted. */
  waiters: number
  controller: AbortController
}

/** Builds the lookup route over `options.db`. */
export function createLookupRoute(options: LookupRouteOptions): LookupRoute {
  const fetchImpl: FetchLike = options.fetch ?? ((url, init) => fetch(url, init))
  const now = options.now ?? Date.now
  const sleep = options.sleep ?? unrefSleep
  const timeoutMs = options.timeoutMs ?? 10_000
  const maxPendingIds = options.maxPendingIds ?? DEFAULT_MAX_PENDING_IDS
  const log: Logger = options.logger ?? silentLogger
  const cache = openLookupCache(options.db, now, { ...DEFAULT_TTL, ...options.ttl })
  const admission = new LookupAdmission({ ...DEFAULT_ADMISSION, ...options.admission }, now)
  const closing = new AbortController()
  /** At most `maxPendingIds` entries: checked before a lookup adds any. */
  const inFlight = new Map<string, PendingAnswer>()
  const headers = { 'user-agent': options.userAgent ?? lookupUserAgent(), accept: '*/*' }
  const get = (url: string, source: string, maxBytes: number, signal: AbortSignal) =>
    getText(url, { fetch: fetchImpl, headers, timeoutMs, maxBytes, source, signal })

  const arxiv = makeArxivQueue({
    now,
    sleep,
    intervalMs: options.arxivIntervalMs,
    maxWaiting: maxPendingIds,
    async fetchBatch(ids) {
      const { status, body } = await get(arxivBatchUrl(ids), 'arXiv', MAX_ARXIV_BYTES, closing.signal)
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
  // Both queues hold at most `maxPendingIds` waiting tasks, as every task belongs to an entry of `inFlight`.
  const hfQueue = makeWorkQueue({ concurrency: 4, maxWaiting: maxPendingIds })
  const crossrefQueue = makeWorkQueue({ concurrency: options.crossrefConcurrency ?? 3, maxWaiting: maxPendingIds })

  async function hfExtras(arxivId: string, signal: AbortSignal): Promise<HfExtras> {
    try {
      const { status, body } = await get(hfPaperUrl(arxivId), 'Hugging Face', MAX_HF_BYTES, signal)
      return status === 200 ? parseHfPaper(body) : {}
    } catch (error) {
      log('debug', 'lookup.hf_failed', { arxivId, error })
      return {}
    }
  }

  async function crossrefWork(doi: string, signal: AbortSignal): Promise<LookupAnswer> {
    const { status, body } = await get(crossrefWorkUrl(doi), 'Crossref', MAX_CROSSREF_BYTES, signal)
    if (status === 404) return { ok: false, error: 'Crossref has no work with this DOI.', transient: false }
    if (status !== 200) throw statusError('Crossref', status)
    const work = parseCrossrefWork(body, doi)
    return work.ok ? { ok: true, paper: work.paper } : { ok: false, error: work.error, transient: false }
  }

  async function resolve(key: LookupKey, lane: string, signal: AbortSignal): Promise<LookupAnswer> {
    try {
      if (key.kind === 'doi') return await crossrefQueue.run(lane, signal, (aborted) => crossrefWork(key.doi, aborted))
      const [answer, extras] = await Promise.all([
        arxiv.request(key.arxivId, { lane, signal }),
        hfQueue.run(lane, signal, (aborted) => hfExtras(key.arxivId, aborted)).catch((): HfExtras => ({})),
      ])
      return answer.ok ? { ok: true, paper: { ...answer.paper, ...extras } } : answer
    } catch (error) {
      if (signal.aborted) return closing.signal.aborted ? SHUTTING_DOWN : CANCELLED
      const transient = !(error instanceof UpstreamError) || error.transient
      const message = error instanceof Error ? error.message : 'The lookup failed.'
      log('warn', 'lookup.upstream_failed', { key: key.key, error: message })
      return { ok: false, error: message, transient }
    }
  }

  /** Joins (or starts) the upstream answer for `key`; the returned `leave` gives up waiting for it. */
  function join(key: LookupKey, lane: string): { promise: Promise<LookupAnswer>; leave: () => void } {
    let entry = inFlight.get(key.key)
    if (!entry) {
      const controller = new AbortController()
      const signal = AbortSignal.any([controller.signal, closing.signal])
      const created: PendingAnswer = { waiters: 0, controller, promise: Promise.resolve(CANCELLED) }
      created.promise = resolve(key, lane, signal).then((answer) => {
        if (!signal.aborted) {
          try {
            cache.put(key.key, answer)
          } catch (error) {
            log('warn', 'lookup.cache_write_failed', { key: key.key, error })
          }
        }
        return answer
      }).finally(() => {
        if (inFlight.get(key.key) === created) inFlight.delete(key.key)
      })
      inFlight.set(key.key, created)
      entry = created
    }
    const joined = entry
    joined.waiters++
    let left = false
    return {
      promise: joined.promise,
      leave() {
        if (left) return
        left = true
        joined.waiters--
        if (joined.waiters > 0 || inFlight.get(key.key) !== joined) return
        inFlight.delete(key.key) // a later ask for this id starts afresh instead of joining aborted work
        joined.controller.abort()
      },
    }
  }

  async function lookup(ids: string[], asker: LookupAsker = {}): Promise<LookupResponse | LookupRefusal> {
    const parsed = parseLookupIds(ids)
    if (!parsed.ok) return { error: parsed.error, status: 400 }
    const address = asker.address ?? 'local'
    const answers: (LookupAnswer | null)[] = parsed.ids.map(({ key }) => (key ? cache.get(key.key) : NOT_AN_ID))
    const upstream = new Set<string>()
    parsed.ids.forEach(({ key }, index) => {
      if (key && !answers[index]) upstream.add(key.key)
    })
    if (upstream.size > 0) {
      const fresh = [...upstream].filter((key) => !inFlight.has(key)).length
      if (inFlight.size + fresh > maxPendingIds) {
        log('warn', 'lookup.busy', { address, pending: inFlight.size })
        return { error: 'The lookup service is busy; try again in 30 seconds.', status: 503, retryAfterSeconds: 30 }
      }
    }
    const admitted = admission.admit(address, upstream.size)
    if (!admitted.ok) {
      const error = admitted.reason === 'rate'
        ? `Too many ids looked up from this address; try again in ${admitted.retryAfterSeconds} s.`
        : 'Too many lookups from this address at once; wait for one to finish.'
      return { error, status: 429, retryAfterSeconds: admitted.retryAfterSeconds }
    }
    const joined: { leave: () => void }[] = []
    const gone = new Promise<LookupAnswer>((resolveGone) => {
      if (asker.signal?.aborted) resolveGone(CANCELLED)
      asker.signal?.addEventListener('abort', () => resolveGone(CANCELLED), { once: true })
    })
    const onAbort = () => joined.forEach((entry) => entry.leave())
    try {
      const waits = parsed.ids.map(({ key }, index) => {
        const known = answers[index]
        if (known || !key) return Promise.resolve(known ?? NOT_AN_ID)
        const entry = join(key, address)
        joined.push(entry)
        return Promise.race([entry.promise, gone])
      })
      asker.signal?.addEventListener('abort', onAbort, { once: true })
      if (asker.signal?.aborted) onAbort()
      const settled = await Promise.all(waits)
      const results: Record<string, LookupAnswer> = Object.create(null)
      parsed.ids.forEach(({ requested }, index) => (results[requested] = settled[index]!))
      return { results }
    } finally {
      asker.signal?.removeEventListener('abort', onAbort)
      admitted.release()
    }
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
    // A client that closes its connection before the answer stops its share of the work.
    const abandoned = new AbortController()
    res.once('close', () => {
      if (!res.writableFinished) abandoned.abort()
    })
    lookup(url.searchParams.getAll('ids'), { address: clientAddress(req, options.trustProxy ?? false), signal: abandoned.signal }).then(
      (body) => {
        if (!('error' in body)) return sendJson(res, 200, body)
        const retry: Record<string, string> = body.retryAfterSeconds ? { 'retry-after': String(body.retryAfterSeconds) } : {}
        sendJson(res, body.status, { error: body.error }, retry)
      },
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
    stats: () => ({
      pendingIds: inFlight.size,
      crossrefWaiting: crossrefQueue.waiting,
      crossrefRunning: crossrefQueue.running,
      arxivWaiting: arxiv.waiting,
    }),
    close() {
      closing.abort()
      arxiv.close()
    },
  }
}

function unrefSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref())
}
