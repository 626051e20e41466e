/**
 * One websocket peer: turns frames into room calls, enforces per-connection limits, and
 * closes only this socket on bad input. Every frame is handled inside a try/catch.
 *
 * Memory per connection is bounded (flow control):
 * - every send looks at the socket's buffered bytes: above `sendBufferSoftBytes` the relay
 *   stops reading from this peer (`pause`) until its buffer drains below that again (seen
 *   in the send callbacks); above `sendBufferHardBytes` (plus the one sync reply in flight)
 *   the socket is closed with `CLOSE.slowReader`. Forwarded updates count like any send.
 * - at most one sync reply is in flight: a sync step 1 that arrives while the previous reply
 *   is still buffered is not answered yet; only the latest such state vector is kept and
 *   answered once the reply has been written out.
 * - sync replies draw on a byte budget (`syncBytesPerSecond`, token bucket by bytes that may
 *   go into debt): a step 1 that arrives while the budget is in debt waits for it.
 */
import type { RelayLimits } from '../config.js'
import type { Logger } from '../log.js'
import type { RelayMetrics } from '../metrics.js'
import { CLOSE, type CloseReason } from '../../src/protocol/closeCodes.js'
import { ProtocolError, decodeClientFrame } from './protocol.js'
import { ByteBudget, TokenBucket } from './rateLimit.js'
import type { Peer, Room } from './room.js'

/**
 * The part of a websocket a connection uses (a `ws` WebSocket satisfies it). The flow-control
 * members are optional: a socket without `bufferedAmount` (a test double) counts every send
 * as written at once.
 */
export interface FrameSocket {
  send(data: Uint8Array, onWritten?: (error?: Error) => void): void
  close(code: number, reason: string): void
  /** Bytes handed to the socket but not yet to the kernel. */
  readonly bufferedAmount?: number
  /** Stops reading frames from the peer. */
  pause?(): void
  /** Reads frames from the peer again. */
  resume?(): void
  /** Drops the connection at once (no closing handshake). */
  terminate?(): void
}

/** Services a connection uses; owned by the relay. */
export interface ConnectionContext {
  limits: RelayLimits
  metrics: RelayMetrics
  log: Logger
}

/** A connected peer in one room. */
export class RelayConnection implements Peer {
  private closed = false
  private readonly messages: TokenBucket
  private readonly presence: TokenBucket
  private readonly syncBytes: ByteBudget
  /** Frames handed to the socket, and frames the socket reported written. */
  private framesSent = 0
  private framesWritten = 0
  /** While a sync reply is in flight: the frame count at its end, and its size (allowed on top of the hard limit). */
  private syncReplyEnd = -1
  private syncReplyBytes = 0
  /** The latest step 1 not answered yet (one per connection, so bounded by the frame cap). */
  private pendingStateVector: Uint8Array | null = null
  private syncRetry: NodeJS.Timeout | null = null
  /** True while `room.syncStep1` is sending this connection's reply. */
  private replying = false
  private paused = false
  /** Buffered bytes when the heartbeat last looked (see `drainedSinceLastLook`). */
  private bufferedAtLastLook = 0
  private readonly onWritten = (): void => this.written()

  constructor(
    readonly id: number,
    private readonly socket: FrameSocket,
    readonly room: Room,
    readonly canWrite: boolean,
    private readonly ctx: ConnectionContext,
  ) {
    this.messages = new TokenBucket(ctx.limits.messagesPerSecond, ctx.limits.messagesPerSecond * 4)
    this.presence = new TokenBucket(ctx.limits.awarenessPerSecond, ctx.limits.awarenessPerSecond * 2)
    this.syncBytes = new ByteBudget(ctx.limits.syncBytesPerSecond, ctx.limits.syncBytesPerSecond * 4)
  }

  /** True once the relay decided to close this connection. */
  get isClosed(): boolean {
    return this.closed
  }

  /** Handles one websocket message. Text frames and undecodable bytes close this socket only. */
  onMessage(data: Uint8Array, isBinary: boolean): void {
    if (this.closed) return
    this.ctx.metrics.traffic.bytesIn += data.length
    if (!isBinary) return this.reject('text frame')
    if (!this.messages.take()) {
      this.ctx.log('warn', 'relay.rate_limited', { room: this.room.name, peer: this.id })
      return this.close(CLOSE.rateLimited)
    }
    try {
      const message = decodeClientFrame(data)
      const counts = this.ctx.metrics.traffic.messagesIn
      counts[message.type] = (counts[message.type] ?? 0) + 1
      switch (message.type) {
        case 'sync-step1':
          return this.syncStep1(message.stateVector)
        case 'sync-step2':
        case 'update':
          return this.room.write(this, message.update)
        case 'awareness':
          if (message.update.length > this.ctx.limits.maxAwarenessBytes || !this.presence.take()) return
          return this.room.awarenessUpdate(this, message.update)
        case 'query-awareness':
          return this.room.queryAwareness(this)
      }
    } catch (error) {
      this.reject(error instanceof ProtocolError ? error.message : 'frame handling failed', error instanceof ProtocolError ? undefined : error)
    }
  }

