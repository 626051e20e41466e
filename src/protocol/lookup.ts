/**
 * The wire format of `GET /api/lookup`, shared by the route and its parts.
 *
 * `{ results: { [requestedId]: LookupAnswer } }`, keyed by each id exactly as the client sent
 * it, so the client can match answers to its own paper ids without normalising.
 */
import type { PaperInput } from '../doc/ops.js'

/** Details found for one id: the fields of a paper, ready for `fillPaperDetails`. */
export interface LookupHit {
  ok: true
  paper: PaperInput
}

/**
 * Why one id has no details. `transient` is true when asking again later may work
 * (upstream down, rate limited, timed out); false when the id is unknown upstream.
 */
export interface LookupMiss {
  ok: false
  error: string
  transient?: boolean
}

/** The answer for one id. */
export type LookupAnswer = LookupHit | LookupMiss

/** The body of a 200 answer from `/api/lookup`. */
export interface LookupResponse {
  results: Record<string, LookupAnswer>
}
