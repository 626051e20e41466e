/**
 * Appends that arrive in the same turn of the event loop are written in one storage
 * transaction, and only then forwarded: one commit per turn instead of one per update, while
 * no peer ever receives an update that is not yet durable.
 *
 * A write is queued after the room has checked and applied it in memory; `flush` runs on
 * `setImmediate` (after the socket reads of this turn), or at once when a room needs its
 * stored state to be complete (a sync reply, compaction, shutdown). A batch is also written
 * as soon as it holds `maxBatch` updates or its first update has waited `maxWaitMs`: when a
 * burst of frames arrives in one turn, the first of them is forwarded after a bounded wait,
 * not after the whole burst has been read. If the transaction fails, none of the batch is
 * stored: every room with a write in it is told, so it can drop what it holds in memory and
 * reload from storage.
 */
import type { RelayStorage } from '../storage/storage.js'

/** One queued append and what to do once it is durable (or failed). */
export interface QueuedWrite {
  room: string
  update: Uint8Array
  /** Runs after the batch is durable: forward the update (`counter`: its per-room counter, on a shared storage). */
  stored(counter?: number): void
  /** Runs (once per room) if the batch could not be written. */
  failed(error: unknown): void
}

/** How long, and for how many updates, a batch may grow within one turn (`RelayLimits` sets them). */
export interface BatchBounds {
  maxBatch: number
  maxWaitMs: number
}

/** Batches appends per event-loop turn, within `BatchBounds`. */
export class WriteQueue {
  private queue: QueuedWrite[] = []
  private scheduled = false
  /** When the oldest queued write was queued (`performance.now()`). */
  private oldestQueuedAt = 0

  /** `observe` receives each batch's write time in seconds (a metric). */
  constructor(
    private readonly storage: RelayStorage,
    private readonly observe: (seconds: number, rows: number) => void,
    private readonly bounds: BatchBounds,
  ) {}

  /** Number of writes not yet durable. */
  get size(): number {
    return this.queue.length
  }

  /**
   * Queues an append; it is written and forwarded before the next turn of the event loop, or
   * at once (with the rest of its batch) if the batch is full or has waited long enough.
   */
  push(write: QueuedWrite): void {
    if (this.queue.length === 0) this.oldestQueuedAt = performance.now()
    this.queue.push(write)
    if (this.queue.length >= this.bounds.maxBatch || performance.now() - this.oldestQueuedAt >= this.bounds.maxWaitMs) {
      this.flush()
      return
    }
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      this.flush()
    })
  }

  /** Writes every queued append now (one transaction), then runs their callbacks in order. */
  flush(): void {
    if (this.queue.length === 0) return
    const batch = this.queue
    this.queue = []
    const started = process.hrtime.bigint()
    let counters: number[] | undefined
    try {
      if (this.storage.shared) counters = this.storage.shared.appendCounted(batch)
      else this.storage.appendUpdates(batch)
    } catch (error) {
      const told = new Set<string>()
      for (const write of batch) {
        if (told.has(write.room)) continue
        told.add(write.room)
        write.failed(error)
      }
      return
    }
    this.observe(Number(process.hrtime.bigint() - started) / 1e9, batch.length)
    if (counters) batch.forEach((write, index) => write.stored(counters[index]))
    else for (const write of batch) write.stored()
  }
}
