/**
 * The one queue every arXiv lookup goes through, shared by all clients of this relay.
 *
 * arXiv asks for at most one API call every 3 seconds. Ids asked for while a call is due
 * wait here and leave together in the next call (up to `maxBatch` ids), so ten members
 * adding papers at once cost a few paced calls, not ten bursts. The gap is measured from the
 * end of one call to the start of the next, which also holds when a call is slow.
 */
import type { LookupAnswer } from '../../src/protocol/lookup.js'

const SHUTTING_DOWN: LookupAnswer = { ok: false, error: 'The lookup service is shutting down.', transient: true }

/** What the queue needs: how to ask arXiv for a batch, and a clock it can be tested with. */
export interface ArxivQueueOptions {
  /** Asks arXiv for `ids` in one call and answers each; may throw (every id then fails). */
  fetchBatch: (ids: string[]) => Promise<Map<string, LookupAnswer>>
  now: () => number
  sleep: (ms: number) => Promise<void>
  /** Least time between the end of one call and the start of the next. Default 3,000 ms. */
  intervalMs?: number
  /** Most ids in one call. Default 50. */
  maxBatch?: number
  /** Most ids waiting at once; more are refused at once rather than queued for minutes. Default 2,000. */
  maxWaiting?: number
}

/** The paced queue: `request` resolves with the answer for one normalised arXiv id. */
export interface ArxivQueue {
  request(arxivId: string): Promise<LookupAnswer>
  /** Ids waiting for a call (for metrics and tests). */
  readonly waiting: number
  /** Answers everything still waiting with a transient error and stops. */
  close(): void
}

/** Starts an idle queue; it calls arXiv only when something is waiting. */
export function makeArxivQueue(options: ArxivQueueOptions): ArxivQueue {
  const intervalMs = options.intervalMs ?? 3_000
  const maxBatch = options.maxBatch ?? 50
  const maxWaiting = options.maxWaiting ?? 2_000
  const waiting = new Map<string, ((answer: LookupAnswer) => void)[]>()
  let lastCallEnd = Number.NEGATIVE_INFINITY
  let draining = false
  let closed = false

  async function drain(): Promise<void> {
    draining = true
    try {
      while (!closed && waiting.size > 0) {
        await new Promise<void>((resolve) => setImmediate(resolve)) // let every id asked for in this turn join the batch
        const wait = lastCallEnd + intervalMs - options.now()
        if (wait > 0) await options.sleep(wait)
        if (closed) return
        const batch = [...waiting.keys()].slice(0, maxBatch)
        const resolvers = batch.map((id) => {
          const list = waiting.get(id)!
          waiting.delete(id)
          return list
        })
        let answers: Map<string, LookupAnswer>
        try {
          answers = await options.fetchBatch(batch)
        } catch (error) {
          const message = error instanceof Error ? error.message : 'arXiv could not be asked.'
          answers = new Map(batch.map((id) => [id, { ok: false, error: message, transient: true }]))
        } finally {
          lastCallEnd = options.now()
        }
        batch.forEach((id, index) => {
          const answer = answers.get(id) ?? { ok: false, error: 'arXiv gave no answer for this id.', transient: true }
          for (const resolve of resolvers[index]!) resolve(answer)
        })
      }
    } finally {
      draining = false
    }
  }

  return {
    request(arxivId) {
      if (closed) return Promise.resolve(SHUTTING_DOWN)
      const existing = waiting.get(arxivId)
      if (!existing && waiting.size >= maxWaiting) {
        return Promise.resolve({ ok: false, error: 'Too many lookups are waiting for arXiv; try again in a minute.', transient: true })
      }
      return new Promise<LookupAnswer>((resolve) => {
        if (existing) existing.push(resolve)
        else waiting.set(arxivId, [resolve])
        if (!draining) void drain()
      })
    },
    get waiting() {
      return waiting.size
    },
    close() {
      closed = true
      for (const list of waiting.values()) {
        for (const resolve of list) resolve(SHUTTING_DOWN)
      }
      waiting.clear()
    },
  }
}
