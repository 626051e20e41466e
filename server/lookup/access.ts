/**
 * How the relay's HTTP routes reach upstreams: the (possibly moved) fetch, the relay's
 * User-Agent, the per-call timeout and an unref'd sleep for pacing. The lookup and the feeds
 * routes both build their upstream calls from this, so an option means the same in each.
 */
import { rebaseFetch } from './bases.js'
import type { UpstreamBases } from './bases.js'
import { getText } from './upstream.js'
import type { FetchLike, UpstreamText } from './upstream.js'

/** The upstream options a route takes; all optional. */
export interface UpstreamAccessOptions {
  /** Upstream HTTP; tests pass one that serves recorded responses. Default: global fetch. */
  fetch?: FetchLike
  /** Upstreams moved elsewhere (a mirror, a test's fake server); see `bases.ts`. Default: the public services. */
  upstreams?: UpstreamBases
  /** How pacers wait. Default: an unref'd timer, so a pending wait never holds the process open. */
  sleep?: (ms: number) => Promise<void>
  /** Sent to every upstream; Crossref's polite pool wants a mailto in it (see `lookupUserAgent`). */
  userAgent?: string
  /** Per upstream call; a hung upstream costs at most this. Default 10 s. */
  timeoutMs?: number
}

/** A route's way to upstreams, built once by `upstreamAccess`. */
export interface UpstreamAccess {
  /** GETs `url` with the relay's headers and timeout, reading at most `maxBytes`; `source` names the upstream in errors. */
  get: (url: string, source: string, maxBytes: number, signal?: AbortSignal) => Promise<UpstreamText>
  sleep: (ms: number) => Promise<void>
}

/** A User-Agent identifying the relay, with a contact address when the operator gives one. */
export function lookupUserAgent(mailto?: string): string {
  const contact = mailto && /^[^\s@;()]+@[^\s@;()]+$/.test(mailto) ? `; mailto:${mailto}` : ''
  return `Shortlist-relay/0.1 (reading-list metadata lookup${contact})`
}

/** Resolves `options` to the fetch, headers, timeout and sleep every upstream call of a route uses. */
export function upstreamAccess(options: UpstreamAccessOptions): UpstreamAccess {
  const fetchImpl = rebaseFetch(options.fetch ?? ((url, init) => fetch(url, init)), options.upstreams ?? {})
  const headers = { 'user-agent': options.userAgent ?? lookupUserAgent(), accept: '*/*' }
  const timeoutMs = options.timeoutMs ?? 10_000
  return {
    get: (url, source, maxBytes, signal) => getText(url, { fetch: fetchImpl, headers, timeoutMs, maxBytes, source, signal }),
    sleep: options.sleep ?? unrefSleep,
  }
}

function unrefSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref())
}
