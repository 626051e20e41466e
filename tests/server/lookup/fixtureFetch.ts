/**
 * A `fetch` for lookup tests that never touches the network: it answers arXiv, Crossref and
 * Hugging Face URLs with the recorded responses in `tests/fixtures/lookup/`, and records every
 * call (URL and the test clock's time) so tests can count and space upstream calls.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const FIXTURES = fileURLToPath(new URL('../../fixtures/lookup/', import.meta.url))

/** Reads a fixture file as text. */
export const fixture = (name: string): string => readFileSync(FIXTURES + name, 'utf8')

/** A canned upstream answer. */
export interface Reply {
  status: number
  file: string
  type?: string
}

/** One upstream call the fake saw. */
export interface Call {
  url: string
  at: number
  userAgent: string
}

/** Ids the recorded arXiv batch feed covers (two papers and one id arXiv does not have). */
export const BATCH_IDS = ['2106.09685', 'hep-th/9711200', '2401.99999']

/** Overrides per upstream; a function gets the URL and picks the reply. */
export interface FixtureRoutes {
  arxiv?: (ids: string[]) => Reply
  crossref?: (doi: string) => Reply
  hf?: (arxivId: string) => Reply
}

const defaultArxiv = (ids: string[]): Reply =>
  ids.some((id) => BATCH_IDS.slice(0, 2).includes(id))
    ? { status: 200, file: 'arxiv-batch.xml', type: 'application/atom+xml; charset=utf-8' }
    : { status: 200, file: 'arxiv-empty.xml', type: 'application/atom+xml; charset=utf-8' }
const defaultCrossref = (doi: string): Reply =>
  doi === '10.1145/3442188.3445922'
    ? { status: 200, file: 'crossref-work.json', type: 'application/json' }
    : { status: 404, file: 'crossref-not-found.txt', type: 'text/plain' }
const defaultHf = (arxivId: string): Reply =>
  arxivId === '2106.09685'
    ? { status: 200, file: 'hf-paper.json', type: 'application/json; charset=utf-8' }
    : { status: 404, file: 'hf-not-found.json', type: 'application/json; charset=utf-8' }

/** Builds the fake fetch; `now` stamps each call (a test clock, or Date.now). */
export function makeFixtureFetch(routes: FixtureRoutes = {}, now: () => number = Date.now) {
  const calls: Call[] = []
  const fetch = async (url: string, init?: { headers?: Record<string, string>; signal?: AbortSignal }): Promise<Response> => {
    init?.signal?.throwIfAborted()
    calls.push({ url, at: now(), userAgent: init?.headers?.['user-agent'] ?? '' })
    const parsed = new URL(url)
    let reply: Reply
    if (parsed.host === 'export.arxiv.org' && parsed.pathname === '/api/query') {
      reply = (routes.arxiv ?? defaultArxiv)((parsed.searchParams.get('id_list') ?? '').split(','))
    } else if (parsed.host === 'api.crossref.org' && parsed.pathname.startsWith('/works/')) {
      reply = (routes.crossref ?? defaultCrossref)(decodeURIComponent(parsed.pathname.slice('/works/'.length)))
    } else if (parsed.host === 'huggingface.co' && parsed.pathname.startsWith('/api/papers/')) {
      reply = (routes.hf ?? defaultHf)(parsed.pathname.slice('/api/papers/'.length))
    } else {
      throw new TypeError(`fetch failed: no fixture for ${url}`)
    }
    return new Response(fixture(reply.file), { status: reply.status, headers: { 'content-type': reply.type ?? 'text/plain' } })
  }
  const upstream = (host: string) => calls.filter((call) => new URL(call.url).host === host)
  return {
    fetch,
    calls,
    arxivCalls: () => upstream('export.arxiv.org'),
    crossrefCalls: () => upstream('api.crossref.org'),
    hfCalls: () => upstream('huggingface.co'),
  }
}

/** A test clock: `sleep` advances it instantly and records each wait. */
export function makeTestClock(start = 1_700_000_000_000) {
  let time = start
  const sleeps: number[] = []
  return {
    now: () => time,
    sleep: async (ms: number) => {
      sleeps.push(ms)
      time += ms
    },
    advance: (ms: number) => {
      time += ms
    },
    sleeps,
  }
}
