/**
 * Cross-relay fan-out. After a relay commits an update to the shared store (PostgreSQL) and
 * forwards it to its own peers, it publishes it, with the room's counter, on one Redis
 * channel; every other relay holding the room applies it in counter order and forwards it
 * to its peers. Redis is only a fast path: a relay whose position in a room falls behind (a
 * gap in the counters, or a counter seen in the store's heads that Redis never brought)
 * reads the missing rows from the store by counter, so losing Redis, or a message, delays
 * delivery and loses nothing.
 *
 * Bounds: out-of-order messages wait per room, at most `MAX_EARLY` of them (beyond, they
 * are dropped and the room catches up from the store); a catch-up reads `PAGE_ROWS` rows per
 * query, one catch-up per room at a time; the sweep reads the heads of the loaded rooms
 * (at most `maxLoadedRooms`) once per `SWEEP_MS` (5 s), or per `SWEEP_DOWN_MS` (250 ms) while
 * Redis is down.
 *
 * The messages of one event-loop turn leave as one `PUBLISH` (at most `MAX_PUBLISH_BATCH`
 * each), sent after the turn's socket reads.
 *
 * Presence changes go the same way, without counters (presence is not stored). A relay that
 * dies cannot send the removals of its peers' presence: every relay drops a presence state
 * that has not been renewed for 30 s (the awareness protocol's timeout; clients renew every
 * 15 s), so a dead relay's presence disappears within that bound.
 */
import { randomUUID } from 'node:crypto'
import { createClient } from 'redis'
import type { Logger } from '../log.js'
import type { RelayMetrics } from '../metrics.js'
import type { ClusterOutlet, Room } from '../relay/room.js'
import type { SharedStorage } from '../storage/storage.js'
import { FANOUT_CHANNEL, decodeClusterMessages, encodeClusterBatch, type ClusterMessage } from './messages.js'

/** Out-of-order updates one room keeps while it waits for the gap to fill. */
const MAX_EARLY = 256
/** How long a gap may stay open (a message still on its way) before the room reads the store. */
const GAP_WAIT_MS = 25
/** Rows one catch-up query reads. */
const PAGE_ROWS = 256
/** Interval of the heads sweep while Redis is up (a safety net for lost messages; a lag must outlast one interval). */
const SWEEP_MS = 5000
/** Interval of the heads sweep while Redis is down or not configured (delivery then runs on it). */
const SWEEP_DOWN_MS = 250
/** Most messages one `PUBLISH` carries; a turn with more sends several. */
const MAX_PUBLISH_BATCH = 256

/** What the fan-out needs from the room registry. */
export interface FanoutRooms {
  get(name: string): Room | undefined
  names(): string[]
  /** Another relay froze the room: freeze it here if loaded. */
  frozenElsewhere(name: string): void
  /** Another relay deleted the room: close it here if loaded. */
  deletedElsewhere(name: string): void
}

/** State of the Redis link, for `/readyz`. */
export type FanoutState = 'up' | 'down' | 'off'

/** What the fan-out uses of a Redis client. */
interface RedisLink {
  readonly isReady: boolean
  publish(channel: string, message: Buffer): Promise<unknown>
  close(): Promise<unknown>
}

/** The fan-out of one relay. */
export class ClusterFanout implements ClusterOutlet {
  /** This relay's id in messages (random per process). */
  readonly relayId = randomUUID()
  private rooms: FanoutRooms | null = null
  private readonly early = new Map<string, Map<number, Uint8Array>>()
  private readonly catchingUp = new Map<string, boolean>()
  private readonly gapTimers = new Map<string, NodeJS.Timeout>()
  /** Heads seen by the previous sweep: a room still below one of them missed a message. */
  private previousHeads = new Map<string, number>()
  private publisher: RedisLink | null = null
  private subscriber: RedisLink | null = null
  private subscribed = false
  private sweepTimer: NodeJS.Timeout | null = null
  private closed = false
  /** Messages of this turn, published together after it (bounded: a full batch is published at once). */
  private outbox: ClusterMessage[] = []
  private outboxScheduled = false

  constructor(
    private readonly deps: { redisUrl: string | null; store: SharedStorage; metrics: RelayMetrics; log: Logger },
  ) {}

  /** Starts Redis (in the background: a relay starts, and serves, while Redis is down) and the sweep. */
  start(rooms: FanoutRooms): void {
    this.rooms = rooms
    if (this.deps.redisUrl) this.connect(this.deps.redisUrl)
    this.scheduleSweep()
  }

  /** Whether Redis carries the fan-out now. */
  get state(): FanoutState {
    if (!this.deps.redisUrl) return 'off'
    return this.subscribed && this.publisher?.isReady ? 'up' : 'down'
  }

