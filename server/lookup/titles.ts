/**
 * Finding a paper that was pasted without an identifier, by its title.
 *
 * Order: the cache; then Hugging Face's papers search (cheap, not paced); then arXiv's API by
 * exact title, several titles per paced call (the same gate as the id batches, so the relay
 * as a whole keeps to one arXiv call every 3 s). A hit counts only when `isSamePaper` says so
 * (equal normalised titles, or nearly equal with the same first author). A title found on
 * Hugging Face is then filled through the id lookup (arXiv's record plus the code link), and
 * one found on arXiv gets Hugging Face's code link; either way the answer is a full paper.
 *
 * Answers are cached under `title:<normalised title>|<first author's family name>`: found
 * ones as long as the id lookup's, "not found" for a day; a failure that may pass is not.
 */
import type { LookupAnswer, TitleLookupItem } from '../../src/protocol/lookup.js'
import { parseArxivFeed } from './arxiv.js'
import { arxivTitleSearchUrl, MAX_TITLES_PER_CALL } from './arxivTitle.js'
import type { LookupCache } from './cache.js'
import { hfSearchUrl, parseHfSearch } from './hfSearch.js'
import type { HfExtras } from './huggingFace.js'
import type { WorkQueue } from './limit.js'
import type { Pacer } from './pacer.js'
import { familyName, isSamePaper, normaliseTitle } from './titleMatch.js'
import { CANCELLED, SHUTTING_DOWN, statusError, UpstreamError } from './upstream.js'
import type { UpstreamText } from './upstream.js'

/** What the title resolver uses of the lookup route. */
export interface TitleResolverDeps {
  cache: LookupCache
  /** GET through the guarded upstream client. */
  get: (url: string, source: string, maxBytes: number, signal: AbortSignal) => Promise<UpstreamText>
  /** The arXiv gate shared with the id batches. */
  pacer: Pacer
  /** Hugging Face's bounded, fair queue. */
  hfQueue: WorkQueue
  /** The id lookup (cache, shared in-flight answers, paced arXiv batches). */
  resolveArxiv: (arxivId: string, lane: string, signal: AbortSignal) => Promise<LookupAnswer>
  /** Hugging Face's code link and upvotes for an arXiv id ({} on any failure). */
  hfExtras: (arxivId: string, signal: AbortSignal) => Promise<HfExtras>
  /** How long a found title stays cached. */
  foundTtlMs: number
  /** Most titles waiting for arXiv at once; more get a transient "busy" answer. */
  maxWaiting: number
  /** How long the first waiting title waits for others to join its call (Hugging Face answers trickle in). */
  gatherMs: number
  sleep: (ms: number) => Promise<void>
}

/** Finds papers by title. */
export interface TitleResolver {
  /** The cached answer for `item`, or null. */
  cached(item: TitleLookupItem): LookupAnswer | null
  /** Finds `item` (see the module note); never rejects. */
  resolve(item: TitleLookupItem, lane: string, signal: AbortSignal): Promise<LookupAnswer>
  /** Titles waiting for an arXiv call. */
  readonly waiting: number
  /** Answers waiting titles with a transient error. */
  close(): void
}

/** How long "no paper with this title" is kept: a day (a paper announced today may be listed tomorrow). */
export const TITLE_MISSING_TTL_MS = 24 * 3600_000
/** Largest search answer read from Hugging Face or arXiv. */
const MAX_SEARCH_BYTES = 2 * 1024 * 1024

const NOT_FOUND: LookupAnswer = { ok: false, error: 'No paper with this title was found on Hugging Face or arXiv.', transient: false }

/** The cache key of a title (and first author, which may narrow the match). */
export const titleCacheKey = (item: Pick<TitleLookupItem, 'title' | 'firstAuthor'>): string =>
  `title:${normaliseTitle(item.title)}|${item.firstAuthor ? familyName(item.firstAuthor) : ''}`

interface WaitingTitle {
  item: TitleLookupItem
  signal: AbortSignal
  resolve: (answer: LookupAnswer | null, failure?: string) => void
}

