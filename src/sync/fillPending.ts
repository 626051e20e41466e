/**
 * Fills in papers that were added by id only ("details pending") or whose fields are mostly
 * empty, by asking the relay's `/api/lookup`, and papers pasted without any identifier or
 * link, by asking `/api/lookup/titles`; applies the answers with `fillPaperDetails` (which
 * never overwrites a field a member edited by hand, and clears `pending`). When the relay
 * answers that it found nothing, or that its upstream failed, the outcome is stored in the
 * list (`lookupState.ts`) so every member sees why; clearing it (Retry) asks again at once.
 * A title nothing was found for is not asked again until someone retries. It also keeps
 * citation counts (`/api/citations`) of papers with an arXiv id or DOI at most a week old.
 *
 * Any online device may do it; one is enough, because the filled fields sync to the others.
 * To keep devices from all asking at once, each waits a random moment after a change and
 * checks again before asking. Offline, it does nothing. When the relay cannot be reached it
 * retries with exponential backoff; an id the relay could not resolve is asked again later
 * (soon for a transient failure, after an hour for "not found"), never in a tight loop.
 */
import type * as Y from 'yjs'
import type { PaperId } from '../doc/ids.js'
import { isSafeLink } from '../doc/ids.js'
import { fillPaperDetails } from '../doc/ops.js'
import type { PaperInput } from '../doc/ops.js'
import { paperIds, readPaper } from '../doc/queries.js'
import { papersOf, splitKey } from '../doc/schema.js'
import {
  CITATIONS_FRESH_MS, clearLookupOutcomes, isIdentifierId, lookupKind, lookupsOf, needsDetails, readCitations, readLookupOutcome, setCitations, setLookupOutcome,
} from '../doc/lookupState.js'
import { MAX_TITLES_PER_REQUEST } from '../protocol/lookup.js'
import type { CitationAnswer, LookupAnswer, TitleLookupItem } from '../protocol/lookup.js'
import { CITATIONS_PATH, LOOKUP_PATH, TITLE_LOOKUP_PATH, routeUrl } from '../protocol/routes.js'

/** Answers keyed by the ids that were asked for. */
export type LookupResults = Record<string, LookupAnswer>

/**
 * Asks for details of some paper ids (`arxiv:…`, `doi:…`) and of papers found by title
 * (answers keyed by each title's `key`); rejects when the relay cannot answer at all.
 */
export type LookupFn = (ids: string[], titles?: TitleLookupItem[]) => Promise<LookupResults>

/** Asks for citation counts of paper ids; rejects when the relay cannot answer at all. */
export type CitationsFn = (ids: string[]) => Promise<Record<string, CitationAnswer>>

/** What `startFillingPending` needs; only `lookup` is required. */
export interface FillPendingOptions {
  lookup: LookupFn
  /** Citation counts; none are fetched without it. */
  citations?: CitationsFn
  /** Whether the relay is reachable now. Default: `navigator.onLine` where it exists, else true. */
  isOnline?: () => boolean
  /** Subscribes to "may have come online"; returns an unsubscribe. Default: the window's `online` event. */
  onOnlineChange?: (listener: () => void) => () => void
  /** Most ids per request; the relay accepts up to 50. */
  batchSize?: number
  /** Wait after a change before asking, so a burst of adds is one request. Default 500 ms. */
  settleMs?: number
  /** Extra random wait (0…this), so several online devices rarely ask for the same paper. Default 3 s. */
  jitterMs?: number
  /** First retry delay after a failure; doubles per failure up to `retryMaxMs`. Default 5 s. */
  retryBaseMs?: number
  /** Longest retry delay. Default 5 minutes. */
  retryMaxMs?: number
  /** When to ask again about an id the relay reported as unknown upstream. Default 1 hour. */
  missingRetryMs?: number
  /** Told about failed lookups (for logs); never required. */
  onError?: (error: unknown) => void
  now?: () => number
  random?: () => number
}

/** The running filler. */
export interface PendingFiller {
  /** Runs one pass now (ignoring the settle delay) and resolves when it is done. */
  fillNow(): Promise<void>
  /** Stops watching; an answer arriving later is dropped. */
  destroy(): void
}

/** Most ids `/api/lookup` takes in one request. */
export const LOOKUP_BATCH = 50
/** While offline, how often to look again whether we are online (no network is used to check). */
const OFFLINE_RECHECK_MS = 30_000

