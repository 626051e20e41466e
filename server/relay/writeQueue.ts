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
 *
 * On a storage several relays share (PostgreSQL), the event loop does not wait for the
 * database: a batch is started (`SharedStorage.startAppendCounted`) and its writes are
 * forwarded when it has committed; at most one batch is in flight, and the appends that
 * arrive meanwhile go together in the next one (group commit), so per-room order is commit
 * order. `flush` then waits (blocking) for the batch in flight and commits what is queued.
 * Bound: more than `MAX_QUEUED_BATCHES` batches' worth of queued writes are flushed at once,
 * blocking, which stops the relay reading sockets until the database has caught up.
 */
import type { RelayStorage } from '../storage/storage.js'

/** An append refused because its room was deleted (through another relay) before it committed. */
export class RoomDeletedError extends Error {
  override name = 'RoomDeletedError'
  constructor() {
    super('the room was deleted before the update was stored')
  }
}

/** Queued writes, in batches of `maxBatch`, beyond which the shared path stops reading sockets (see the header). */
const MAX_QUEUED_BATCHES = 8

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

  /** Shared storage: the batch being committed, or null. */
  private inFlight: QueuedWrite[] | null = null

  /** Number of writes not yet durable. */
  get size(): number {
    return this.queue.length + (this.inFlight?.length ?? 0)
  }

  /**
   * Queues an append; it is written and forwarded before the next turn of the event loop, or
   * at once (with the rest of its batch) if the batch is full or has waited long enough.
   */
  push(write: QueuedWrite): void {
    if (this.storage.shared) return this.pushShared(write)
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
    if (this.storage.shared) return this.flushShared()
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

  /** Shared storage: queues the write; the next batch starts after the socket reads of this turn, or when the one in flight commits. */
  private pushShared(write: QueuedWrite): void {
    this.queue.push(write)
    if (this.queue.length >= this.bounds.maxBatch * MAX_QUEUED_BATCHES) return this.flushShared()
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      this.startNext()
    })
  }

  /** Shared storage: starts committing up to `maxBatch` queued writes, unless a batch is in flight. */
  private startNext(): void {
    if (this.inFlight || this.queue.length === 0) return
    const batch = this.queue.length <= this.bounds.maxBatch ? this.queue : this.queue.slice(0, this.bounds.maxBatch)
    this.queue = batch === this.queue ? [] : this.queue.slice(batch.length)
    this.inFlight = batch
    const started = process.hrtime.bigint()
    this.storage.shared!.startAppendCounted(batch, (error, counters) => {
      this.inFlight = null
      if (error) this.failShared(batch, error)
      else {
        this.observe(Number(process.hrtime.bigint() - started) / 1e9, batch.length)
        // counter 0: the room was deleted through another relay first, and the row not stored
        const refused = batch.filter((_, index) => counters![index] === 0)
        if (refused.length > 0) this.failShared(refused, new RoomDeletedError())
        batch.forEach((write, index) => counters![index] !== 0 && write.stored(counters![index]))
      }
      this.startNext()
    })
  }

  /**
   * Shared storage: nothing of the batch was stored. Each of its rooms is told once, and that
   * room's queued writes are dropped (its peers reconnect and send them again), so no later
   * update of a room is stored after an earlier one failed.
   */
  private failShared(batch: QueuedWrite[], error: unknown): void {
    const told = new Set<string>()
    for (const write of batch) {
      if (told.has(write.room)) continue
      told.add(write.room)
      write.failed(error)
    }
    this.queue = this.queue.filter((write) => !told.has(write.room))
  }

  /** Shared storage: waits for the batch in flight, then commits what is queued, until nothing is left. */
  private flushShared(): void {
    // bounded: each pass commits at least one batch (or fails it), and nothing queues while this blocks
    while (this.inFlight || this.queue.length > 0) {
      this.startNext()
      this.storage.shared!.settleAppends()
    }
  }
}