/** Builds the resolver over the lookup route's parts. */
export function makeTitleResolver(deps: TitleResolverDeps): TitleResolver {
  /** Titles waiting for an arXiv call, oldest first; at most `deps.maxWaiting`. */
  const waiting: WaitingTitle[] = []
  let draining = false
  let closed = false

  async function searchHf(item: TitleLookupItem, lane: string, signal: AbortSignal): Promise<{ arxivId: string; hit: LookupAnswer } | null> {
    const { status, body } = await deps.hfQueue.run(lane, signal, (aborted) => deps.get(hfSearchUrl(item.title), 'Hugging Face', MAX_SEARCH_BYTES, aborted))
    if (status !== 200) throw statusError('Hugging Face', status)
    const match = parseHfSearch(body).find((hit) => isSamePaper(item, hit))
    return match ? { arxivId: match.arxivId, hit: { ok: true, paper: match } } : null
  }

  /** Asks arXiv for a batch of titles in one paced call and answers each (null: not there). */
  async function drain(): Promise<void> {
    draining = true
    try {
      while (!closed && waiting.length > 0) {
        await deps.sleep(deps.gatherMs) // titles that reach this step meanwhile join the call
        await deps.pacer.run(async () => {
          const batch = waiting.splice(0, MAX_TITLES_PER_CALL).filter((entry) => {
            if (!entry.signal.aborted) return true
            entry.resolve(null, 'cancelled')
            return false
          })
          if (batch.length === 0 || closed) return batch.forEach((entry) => entry.resolve(null, 'closed'))
          try {
            const { status, body } = await deps.get(arxivTitleSearchUrl(batch.map((entry) => entry.item.title)), 'arXiv', MAX_SEARCH_BYTES, AbortSignal.any(batch.map((entry) => entry.signal)))
            const looksLikeFeed = /<feed[\s>]/.test(body.slice(0, 2_000))
            if (status !== 200 || !looksLikeFeed) throw status !== 200 ? statusError('arXiv', status) : new UpstreamError('arXiv sent no feed.', true, status)
            const feed = parseArxivFeed(body)
            if (!feed.ok) throw new UpstreamError(feed.error, true)
            const papers = [...feed.papers.values()]
            for (const entry of batch) {
              const paper = papers.find((candidate) => isSamePaper(entry.item, { title: candidate.title ?? '', authors: candidate.authors ?? [] }))
              entry.resolve(paper ? { ok: true, paper } : null)
            }
          } catch (error) {
            const message = error instanceof Error ? error.message : 'arXiv could not be asked.'
            batch.forEach((entry) => entry.resolve(null, message))
          }
        })
      }
    } finally {
      draining = false
    }
  }

  function searchArxiv(item: TitleLookupItem, signal: AbortSignal): Promise<LookupAnswer | null> {
    if (closed) return Promise.resolve(SHUTTING_DOWN)
    if (waiting.length >= deps.maxWaiting) throw new UpstreamError('Too many titles are waiting for arXiv; try again in a minute.', true)
    return new Promise((resolve, reject) => {
      waiting.push({
        item,
        signal,
        resolve: (answer, failure) => (failure ? reject(new UpstreamError(failure, true)) : resolve(answer)),
      })
      if (!draining) void drain()
    })
  }

  async function find(item: TitleLookupItem, lane: string, signal: AbortSignal): Promise<LookupAnswer> {
    let failure: string | null = null
    try {
      const found = await searchHf(item, lane, signal)
      if (found) {
        const full = await deps.resolveArxiv(found.arxivId, lane, signal)
        // arXiv's record when it answered; else what Hugging Face knows, which already has the links
        if (full.ok) return { ok: true, paper: { ...found.hit.ok ? found.hit.paper : {}, ...full.paper, codeUrl: full.paper.codeUrl ?? (found.hit.ok ? found.hit.paper.codeUrl : undefined) } }
        return found.hit
      }
    } catch (error) {
      if (signal.aborted) return CANCELLED
      failure = error instanceof Error ? error.message : 'Hugging Face could not be asked.'
    }
    try {
      const paper = await searchArxiv(item, signal)
      if (paper?.ok && paper.paper.arxivId) {
        const extras = await deps.hfExtras(paper.paper.arxivId, signal)
        return { ok: true, paper: { ...paper.paper, ...extras } }
      }
      if (paper) return paper
    } catch (error) {
      if (signal.aborted) return CANCELLED
      failure = error instanceof Error ? error.message : 'arXiv could not be asked.'
    }
    return failure ? { ok: false, error: `The title could not be looked up: ${failure}`, transient: true } : NOT_FOUND
  }

  return {
    cached(item) {
      const value = deps.cache.getJson(titleCacheKey(item)) as LookupAnswer | null
      return value && typeof value === 'object' && typeof value.ok === 'boolean' ? value : null
    },
    async resolve(item, lane, signal) {
      const answer = await find(item, lane, signal)
      if (!signal.aborted && (answer.ok || answer.transient === false)) {
        deps.cache.putJson(titleCacheKey(item), answer, answer.ok ? deps.foundTtlMs : TITLE_MISSING_TTL_MS)
      }
      return answer
    },
    get waiting() {
      return waiting.length
    },
    close() {
      closed = true
      for (const entry of waiting.splice(0)) entry.resolve(null, 'The lookup service is shutting down.')
    },
  }
}