/**
 * Watches `doc` and fills papers that need details whenever this device is online. Start it
 * only where the list is writable: the relay drops edits from a read-only link.
 * @example
 * const filler = startFillingPending(doc, { lookup: makeHttpLookup(location.origin), isOnline: () => connection() === 'synced' })
 */
export function startFillingPending(doc: Y.Doc, options: FillPendingOptions): PendingFiller {
  const isOnline = options.isOnline ?? defaultIsOnline
  const batchSize = Math.max(1, Math.min(LOOKUP_BATCH, options.batchSize ?? LOOKUP_BATCH))
  const settleMs = options.settleMs ?? 500
  const jitterMs = options.jitterMs ?? 3_000
  const retryBaseMs = options.retryBaseMs ?? 5_000
  const retryMaxMs = options.retryMaxMs ?? 5 * 60_000
  const missingRetryMs = options.missingRetryMs ?? 3600_000
  const now = options.now ?? Date.now
  const random = options.random ?? Math.random
  /** Per id: earliest time to ask again; Infinity once answered (until the app reloads). */
  const notBefore = new Map<PaperId, number>()
  const idFailures = new Map<PaperId, number>()
  let failures = 0
  let blockedUntil = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let timerAt = Infinity
  let running: Promise<void> | null = null
  let destroyed = false

  const backoff = (count: number) => Math.min(retryMaxMs, retryBaseMs * 2 ** Math.max(0, count - 1)) * (0.75 + random() * 0.5)

  function schedule(delay: number): void {
    if (destroyed) return
    const at = now() + Math.max(0, delay)
    if (timer !== undefined && timerAt <= at) return
    clearTimeout(timer)
    timerAt = at
    timer = setTimeout(() => {
      timer = undefined
      timerAt = Infinity
      void pass()
    }, Math.max(0, delay))
  }

  /** Ids known to need details, kept up to date from the changed keys of each transaction. */
  const wanting = new Set<PaperId>()
  function recheck(id: PaperId): void {
    const paper = readPaper(doc, id)
    // a title nothing was found for waits for a member's Retry (clearing the outcome)
    const gaveUp = !!paper && lookupKind(paper) === 'title' && readLookupOutcome(doc, id)?.status === 'notFound'
    if (paper && needsDetails(paper) && !gaveUp) wanting.add(id)
    else wanting.delete(id)
  }
  for (const id of paperIds(doc)) recheck(id)
  /** Papers whose citation count was asked for in this session (at most once per id per session, bounded by the list). */
  const citationsAsked = new Set<PaperId>()

  function candidates(): PaperId[] {
    const time = now()
    return [...wanting].filter((id) => (notBefore.get(id) ?? 0) <= time).sort()
  }

  /** When the next id that still needs details becomes due again. */
  function nextDue(): number {
    let next = Infinity
    for (const id of wanting) next = Math.min(next, notBefore.get(id) ?? 0)
    return next
  }

  async function runPass(force: boolean): Promise<void> {
    if (destroyed) return
    const due = candidates()
    const ids = due.filter(isIdentifierId).slice(0, batchSize)
    const titles: TitleLookupItem[] = []
    for (const id of due) {
      if (titles.length >= Math.min(batchSize, MAX_TITLES_PER_REQUEST)) break
      const paper = isIdentifierId(id) ? null : readPaper(doc, id)
      if (paper) titles.push({ key: id, title: paper.title, ...(paper.authors[0] ? { firstAuthor: paper.authors[0] } : {}) })
    }
    const batch = [...ids, ...titles.map((title) => title.key as PaperId)]
    if (batch.length === 0) return void (await fillCitations())
    if (!isOnline()) return schedule(OFFLINE_RECHECK_MS)
    if (!force && now() < blockedUntil) return schedule(blockedUntil - now())
    let results: LookupResults
    try {
      results = await options.lookup(ids, titles.length ? titles : undefined)
    } catch (error) {
      if (destroyed) return
      failures++
      const delay = backoff(failures)
      blockedUntil = now() + delay
      options.onError?.(error)
      schedule(delay)
      return
    }
    if (destroyed) return
    failures = 0
    blockedUntil = 0
    for (const id of batch) applyAnswer(id, toAnswer(results[id]))
    const next = nextDue()
    if (next !== Infinity) schedule(next - now())
    await fillCitations()
  }

  /** Asks for citation counts missing or older than a week (at most one batch per pass). */
  async function fillCitations(): Promise<void> {
    if (!options.citations || destroyed || !isOnline()) return
    const time = now()
    const ids: PaperId[] = []
    /** The id each paper's count is asked under, in `ids` order. */
    const asked: string[] = []
    // bounded by the list's papers; stops at one batch
    for (const id of paperIds(doc)) {
      if (ids.length >= batchSize) break
      if (citationsAsked.has(id)) continue
      const paper = readPaper(doc, id)
      if (!paper || paper.deletedAt || !(paper.arxivId || paper.doi)) continue
      const known = readCitations(doc, id)
      // a count dated in the future (a peer's clock, or a hostile peer) is stale, not fresh for ever
      if (known && known.at <= time && time - known.at < CITATIONS_FRESH_MS) continue
      ids.push(id)
      asked.push(isIdentifierId(id) ? id : paper.arxivId ? `arxiv:${paper.arxivId}` : `doi:${paper.doi}`)
    }
    if (ids.length === 0) return
    ids.forEach((id) => citationsAsked.add(id))
    try {
      const results = await options.citations(asked)
      if (destroyed) return
      ids.forEach((id, index) => {
        const answer = results[asked[index]!]
        if (answer?.ok && typeof answer.citations === 'number') setCitations(doc, id, answer.citations, now())
      })
    } catch (error) {
      options.onError?.(error) // failures hide the figure; asked again next session
    }
  }

  /** Stores why a lookup found nothing, unless the same reason is already stored. */
  function recordOutcome(id: PaperId, status: 'notFound' | 'unavailable', message: string): void {
    const stored = readLookupOutcome(doc, id)
    if (stored?.status === status && stored.message === message) return
    try {
      setLookupOutcome(doc, id, { status, message, at: now() })
    } catch (error) {
      options.onError?.(error)
    }
  }

  function applyAnswer(id: PaperId, answer: LookupAnswer | null): void {
    if (answer?.ok) {
      notBefore.set(id, Infinity)
      idFailures.delete(id)
      try {
        fillPaperDetails(doc, id, answer.paper)
        clearLookupOutcomes(doc, [id])
      } catch (error) {
        options.onError?.(error)
      }
      return
    }
    if (answer && answer.transient === false) {
      notBefore.set(id, now() + missingRetryMs)
      recordOutcome(id, 'notFound', answer.error)
      return
    }
    if (answer) recordOutcome(id, 'unavailable', answer.error)
    const count = (idFailures.get(id) ?? 0) + 1
    idFailures.set(id, count)
    notBefore.set(id, now() + backoff(count))
  }

  function pass(force = false): Promise<void> {
    if (running) return running
    running = runPass(force).finally(() => (running = null))
    return running
  }

  const onPapersChanged = (event: Y.YMapEvent<unknown>) => {
    let wanted = false
    for (const key of event.keysChanged) {
      const [field, id] = splitKey(key)
      recheck(id)
      wanted ||= wanting.has(id) || (!!options.citations && (field === 'arxivId' || field === 'doi') && !citationsAsked.has(id))
    }
    if (wanted) schedule(settleMs + random() * jitterMs)
  }
  // a cleared outcome is a member's Retry: ask again soon, whatever the backoff said
  const onLookupsChanged = (event: Y.YMapEvent<unknown>) => {
    let retried = false
    for (const key of event.keysChanged) {
      const [kind, id] = splitKey(key)
      if (kind !== 'outcome' || lookupsOf(doc).has(key)) continue
      notBefore.delete(id)
      idFailures.delete(id)
      recheck(id)
      retried ||= wanting.has(id)
    }
    if (retried) {
      blockedUntil = 0
      schedule(settleMs)
    }
  }
  const onOnline = () => schedule(settleMs)
  papersOf(doc).observe(onPapersChanged)
  lookupsOf(doc).observe(onLookupsChanged)
  const unsubscribeOnline = (options.onOnlineChange ?? defaultOnOnlineChange)(onOnline)
  if (wanting.size > 0 || options.citations) schedule(settleMs + random() * jitterMs)

  return {
    async fillNow() {
      if (running) await running
      await pass(true)
    },
    destroy() {
      destroyed = true
      clearTimeout(timer)
      timer = undefined
      papersOf(doc).unobserve(onPapersChanged)
      lookupsOf(doc).unobserve(onLookupsChanged)
      unsubscribeOnline()
    },
  }
}

