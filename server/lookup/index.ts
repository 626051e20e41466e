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
import type { CacheTtl, LookupCache, LookupCacheStore } from './cache.js'
import { crossrefWorkUrl, parseCrossrefWork } from './crossref.js'
import { hfPaperUrl, parseHfPaper } from './huggingFace.js'
import type { HfExtras } from './huggingFace.js'
import { parseLookupIds } from './ids.js'
import type { LookupKey } from './ids.js'
import { clientAddress } from '../http/clientAddress.js'
import { DEFAULT_ADMISSION, LookupAdmission } from './admission.js'
import type { AdmissionLimits } from './admission.js'
import { makeWorkQueue } from './limit.js'
import { MAX_TITLES_PER_REQUEST } from '../../src/protocol/lookup.js'
import type { CitationAnswer, CitationResponse, LookupAnswer, LookupMiss, LookupResponse, TitleLookupItem } from '../../src/protocol/lookup.js'
import { CITATIONS_PATH, LOOKUP_PATH, TITLE_LOOKUP_PATH } from '../../src/protocol/routes.js'
import { FIELD_LIMITS } from '../../src/doc/limits.js'
import { upstreamAccess } from './access.js'
import type { UpstreamAccessOptions } from './access.js'
import { readJsonBody } from './body.js'
import { makePacer } from './pacer.js'
import { citationUrl, parseCitationCount } from './semanticScholar.js'
import { makeTitleResolver, titleCacheKey } from './titles.js'
import { CANCELLED, SHUTTING_DOWN, statusError, UpstreamError } from './upstream.js'

export type { LookupAnswer, LookupHit, LookupMiss, LookupResponse } from '../../src/protocol/lookup.js'
export { MAX_IDS_PER_REQUEST } from './ids.js'

/** The paths this route answers. */
export { CITATIONS_PATH, LOOKUP_PATH, TITLE_LOOKUP_PATH }
export { upstreamBasesFromEnv, rebaseFetch } from './bases.js'
export { lookupUserAgent } from './access.js'
export type { UpstreamBases } from './bases.js'

/** Everything the route needs; only `db` is required. */
export interface LookupRouteOptions extends UpstreamAccessOptions {
  /** Database holding the `lookup_cache` table (created if missing). The caller closes it. */
  db: Database.Database | LookupCacheStore
  /** Clock for pacing, cache expiry and per-address rates. Default `Date.now`. */
  now?: () => number
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
  /** Least gap between Semantic Scholar calls (its public pool is shared). Default 1 s. */
  citationIntervalMs?: number
  /** How long a title waiting for arXiv waits for more titles to share its call. Default 250 ms. */
  titleGatherMs?: number
  /** How long a citation count stays cached. Default a week. */
  citationTtlMs?: number
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
  /** Titles waiting for an arXiv title search. */
  titlesWaiting: number
}

/** The mounted route: `handle` for the HTTP server, `lookup` for direct use, `close` at shutdown. */
export interface LookupRoute {
  /** Handles `GET /api/lookup`, `POST /api/lookup/titles` and `GET /api/citations`; returns false (and does nothing) for any other path. */
  handle: (req: IncomingMessage, res: ServerResponse) => boolean
  /** Answers ids as the HTTP route does; a `LookupRefusal` when the lookup is not started. */
  lookup: (ids: string[], asker?: LookupAsker) => Promise<LookupResponse | LookupRefusal>
  /** Finds papers by title (answers keyed by each item's `key`); a `LookupRefusal` when not started. */
  lookupTitles: (items: TitleLookupItem[], asker?: LookupAsker) => Promise<LookupResponse | LookupRefusal>
  /** Citation counts for arXiv ids and DOIs; a `LookupRefusal` when not started. */
  citations: (ids: string[], asker?: LookupAsker) => Promise<CitationResponse | LookupRefusal>
  /** Upstream calls made so far, per upstream gate (for figures and tests). */
  calls: () => { arxiv: number; semanticScholar: number }
  /** Current queue sizes. */
  stats: () => LookupStats
  /** The route's keyed cache, for other routes that keep their answers beside it (the feeds route). */
  cache: LookupCache
  /** Answers waiting lookups with a transient error and aborts upstream calls. Does not close `db`. */
  close: () => void
}

