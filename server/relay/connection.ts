/**
 * One websocket peer: turns frames into room calls, enforces per-connection limits, and
 * closes only this socket on bad input. Every frame is handled inside a try/catch.
 */
import type { RelayLimits } from '../config.js'
import type { Logger } from '../log.js'
import type { RelayMetrics } from '../metrics.js'
import { CLOSE, type CloseReason } from '../../src/protocol/closeCodes.js'
import { ProtocolError, decodeClientFrame } from './protocol.js'
import { TokenBucket } from './rateLimit.js'
import type { Peer, Room } from './room.js'

/** The part of a websocket a connection uses (a `ws` WebSocket satisfies it). */
export interface FrameSocket {
  send(data: Uint8Array, sent?: (error?: Error) => void): void
  close(code: number, reason: string): void
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

  constructor(
    readonly id: number,
    private readonly socket: FrameSocket,
    readonly room: Room,
    readonly canWrite: boolean,
    private readonly ctx: ConnectionContext,
  ) {
    this.messages = new TokenBucket(ctx.limits.messagesPerSecond, ctx.limits.messagesPerSecond * 4)
    this.presence = new TokenBucket(ctx.limits.awarenessPerSecond, ctx.limits.awarenessPerSecond * 2)
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
          return this.room.syncStep1(this, message.stateVector)
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

  /** Sends a frame unless the connection is closing; `sent` runs once the socket has written it. */
  send(frame: Uint8Array, sent?: (error?: Error) => void): void {
    if (this.closed) return
    const traffic = this.ctx.metrics.traffic
    traffic.messagesOut += 1
    traffic.bytesOut += frame.length
    try {
      this.socket.send(frame, sent)
    } catch {
      this.close(CLOSE.goingAway)
    }
  }

  /** Closes this socket with a named reason (once). */
  close(reason: CloseReason): void {
    if (this.closed) return
    this.closed = true
    this.ctx.metrics.closes.inc({ reason: reason.reason })
    this.ctx.log('info', 'relay.close', { room: this.room.name, peer: this.id, code: reason.code, reason: reason.reason })
    try {
      this.socket.close(reason.code, reason.reason)
    } catch {
      // the socket is already gone; nothing left to close
    }
  }

  /** Marks the socket as gone (closed by the client or the network). */
  markGone(): void {
    if (!this.closed) this.ctx.metrics.closes.inc({ reason: 'client' })
    this.closed = true
  }

  private reject(reason: string, error?: unknown): void {
    this.ctx.log(error ? 'error' : 'warn', 'relay.bad_frame', { room: this.room.name, peer: this.id, error: reason })
    this.close(CLOSE.badFrame)
  }
}