/**
 * A lookup over HTTP: `GET <baseUrl>/api/lookup?ids=…`. Rejects on a network failure, a
 * timeout or a non-200 answer; validates the body, so a bad answer is never applied.
 */
export function makeHttpLookup(
  baseUrl: string,
  options: { fetch?: typeof fetch; timeoutMs?: number } = {},
): LookupFn {
  const fetchImpl = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init))
  const timeoutMs = options.timeoutMs ?? 60_000
  const endpoint = routeUrl(baseUrl, LOOKUP_PATH)
  const titleEndpoint = routeUrl(baseUrl, TITLE_LOOKUP_PATH)
  const read = async (response: Response, keys: string[], answers: LookupResults) => {
    if (response.status !== 200) throw new Error(`The lookup failed (HTTP ${response.status}).`)
    const body = (await response.json()) as unknown
    const results = isRecord(body) && isRecord(body.results) ? body.results : null
    if (!results) throw new Error('The lookup sent an unexpected answer.')
    for (const key of keys) {
      const answer = toAnswer(results[key])
      if (answer) answers[key] = answer
    }
  }
  return async (ids, titles = []) => {
    const answers: LookupResults = {}
    const signal = AbortSignal.timeout(timeoutMs)
    await Promise.all([
      ids.length
        ? fetchImpl(`${endpoint}?ids=${ids.map(encodeURIComponent).join(',')}`, { headers: { accept: 'application/json' }, signal }).then((response) => read(response, ids, answers))
        : null,
      titles.length
        ? fetchImpl(titleEndpoint, {
          method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify({ titles }), signal,
        }).then((response) => read(response, titles.map((title) => title.key), answers))
        : null,
    ])
    return answers
  }
}

