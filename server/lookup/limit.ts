/**
 * Fair, bounded, cancellable queues for upstream work.
 *
 * `FairLanes` holds waiting items in one lane per client address and hands them out in turn
 * (one from each lane with work, round and round), so one address that queued hundreds of
 * ids delays another address's id by at most one item per busy lane, not by its whole backlog.
 * `makeWorkQueue` runs tasks from such lanes with a concurrency limit, refuses new work once
 * `maxWaiting` items wait, and drops a waiting task as soon as its signal aborts (nobody is
 * waiting for the answer any more), so abandoned requests cost no upstream call.
 */

/** Waiting items in per-lane FIFO order, taken round-robin across lanes. */
export class FairLanes<T> {
  /** Lane → its waiting items, in order. Insertion order of the map is the turn order. */
  private readonly lanes = new Map<string, T[]>()
  private count = 0

  /** Items waiting in all lanes. */
  get size(): number {
    return this.count
  }

  /** Adds `item` at the end of `lane`. */
  push(lane: string, item: T): void {
    const items = this.lanes.get(lane)
    if (items) items.push(item)
    else this.lanes.set(lane, [item])
    this.count++
  }

  /** Takes the first item of the lane whose turn it is; that lane then goes to the back. */
  shift(): T | undefined {
    for (const [lane, items] of this.lanes) {
      const item = items.shift()
      this.lanes.delete(lane)
      if (items.length > 0) this.lanes.set(lane, items) // re-inserted: now last in turn order
      if (item === undefined) continue
      this.count--
      return item
    }
    return undefined
  }

  /** Drops every waiting item at once. */
  clear(): void {
    this.lanes.clear()
    this.count = 0
  }

  /** Removes `item` from `lane`; cost is the lane's length (bounded by the caller's per-lane cap). */
  remove(lane: string, item: T): boolean {
    const items = this.lanes.get(lane)
    const at = items ? items.indexOf(item) : -1
    if (!items || at < 0) return false
    items.splice(at, 1)
    if (items.length === 0) this.lanes.delete(lane)
    this.count--
    return true
  }
}

/** Thrown (as a rejection) when a work queue already holds `maxWaiting` tasks. */
export class QueueFullError extends Error {
  override name = 'QueueFullError'
}

/** Bounds of one work queue. */
export interface WorkQueueOptions {
  /** Tasks running at once (sockets open to one upstream). */
  concurrency: number
  /** Tasks waiting at most; more are refused with `QueueFullError` instead of waiting for minutes. */
  maxWaiting: number
}

/** A running work queue. */
export interface WorkQueue {
  /**
   * Runs `task` once a slot is free and it is `lane`'s turn. The task gets `signal`; if the
   * signal aborts while the task still waits, the task never runs and the promise rejects
   * with the signal's reason.
   */
  run<R>(lane: string, signal: AbortSignal, task: (signal: AbortSignal) => Promise<R>): Promise<R>
  /** Tasks waiting for a slot. */
  readonly waiting: number
  /** Tasks running now. */
  readonly running: number
}

interface Job {
  start: () => void
}

/** Creates an idle work queue (see the module note). */
export function makeWorkQueue(options: WorkQueueOptions): WorkQueue {
  const lanes = new FairLanes<Job>()
  let running = 0

  const next = () => {
    while (running < options.concurrency) {
      const job = lanes.shift()
      if (!job) return
      job.start()
    }
  }

  return {
    run(lane, signal, task) {
      return new Promise((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason)
        if (running >= options.concurrency && lanes.size >= options.maxWaiting) {
          return reject(new QueueFullError('Too many lookups are waiting; try again in a minute.'))
        }
        const onAbort = () => {
          if (lanes.remove(lane, job)) reject(signal.reason)
        }
        const job: Job = {
          start() {
            signal.removeEventListener('abort', onAbort)
            running++
            Promise.resolve()
              .then(() => task(signal))
              .then(resolve, reject)
              .finally(() => {
                running--
                next()
              })
          },
        }
        signal.addEventListener('abort', onAbort, { once: true })
        lanes.push(lane, job)
        next()
      })
    },
    get waiting() {
      return lanes.size
    },
    get running() {
      return running
    },
  }
}
