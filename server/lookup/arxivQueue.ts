/**
 * The one queue every arXiv lookup goes through, shared by all clients of this relay.
 *
 * arXiv asks for at most one API call every 3 seconds. Ids asked for while a call is due
 * wait here and leave together in the next call (up to `maxBatch` ids), so ten members
 * adding papers at once cost a few paced calls, not ten bursts. The gap is measured from the
 * end of one call to the start of the next, which also holds when a call is slow.
 *
 * Fair and cancellable: ids wait in one lane per client address and a batch takes them in
 * turn across lanes, so one address's backlog delays another's id by at most one batch; an
 * id whose every asker has gone (their signals aborted) leaves the queue before it is asked.
 */
import type { LookupAnswer } from '../../src/protocol/lookup.js'
import { FairLanes } from './limit.js'
import { makePacer } from './pacer.js'
import type { Pacer } from './pacer.js'
import { CANCELLED, SHUTTING_DOWN } from './upstream.js'

/** Who asks for an id: their lane (client address) and a signal that aborts when they stop waiting. */
export interface ArxivAsker {
  lane: string
  signal?: AbortSignal
}

interface WaitingId {
  lane: string
  resolvers: Set<(answer: LookupAnswer) => void>
}

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
  /** The gate shared with other arXiv calls (title searches); default: one of its own with `intervalMs`. */
  pacer?: Pacer
}

/** The paced queue: `request` resolves with the answer for one normalised arXiv id. */
export interface ArxivQueue {
  /** Resolves with the answer for `arxivId`; with a transient "cancelled" answer if `asker.signal` aborts first. */
  request(arxivId: string, asker?: ArxivAsker): Promise<LookupAnswer>
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
  const waiting = new Map<string, WaitingId>()
  const lanes = new FairLanes<string>()
  const pacer = options.pacer ?? makePacer({ intervalMs, now: options.now, sleep: options.sleep })
  let draining = false
  let closed = false

  async function drain(): Promise<void> {
    draining = true
    try {
      while (!closed && waiting.size > 0) {
        await new Promise<void>((resolve) => setImmediate(resolve)) // let every id asked for in this turn join the batch
        await pacer.run(async () => {
          if (closed) return
          const batch: string[] = []
          const resolvers: WaitingId['resolvers'][] = []
          while (batch.length < maxBatch) {
            const id = lanes.shift()
            if (id === undefined) break
            batch.push(id)
            resolvers.push(waiting.get(id)!.resolvers)
            waiting.delete(id)
          }
          if (batch.length === 0) return
          let answers: Map<string, LookupAnswer>
          try {
            answers = await options.fetchBatch(batch)
          } catch (error) {
            const message = error instanceof Error ? error.message : 'arXiv could not be asked.'
            answers = new Map(batch.map((id) => [id, { ok: false, error: message, transient: true }]))
          }
          batch.forEach((id, index) => {
            const answer = answers.get(id) ?? { ok: false, error: 'arXiv gave no answer for this id.', transient: true }
            for (const resolve of resolvers[index]!) resolve(answer)
          })
        })
      }
    } finally {
      draining = false
    }
  }

  return {
    request(arxivId, asker = { lane: '' }) {
      if (closed) return Promise.resolve(SHUTTING_DOWN)
      if (asker.signal?.aborted) return Promise.resolve(CANCELLED)
      const existing = waiting.get(arxivId)
      if (!existing && waiting.size >= maxWaiting) {
        return Promise.resolve({ ok: false, error: 'Too many lookups are waiting for arXiv; try again in a minute.', transient: true })
      }
      return new Promise<LookupAnswer>((resolve) => {
        const entry = existing ?? { lane: asker.lane, resolvers: new Set() }
        if (!existing) {
          waiting.set(arxivId, entry)
          lanes.push(entry.lane, arxivId)
        }
        const answer = (value: LookupAnswer) => {
          asker.signal?.removeEventListener('abort', onAbort)
          resolve(value)
        }
        const onAbort = () => {
          if (!entry.resolvers.delete(answer)) return
          resolve(CANCELLED)
          if (entry.resolvers.size === 0 && waiting.get(arxivId) === entry) {
            waiting.delete(arxivId)
            lanes.remove(entry.lane, arxivId)
          }
        }
        entry.resolvers.add(answer)
        asker.signal?.addEventListener('abort', onAbort, { once: true })
        if (!draining) void drain()
      })
    },
    get waiting() {
      return waiting.size
    },
    close() {
      closed = true
      for (const entry of waiting.values()) {
        for (const resolve of entry.resolvers) resolve(SHUTTING_DOWN)
      }
      waiting.clear()
      lanes.clear()
    },
  }
}