/** Citation counts over HTTP: `GET <baseUrl>/api/citations?ids=…`; rejects on a failure or a non-200 answer. */
export function makeHttpCitations(baseUrl: string, options: { fetch?: typeof fetch; timeoutMs?: number } = {}): CitationsFn {
  const fetchImpl = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init))
  const endpoint = routeUrl(baseUrl, CITATIONS_PATH)
  return async (ids) => {
    const response = await fetchImpl(`${endpoint}?ids=${ids.map(encodeURIComponent).join(',')}`, {
      headers: { accept: 'application/json' }, signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    })
    if (response.status !== 200) throw new Error(`The citation lookup failed (HTTP ${response.status}).`)
    const body = (await response.json()) as unknown
    const results = isRecord(body) && isRecord(body.results) ? body.results : {}
    const answers: Record<string, CitationAnswer> = {}
    for (const id of ids) {
      const raw = results[id]
      if (isRecord(raw) && raw.ok === true && typeof raw.citations === 'number' && Number.isInteger(raw.citations) && raw.citations >= 0) {
        answers[id] = { ok: true, citations: raw.citations }
      }
    }
    return answers
  }
}

/** Checks one answer from the network; keeps only well-typed fields and http(s) links. */
function toAnswer(raw: unknown): LookupAnswer | null {
  if (!isRecord(raw)) return null
  if (raw.ok === false) {
    return { ok: false, error: typeof raw.error === 'string' ? raw.error.slice(0, 500) : 'Lookup failed.', transient: raw.transient !== false }
  }
  if (raw.ok !== true || !isRecord(raw.paper)) return null
  const source = raw.paper
  const paper: PaperInput = {}
  for (const field of ['title', 'abstract', 'arxivId', 'doi', 'published', 'venue'] as const) {
    const value = source[field]
    if (typeof value === 'string') paper[field] = value
  }
  for (const field of ['url', 'pdfUrl', 'codeUrl'] as const) {
    const value = source[field]
    if (typeof value === 'string' && isSafeLink(value.trim())) paper[field] = value.trim()
  }
  if (Array.isArray(source.authors)) paper.authors = source.authors.filter((name): name is string => typeof name === 'string')
  for (const field of ['upvotes', 'authorCount'] as const) {
    const value = source[field]
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) paper[field] = value
  }
  return { ok: true, paper }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

function defaultIsOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine !== false
}

function defaultOnOnlineChange(listener: () => void): () => void {
  if (typeof window === 'undefined' || typeof window.addEventListener !== 'function') return () => {}
  window.addEventListener('online', listener)
  return () => window.removeEventListener('online', listener)
}
