/**
 * One guarded HTTP GET to an upstream metadata service: a timeout, a cap on the body size,
 * and failures turned into `UpstreamError` values the caller reports per id.
 */
import type { LookupMiss } from '../../src/protocol/lookup.js'

/** The answer for an id or title whose asker went away (transient: never cached, never sent). */
export const CANCELLED: LookupMiss = { ok: false, error: 'The lookup was cancelled.', transient: true }
/** The answer for work still waiting when the route closes. */
export const SHUTTING_DOWN: LookupMiss = { ok: false, error: 'The lookup service is shutting down.', transient: true }

/** The subset of `fetch` the lookup uses; tests pass one that serves recorded responses. */
export type FetchLike = (url: string, init?: { headers?: Record<string, string>; signal?: AbortSignal }) => Promise<Response>

/** An upstream call that failed; `transient` ones (network, 429, 5xx, timeout) are worth retrying later. */
export class UpstreamError extends Error {
  override name = 'UpstreamError'
  constructor(message: string, readonly transient: boolean, readonly status = 0) {
    super(message)
  }
}

/** What `getText` needs besides the URL. */
export interface GetOptions {
  fetch: FetchLike
  headers: Record<string, string>
  timeoutMs: number
  maxBytes: number
  /** Aborts the call when the route closes. */
  signal?: AbortSignal
  /** Upstream name used in error messages ("arXiv", "Crossref"). */
  source: string
}

/** An upstream answer: its status and body, read in full up to `maxBytes`. */
export interface UpstreamText {
  status: number
  body: string
}

/**
 * GETs `url` and reads its body as text, never more than `maxBytes`. Any status is returned
 * (callers decide what a 404 means); network failures, timeouts and oversize bodies throw
 * `UpstreamError`.
 */
export async function getText(url: string, options: GetOptions): Promise<UpstreamText> {
  const timeout = AbortSignal.timeout(options.timeoutMs)
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout
  let response: Response
  try {
    response = await options.fetch(url, { headers: options.headers, signal })
  } catch (error) {
    throw asUpstreamError(error, options.source, timeout)
  }
  try {
    const declared = Number(response.headers.get('content-length') ?? NaN)
    if (Number.isFinite(declared) && declared > options.maxBytes) {
      await response.body?.cancel().catch(() => {})
      throw new UpstreamError(`${options.source} sent a response too large to read (${declared} bytes).`, false, response.status)
    }
    const body = await readCapped(response, options.maxBytes, options.source)
    return { status: response.status, body }
  } catch (error) {
    throw asUpstreamError(error, options.source, timeout)
  }
}

async function readCapped(response: Response, maxBytes: number, source: string): Promise<string> {
  if (!response.body) return ''
  const reader = response.body.getReader()
  const decoder = new TextDecoder('utf-8')
  let size = 0
  let text = ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel().catch(() => {})
      throw new UpstreamError(`${source} sent a response too large to read (over ${maxBytes} bytes).`, false, response.status)
    }
    text += decoder.decode(value, { stream: true })
  }
  return text + decoder.decode()
}

function asUpstreamError(error: unknown, source: string, timeout: AbortSignal): UpstreamError {
  if (error instanceof UpstreamError) return error
  if (timeout.aborted) return new UpstreamError(`${source} did not answer in time.`, true)
  const detail = error instanceof Error ? error.message : String(error)
  return new UpstreamError(`${source} could not be reached (${detail}).`, true)
}

/** The error for an unexpected HTTP status: 429 and 5xx are transient, the rest are not. */
export function statusError(source: string, status: number): UpstreamError {
  const transient = status === 429 || status >= 500
  const what = status === 429 ? 'is rate limiting us' : transient ? 'is having trouble' : 'refused the request'
  return new UpstreamError(`${source} ${what} (HTTP ${status}).`, transient, status)
}