/** Largest arXiv feed read: 50 entries are ~150 KB, more with big collaborations' author lists. */
const MAX_ARXIV_BYTES = 2 * 1024 * 1024
/** Largest Crossref work read; works with long reference lists run to a few MB. */
const MAX_CROSSREF_BYTES = 8 * 1024 * 1024
/** Largest Hugging Face paper read. */
const MAX_HF_BYTES = 1024 * 1024
/** Largest Semantic Scholar answer read (a count and an id: tiny). */
const MAX_S2_BYTES = 64 * 1024
/** Largest title-lookup request body: 50 titles of 1,000 characters with keys and authors fit. */
const MAX_TITLE_BODY_BYTES = 256 * 1024
/** Citation counts stay a week (they change slowly); an id Semantic Scholar lacks, a day. */
const DEFAULT_CITATION_TTL_MS = 7 * 24 * 3600_000
const CITATION_MISSING_TTL_MS = 24 * 3600_000
/** Default bound on ids waiting upstream across all clients: ~100 s of Crossref work at 3 calls of ~0.3 s. */
const DEFAULT_MAX_PENDING_IDS = 1_000
const NOT_AN_ID: LookupMiss = { ok: false, error: 'Not an arXiv id or a DOI.', transient: false }

/** Opens (or creates, with its folder) a SQLite file for the lookup cache, in WAL mode. `:memory:` works too. */
export function openLookupDatabase(file: string): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('busy_timeout = 5000')
  return db
}

/** Upstream work under way (an id's or a title's answer), shared by every lookup that asks for it. */
interface PendingWork<T> {
  promise: Promise<T>
  /** Lookups still waiting for it; at 0 the upstream work is aborted. */
  waiters: number
  controller: AbortController
}