  /**
   * Sends a frame unless the connection is closing; closes a peer that stopped reading.
   * `sent` runs once the socket has written the frame (at once for a socket without a buffer).
   */
  send(frame: Uint8Array, sent?: (error?: Error) => void): void {
    if (this.closed) return
    const traffic = this.ctx.metrics.traffic
    traffic.messagesOut += 1
    traffic.bytesOut += frame.length
    if (this.syncReplyEnd < 0 && this.replying) this.syncReplyBytes += frame.length
    this.framesSent += 1
    try {
      if (this.socket.bufferedAmount === undefined) {
        this.socket.send(frame)
        this.written()
        sent?.()
        return
      }
      this.socket.send(
        frame,
        sent
          ? (error) => {
              this.written()
              sent(error)
            }
          : this.onWritten,
      )
    } catch {
      return this.close(CLOSE.goingAway)
    }
    this.checkBuffer()
  }

  /** Closes this socket with a named reason (once). */
  close(reason: CloseReason): void {
    if (this.closed) return
    this.closed = true
    this.stopSyncRetry()
    this.pendingStateVector = null
    this.ctx.metrics.closes.inc({ reason: reason.reason })
    this.ctx.log('info', 'relay.close', { room: this.room.name, peer: this.id, code: reason.code, reason: reason.reason })
    try {
      this.socket.close(reason.code, reason.reason)
      // A peer that stopped reading would hold its buffer through the closing handshake
      // (ws waits up to 30 s): drop it now; its close frame could not get through anyway.
      if (reason === CLOSE.slowReader) this.socket.terminate?.()
    } catch {
      // the socket is already gone; nothing left to close
    }
  }

  /**
   * Whether the peer took bytes off its buffer since the heartbeat last asked. While reading
   * is paused its pongs are not read either, so a peer slowly downloading a large room is
   * alive if its buffer shrinks.
   */
  drainedSinceLastLook(): boolean {
    const buffered = this.socket.bufferedAmount ?? 0
    const drained = buffered < this.bufferedAtLastLook
    this.bufferedAtLastLook = buffered
    return drained
  }

  /** Marks the socket as gone (closed by the client or the network). */
  markGone(): void {
    if (!this.closed) this.ctx.metrics.closes.inc({ reason: 'client' })
    this.closed = true
    this.stopSyncRetry()
    this.pendingStateVector = null
  }

  /** Answers a step 1 now, or keeps it (replacing an older one) until the reply in flight is written and the byte budget allows. */
  private syncStep1(stateVector: Uint8Array): void {
    if (this.syncReplyEnd >= 0 || this.replying || !this.syncBytes.hasCredit()) {
      this.pendingStateVector = stateVector
      this.scheduleSyncRetry()
      return
    }
    this.pendingStateVector = null
    this.syncReplyBytes = 0
    this.replying = true
    try {
      this.room.syncStep1(this, stateVector)
    } finally {
      this.replying = false
    }
    this.syncBytes.spend(this.syncReplyBytes)
    if (this.framesWritten < this.framesSent) this.syncReplyEnd = this.framesSent
    else this.syncReplyBytes = 0
  }

  /** Retries a kept step 1 once the byte budget is out of debt (one timer per connection). */
  private scheduleSyncRetry(): void {
    if (this.syncRetry || this.syncReplyEnd >= 0 || this.replying) return
    const wait = this.syncBytes.msUntilCredit()
    if (wait <= 0) return
    this.syncRetry = setTimeout(() => {
      this.syncRetry = null
      this.answerPending()
    }, wait)
    this.syncRetry.unref()
  }

  private stopSyncRetry(): void {
    if (this.syncRetry) clearTimeout(this.syncRetry)
    this.syncRetry = null
  }

  /** Answers the kept step 1, if any (it runs from a timer or a write callback, so it is guarded here). */
  private answerPending(): void {
    const stateVector = this.pendingStateVector
    if (this.closed || !stateVector) return
    try {
      this.syncStep1(stateVector)
    } catch (error) {
      this.ctx.log('error', 'relay.sync_failed', { room: this.room.name, peer: this.id, error })
      this.close(CLOSE.internalError)
    }
  }

  /** One frame reached the kernel (or the socket gave up on it). */
  private written(): void {
    this.framesWritten += 1
    if (this.syncReplyEnd >= 0 && this.framesWritten >= this.syncReplyEnd) {
      this.syncReplyEnd = -1
      this.syncReplyBytes = 0
      if (this.pendingStateVector) queueMicrotask(() => this.answerPending())
    }
    if (this.paused && !this.closed && (this.socket.bufferedAmount ?? 0) <= this.ctx.limits.sendBufferSoftBytes) {
      this.paused = false
      this.socket.resume?.()
    }
  }

  /** Pauses reading above the soft limit; closes above the hard limit (plus the sync reply in flight). */
  private checkBuffer(): void {
    const buffered = this.socket.bufferedAmount ?? 0
    if (buffered > this.ctx.limits.sendBufferHardBytes + this.syncReplyBytes) {
      this.ctx.log('warn', 'relay.slow_reader', { room: this.room.name, peer: this.id, buffered })
      return this.close(CLOSE.slowReader)
    }
    if (!this.paused && buffered > this.ctx.limits.sendBufferSoftBytes) {
      this.paused = true
      this.socket.pause?.()
    }
  }

  private reject(reason: string, error?: unknown): void {
    this.ctx.log(error ? 'error' : 'warn', 'relay.bad_frame', { room: this.room.name, peer: this.id, error: reason })
    this.close(CLOSE.badFrame)
  }
}
