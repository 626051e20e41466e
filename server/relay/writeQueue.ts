/**
 * Appends that arrive in the same turn of the event loop are written in one storage
 * transaction, and only then forwarded: one commit per turn instead of one per update, while
 * no peer ever receives an update that is not yet durable.
 *
 * A write is queued after the room has checked and applied it in memory; `flush` runs on
 * `setImmediate` (after the socket reads of this turn), or at once when a room needs its
 * stored state to be complete (a sync reply, compaction, shutdown). If the transaction fails,
 * none of the batch is stored: every room with a write in it is told, so it can drop what it
 * holds in memory and reload from storage.
 */
import type { RelayStorage } from '../storage/storage.js'

/** One queued append and what to do once it is durable (or failed). */
export interface QueuedWrite {
  room: string
  update: Uint8Array
  /** Runs after the batch is durable: forward the update. */
  stored(): void
  /** Runs (once per room) if the batch could not be written. */
  failed(error: unknown): void
}

/** Batches appends per event-loop turn. */
export class WriteQueue {
  private queue: QueuedWrite[] = []
  private scheduled = false

  /** `observe` receives each batch's write time in seconds (a metric). */
  constructor(
    private readonly storage: RelayStorage,
    private readonly observe: (seconds: number, rows: number) => void = () => {},
  ) {}

  /** Number of writes not yet durable. */
  get size(): number {
    return this.queue.length
  }

  /** Queues an append; it is written and forwarded before the next turn of the event loop. */
  push(write: QueuedWrite): void {
    this.queue.push(write)
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(() => this.flush())
  }

  /** Writes every queued append now (one transaction), then runs their callbacks in order. */
  flush(): void {
    this.scheduled = false
    if (this.queue.length === 0) return
    const batch = this.queue
    this.queue = []
    const started = process.hrtime.bigint()
    try {
      this.storage.appendUpdates(batch)
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
    for (const write of batch) write.stored()
  }
}