  committed(room: string, counter: number, update: Uint8Array): void {
    this.publish({ kind: 'update', relay: this.relayId, room, counter, sentAt: Date.now(), update })
    // an update of another relay may have waited for this counter
    const loaded = this.early.has(room) ? this.rooms?.get(room) : undefined
    if (loaded && !loaded.gone) this.drainEarly(loaded)
  }

  presence(room: string, update: Uint8Array): void {
    this.publish({ kind: 'presence', relay: this.relayId, room, sentAt: Date.now(), update })
  }

  /** Tells the other relays that a room was frozen or deleted here. */
  roomEvent(room: string, kind: 'frozen' | 'deleted'): void {
    this.publish({ kind, relay: this.relayId, room, sentAt: Date.now() })
  }

  /** Stops the sweep and closes the Redis connections. */
  async close(): Promise<void> {
    this.closed = true
    if (this.sweepTimer) clearTimeout(this.sweepTimer)
    for (const timer of this.gapTimers.values()) clearTimeout(timer)
    this.gapTimers.clear()
    await Promise.allSettled([this.subscriber?.close(), this.publisher?.close()])
  }

  private connect(url: string): void {
    const options = {
      url,
      disableOfflineQueue: true,
      socket: { connectTimeout: 2000, reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 1000) },
    }
    let reported = false
    const onError = (error: unknown) => {
      if (reported || this.closed) return
      reported = true
      this.deps.log('warn', 'fanout.redis_error', { error })
    }
    const publisher = createClient(options)
    const subscriber = createClient(options)
    this.publisher = publisher
    this.subscriber = subscriber
    publisher.on('error', onError)
    subscriber.on('error', onError)
    subscriber.on('ready', () => {
      reported = false
      this.deps.log('info', 'fanout.redis_ready', {})
      // messages published while the link was down are gone: read what they carried from the store
      this.previousHeads.clear()
      this.sweepNow(true)
    })
    subscriber.on('end', () => (this.subscribed = false))
    subscriber.on('reconnecting', () => (this.subscribed = false))
    const listener = (message: Buffer) => this.onMessage(message)
    publisher.connect().catch(onError)
    subscriber
      .connect()
      .then(() => subscriber.subscribe(FANOUT_CHANNEL, listener, true))
      .then(() => {
        this.subscribed = true
        // resubscription after a reconnect is the client's; mark the link up again when it is ready
        subscriber.on('ready', () => (this.subscribed = true))
      })
      .catch(onError)
  }

  /** Queues a message for this turn's `PUBLISH`. */
  private publish(message: ClusterMessage): void {
    if (!this.publisher?.isReady) return
    this.outbox.push(message)
    if (this.outbox.length >= MAX_PUBLISH_BATCH) return this.publishOutbox()
    if (this.outboxScheduled) return
    this.outboxScheduled = true
    setImmediate(() => {
      this.outboxScheduled = false
      this.publishOutbox()
    })
  }

  /** Publishes the queued messages as one batch. */
  private publishOutbox(): void {
    const messages = this.outbox
    this.outbox = []
    const publisher = this.publisher
    if (messages.length === 0 || !publisher?.isReady) return
    const started = performance.now()
    const bytes = encodeClusterBatch(this.relayId, messages)
    publisher.publish(FANOUT_CHANNEL, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).then(
      () => this.deps.metrics.fanoutPublishSeconds.observe((performance.now() - started) / 1000),
      () => {
        // Redis went away: the other relays catch up from the store
      },
    )
  }

  private onMessage(bytes: Buffer): void {
    let messages: ClusterMessage[]
    try {
      messages = decodeClusterMessages(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), this.relayId)
    } catch (error) {
      this.deps.log('warn', 'fanout.bad_message', { error })
      return
    }
    let firstSentAt = Infinity
    for (const message of messages) {
      if (message.kind === 'update' && message.relay !== this.relayId) firstSentAt = Math.min(firstSentAt, message.sentAt)
      this.take(message)
    }
    // one observation per message from Redis (its oldest update), not per update: the metric is the link's delay
    if (firstSentAt !== Infinity) this.deps.metrics.fanoutDeliverySeconds.observe(Math.max(0, Date.now() - firstSentAt) / 1000)
  }

  /** One message of another relay. */
  private take(message: ClusterMessage): void {
    if (message.relay === this.relayId || !this.rooms) return
    try {
      if (message.kind === 'update') {
        this.deliver(message.room, message.counter, message.update)
      } else if (message.kind === 'presence') this.rooms.get(message.room)?.receivePresence(message.update)
      else if (message.kind === 'frozen') this.rooms.frozenElsewhere(message.room)
      else this.rooms.deletedElsewhere(message.room)
    } catch (error) {
      this.deps.log('error', 'fanout.deliver_failed', { room: message.room, kind: message.kind, error })
    }
  }

  /** Applies an update from Redis in counter order; keeps it if it is early. */
  private deliver(name: string, counter: number, update: Uint8Array): void {
    const room = this.rooms?.get(name)
    if (!room || room.gone) return void this.forget(name)
    const taken = room.receiveCommitted(counter, update)
    if (taken === 'early') {
      let waiting = this.early.get(name)
      if (!waiting) this.early.set(name, (waiting = new Map()))
      if (waiting.size >= MAX_EARLY) {
        waiting.clear()
        void this.catchUp(name)
        return
      }
      waiting.set(counter, update)
      this.watchGap(name)
    } else if (taken === 'applied') {
      this.drainEarly(room)
    }
  }

  /** Drops what is kept for a room that is no longer loaded here. */
  private forget(name: string): void {
    this.early.delete(name)
    clearTimeout(this.gapTimers.get(name))
    this.gapTimers.delete(name)
  }

  /** Applies the early updates that now follow the room's position. */
  private drainEarly(room: Room): void {
    const waiting = this.early.get(room.name)
    if (!waiting) return
    // bounded by MAX_EARLY: each pass applies or drops one entry
    for (;;) {
      for (const counter of waiting.keys()) if (counter <= room.committedThrough) waiting.delete(counter)
      const next = waiting.get(room.committedThrough + 1)
      if (next === undefined || room.gone) break
      waiting.delete(room.committedThrough + 1)
      room.receiveCommitted(room.committedThrough + 1, next)
    }
    if (waiting.size === 0 || room.gone) {
      this.early.delete(room.name)
      clearTimeout(this.gapTimers.get(room.name))
      this.gapTimers.delete(room.name)
    } else {
      this.watchGap(room.name)
    }
  }

  /** A gap opened: if it is still open after `GAP_WAIT_MS`, read the store. */
  private watchGap(name: string): void {
    if (this.gapTimers.has(name) || this.closed) return
    const timer = setTimeout(() => {
      this.gapTimers.delete(name)
      if (this.early.has(name)) void this.catchUp(name)
    }, GAP_WAIT_MS)
    timer.unref()
    this.gapTimers.set(name, timer)
  }

  /** Reads the rows after the room's position from the store, page by page, and applies them. */
  private async catchUp(name: string): Promise<void> {
    if (this.catchingUp.has(name)) {
      this.catchingUp.set(name, true) // run once more when the current one ends
      return
    }
    this.catchingUp.set(name, false)
    this.deps.metrics.fanoutCatchUps.inc()
    try {
      // bounded: each page moves the position forward, or the loop ends
      for (;;) {
        const room = this.rooms?.get(name)
        if (!room || room.gone || this.closed) {
          this.forget(name)
          break
        }
        const from = room.committedThrough
        const rows = await this.deps.store.updatesAfter(name, from, PAGE_ROWS)
        if (room.gone) break
        // rows a compaction merged away are inside the next row: a row read from the store follows on from the last
        for (const row of rows) room.receiveCommitted(row.counter, row.update, true)
        this.drainEarly(room)
        if (rows.length < PAGE_ROWS && !this.catchingUp.get(name)) break
        this.catchingUp.set(name, false)
      }
    } catch (error) {
      this.deps.log('warn', 'fanout.catch_up_failed', { room: name, error })
    } finally {
      this.catchingUp.delete(name)
    }
  }

  private scheduleSweep(): void {
    if (this.closed) return
    this.sweepTimer = setTimeout(() => this.sweepNow(false), this.state === 'up' ? SWEEP_MS : SWEEP_DOWN_MS)
    this.sweepTimer.unref()
  }

  /**
   * Reads the heads of the loaded rooms. A room behind a head seen by the previous sweep (so
   * Redis had a whole interval to bring it), or any room behind while Redis is down, catches up.
   */
  private sweepNow(all: boolean): void {
    if (this.sweepTimer) clearTimeout(this.sweepTimer)
    this.sweepTimer = null
    const names = this.rooms?.names() ?? []
    const redisUp = this.state === 'up'
    this.deps.store.heads(names).then(
      (heads) => {
        let lag = 0
        for (const [name, head] of heads) {
          const room = this.rooms?.get(name)
          if (!room || room.gone) continue
          const behind = head - room.committedThrough
          if (behind <= 0) continue
          lag += behind
          const seenBefore = this.previousHeads.get(name) ?? Infinity
          if (all || !redisUp || room.committedThrough < seenBefore) void this.catchUp(name)
        }
        this.previousHeads = heads
        this.deps.metrics.fanoutLagUpdates.set(lag)
        this.scheduleSweep()
      },
      (error: unknown) => {
        this.deps.log('warn', 'fanout.sweep_failed', { error })
        this.scheduleSweep()
      },
    )
  }
}