/** Builds the lookup route over `options.db`. */
export function createLookupRoute(options: LookupRouteOptions): LookupRoute {
  const { get, sleep } = upstreamAccess(options)
  const now = options.now ?? Date.now
  const maxPendingIds = options.maxPendingIds ?? DEFAULT_MAX_PENDING_IDS
  const log: Logger = options.logger ?? silentLogger
  const citationTtlMs = options.citationTtlMs ?? DEFAULT_CITATION_TTL_MS
  const cache = openLookupCache(options.db, now, { ...DEFAULT_TTL, ...options.ttl })
  const admission = new LookupAdmission({ ...DEFAULT_ADMISSION, ...options.admission }, now)
  const closing = new AbortController()
  /** At most `maxPendingIds` entries: checked before a lookup adds any. */
  const inFlight = new Map<string, PendingWork<LookupAnswer>>()

  // one gate for every arXiv call (id batches and title searches): one call per 3 s relay-wide
  const arxivPacer = makePacer({ intervalMs: options.arxivIntervalMs ?? 3_000, now, sleep })
  const s2Pacer = makePacer({ intervalMs: options.citationIntervalMs ?? 1_000, now, sleep })
  const arxiv = makeArxivQueue({
    now,
    sleep,
    pacer: arxivPacer,
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

  /**
   * Joins (or starts) shared work for `key` in `table`; the caller leaves when its asker goes.
   * The last to leave aborts the work and drops its entry, so a later ask starts afresh
   * instead of joining aborted work.
   */
  function shared<T>(table: Map<string, PendingWork<T>>, key: string, start: (signal: AbortSignal) => Promise<T>): { promise: Promise<T>; leave: () => void } {
    let entry = table.get(key)
    if (!entry) {
      const controller = new AbortController()
      const created: PendingWork<T> = { waiters: 0, controller, promise: start(AbortSignal.any([controller.signal, closing.signal])) }
      created.promise = created.promise.finally(() => {
        if (table.get(key) === created) table.delete(key)
      })
      table.set(key, created)
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
        if (--joined.waiters > 0 || table.get(key) !== joined) return
        table.delete(key)
        joined.controller.abort()
      },
    }
  }

  /** Joins (or starts) the upstream answer for `key`, cached once it arrives; the returned `leave` gives up waiting for it. */
  function join(key: LookupKey, lane: string): { promise: Promise<LookupAnswer>; leave: () => void } {
    return shared(inFlight, key.key, (signal) => resolve(key, lane, signal).then((answer) => {
      if (!signal.aborted) {
        try {
          cache.put(key.key, answer)
        } catch (error) {
          log('warn', 'lookup.cache_write_failed', { key: key.key, error })
        }
      }
      return answer
    }))
  }

  /** One arXiv id's answer: the cache, else the shared in-flight answer (left when `signal` aborts). */
  async function answerForArxiv(arxivId: string, lane: string, signal: AbortSignal): Promise<LookupAnswer> {
    const key: LookupKey = { kind: 'arxiv', arxivId, key: `arxiv:${arxivId}` }
    const cached = cache.get(key.key)
    if (cached) return cached
    const entry = join(key, lane)
    const onAbort = () => entry.leave()
    signal.addEventListener('abort', onAbort, { once: true })
    try {
      return await entry.promise
    } finally {
      signal.removeEventListener('abort', onAbort)
    }
  }

  const titles = makeTitleResolver({
    cache,
    get,
    pacer: arxivPacer,
    hfQueue,
    resolveArxiv: answerForArxiv,
    hfExtras: (arxivId, signal) => hfExtras(arxivId, signal),
    foundTtlMs: options.ttl?.foundMs ?? DEFAULT_TTL.foundMs,
    maxWaiting: maxPendingIds,
    gatherMs: options.titleGatherMs ?? 250,
    sleep,
  })
  /** Title answers under way, shared by every asker of the same title; at most `maxPendingIds`. */
  const titlesInFlight = new Map<string, PendingWork<LookupAnswer>>()
  /** Citation answers under way, shared likewise; at most `maxPendingIds`. */
  const citationsInFlight = new Map<string, Promise<CitationAnswer>>()

  /** Admission and the relay-wide bound for `fresh` new upstream items; a refusal, or the release to call when done. */
  function admit(address: string, upstreamCount: number, fresh: number, pending: number): LookupRefusal | { release: () => void } {
    if (upstreamCount > 0 && pending + fresh > maxPendingIds) {
      log('warn', 'lookup.busy', { address, pending })
      return { error: 'The lookup service is busy; try again in 30 seconds.', status: 503, retryAfterSeconds: 30 }
    }
    const admitted = admission.admit(address, upstreamCount)
    if (admitted.ok) return admitted
    const error = admitted.reason === 'rate'
      ? `Too many ids looked up from this address; try again in ${admitted.retryAfterSeconds} s.`
      : 'Too many lookups from this address at once; wait for one to finish.'
    return { error, status: 429, retryAfterSeconds: admitted.retryAfterSeconds }
  }

  /** Waits for every promise, each cut short by `asker.signal` (then `CANCELLED`). */
  function untilGone<T>(asker: LookupAsker, waits: Promise<T>[], cancelled: T): Promise<T[]> {
    const gone = new Promise<T>((resolveGone) => {
      if (asker.signal?.aborted) resolveGone(cancelled)
      asker.signal?.addEventListener('abort', () => resolveGone(cancelled), { once: true })
    })
    return Promise.all(waits.map((wait) => Promise.race([wait, gone])))
  }

  async function lookupTitles(items: TitleLookupItem[], asker: LookupAsker = {}): Promise<LookupResponse | LookupRefusal> {
    if (items.length === 0 || items.length > MAX_TITLES_PER_REQUEST) return { error: `Send 1 to ${MAX_TITLES_PER_REQUEST} titles.`, status: 400 }
    const address = asker.address ?? 'local'
    const known = items.map((item) => titles.cached(item))
    const upstream = new Set(items.filter((_, index) => !known[index]).map(titleCacheKey))
    const fresh = [...upstream].filter((key) => !titlesInFlight.has(key)).length
    const admitted = admit(address, upstream.size, fresh, titlesInFlight.size)
    if ('error' in admitted) return admitted
    const joined: { leave: () => void }[] = []
    const onAbort = () => joined.forEach((entry) => entry.leave())
    try {
      const waits = items.map((item, index) => {
        if (known[index]) return Promise.resolve(known[index]!)
        const entry = shared(titlesInFlight, titleCacheKey(item), (signal) => titles.resolve(item, address, signal))
        joined.push(entry)
        return entry.promise
      })
      asker.signal?.addEventListener('abort', onAbort, { once: true })
      if (asker.signal?.aborted) onAbort()
      const settled = await untilGone(asker, waits, CANCELLED)
      const results: Record<string, LookupAnswer> = Object.create(null)
      items.forEach((item, index) => (results[item.key] = settled[index]!))
      return { results }
    } finally {
      asker.signal?.removeEventListener('abort', onAbort)
      admitted.release()
    }
  }

  async function fetchCitations(key: LookupKey): Promise<CitationAnswer> {
    try {
      const { status, body } = await s2Pacer.run(() => get(citationUrl(key), 'Semantic Scholar', MAX_S2_BYTES, closing.signal))
      if (status === 404) return { ok: false, error: 'Semantic Scholar does not know this paper.', transient: false }
      if (status !== 200) throw statusError('Semantic Scholar', status)
      const citations = parseCitationCount(body)
      return citations === null ? { ok: false, error: 'Semantic Scholar sent no citation count.', transient: true } : { ok: true, citations }
    } catch (error) {
      const message = error instanceof Error ? error.message : 'Semantic Scholar could not be asked.'
      return { ok: false, error: message, transient: !(error instanceof UpstreamError) || error.transient }
    }
  }

  async function citations(ids: string[], asker: LookupAsker = {}): Promise<CitationResponse | LookupRefusal> {
    const parsed = parseLookupIds(ids)
    if (!parsed.ok) return { error: parsed.error, status: 400 }
    const address = asker.address ?? 'local'
    const cachedAnswer = (key: LookupKey): CitationAnswer | null => {
      const value = cache.getJson(`citations:${key.key}`) as CitationAnswer | null
      return value && typeof value === 'object' && typeof value.ok === 'boolean' ? value : null
    }
    const known = parsed.ids.map(({ key }): CitationAnswer | null => (key ? cachedAnswer(key) : NOT_AN_ID))
    const upstream = new Set(parsed.ids.filter((_, index) => !known[index]).map(({ key }) => key!.key))
    const fresh = [...upstream].filter((key) => !citationsInFlight.has(key)).length
    const admitted = admit(address, upstream.size, fresh, citationsInFlight.size)
    if ('error' in admitted) return admitted
    try {
      const waits = parsed.ids.map(({ key }, index) => {
        if (known[index] || !key) return Promise.resolve(known[index] ?? NOT_AN_ID)
        let promise = citationsInFlight.get(key.key)
        if (!promise) {
          const started = fetchCitations(key).then((answer) => {
            if (answer.ok || answer.transient === false) {
              cache.putJson(`citations:${key.key}`, answer, answer.ok ? citationTtlMs : CITATION_MISSING_TTL_MS)
            }
            return answer
          }).finally(() => citationsInFlight.delete(key.key))
          citationsInFlight.set(key.key, started)
          promise = started
        }
        return promise
      })
      const settled = await untilGone<CitationAnswer>(asker, waits, CANCELLED)
      const results: Record<string, CitationAnswer> = Object.create(null)
      parsed.ids.forEach(({ requested }, index) => (results[requested] = settled[index]!))
      return { results }
    } finally {
      admitted.release()
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

  /** Sends a lookup's answer, or its refusal with the status and Retry-After it carries. */
  function reply(res: ServerResponse, answer: Promise<object>): void {
    answer.then(
      (body) => {
        if (!('error' in body)) return sendJson(res, 200, body)
        const refusal = body as LookupRefusal
        const retry: Record<string, string> = refusal.retryAfterSeconds ? { 'retry-after': String(refusal.retryAfterSeconds) } : {}
        sendJson(res, refusal.status, { error: refusal.error }, retry)
      },
      (error) => {
        log('error', 'lookup.failed', { error })
        sendJson(res, 500, { error: 'The lookup failed.' })
      },
    )
  }

  function handle(req: IncomingMessage, res: ServerResponse): boolean {
    let url: URL
    try {
      url = new URL(req.url ?? '/', 'http://relay.invalid')
    } catch {
      return false
    }
    const path = url.pathname
    if (path !== LOOKUP_PATH && path !== TITLE_LOOKUP_PATH && path !== CITATIONS_PATH) return false
    const method = path === TITLE_LOOKUP_PATH ? 'POST' : 'GET'
    if (req.method !== method && !(method === 'GET' && req.method === 'HEAD')) {
      sendJson(res, 405, { error: `Use ${method}.` }, { allow: method === 'GET' ? 'GET, HEAD' : 'POST' })
      return true
    }
    // A client that closes its connection before the answer stops its share of the work.
    const abandoned = new AbortController()
    res.once('close', () => {
      if (!res.writableFinished) abandoned.abort()
    })
    const asker: LookupAsker = { address: clientAddress(req, options.trustProxy ?? false), signal: abandoned.signal }
    if (path === LOOKUP_PATH) reply(res, lookup(url.searchParams.getAll('ids'), asker))
    else if (path === CITATIONS_PATH) reply(res, citations(url.searchParams.getAll('ids'), asker))
    else {
      reply(res, readJsonBody(req, MAX_TITLE_BODY_BYTES).then((body) => {
        if (!body.ok) return { error: body.error, status: 400 } satisfies LookupRefusal
        const items = titleItems(body.value)
        return items ? lookupTitles(items, asker) : ({ error: 'Send { "titles": [{ "key", "title", "firstAuthor"? }] }.', status: 400 } satisfies LookupRefusal)
      }))
    }
    return true
  }

  return {
    handle,
    lookup,
    lookupTitles,
    citations,
    cache,
    calls: () => ({ arxiv: arxivPacer.calls, semanticScholar: s2Pacer.calls }),
    stats: () => ({
      titlesWaiting: titles.waiting,
      pendingIds: inFlight.size,
      crossrefWaiting: crossrefQueue.waiting,
      crossrefRunning: crossrefQueue.running,
      arxivWaiting: arxiv.waiting,
    }),
    close() {
      closing.abort()
      arxiv.close()
      titles.close()
    },
  }
}

/** The titles of a request body, checked and clamped; null when the body has the wrong shape. */
function titleItems(value: unknown): TitleLookupItem[] | null {
  const list = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as { titles?: unknown }).titles : null
  if (!Array.isArray(list)) return null
  if (list.length > MAX_TITLES_PER_REQUEST) return []
  const items: TitleLookupItem[] = []
  const seen = new Set<string>()
  for (const raw of list) {
    if (raw === null || typeof raw !== 'object') return null
    const { key, title, firstAuthor } = raw as Record<string, unknown>
    if (typeof key !== 'string' || !key || key.length > FIELD_LIMITS.paperId || typeof title !== 'string' || !title.trim()) return null
    if (seen.has(key)) continue
    seen.add(key)
    const item: TitleLookupItem = { key, title: title.slice(0, FIELD_LIMITS.title) }
    if (typeof firstAuthor === 'string' && firstAuthor.trim()) item.firstAuthor = firstAuthor.slice(0, FIELD_LIMITS.authorName)
    items.push(item)
  }
  return items
}
