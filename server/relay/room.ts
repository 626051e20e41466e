/**
 * One loaded room: its document bytes, its peers, their presence, and the write path.
 *
 * Write path (the durability rule): check the update -> add it to the in-memory document ->
 * queue its append (`WriteQueue`: the appends of one event-loop turn share one transaction)
 * -> once the append is durable, forward it to the other peers. A sync reply, which may
 * contain queued updates, first writes the queue. A crash loses nothing that was forwarded;
 * if a write fails, the room drops its memory, closes its peers with `CLOSE.tryLater` and is
 * loaded again from storage by the next peer. Updates whose dependencies are not in the room
 * yet wait per peer (not stored, not forwarded) until they arrive, or until the grace period
 * ends and that peer is closed.
 *
 * A frozen room (its list moved to a new link) still answers sync step 1 and presence, but
 * any write that would change it closes its sender with `CLOSE.frozen`; writes that add
 * nothing (a reconnecting client's state) are ignored as before.
 *
 * A deleted room (a writer deleted its list for everyone) holds nothing and closes every
 * peer that joins with `CLOSE.deleted`.
 */
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness'
import * as Y from 'yjs'
import type { RelayLimits } from '../config.js'
import type { Logger } from '../log.js'
import type { RelayMetrics } from '../metrics.js'
import type { RelayStorage } from '../storage/storage.js'
import { CLOSE, type CloseReason } from '../../src/protocol/closeCodes.js'
import { decodeAwarenessEntries, encodeAwareness, encodeAwarenessEntries, encodeSyncStep1, encodeSyncStep2, encodeUpdate } from './protocol.js'
import { RoomDocument } from './roomDocument.js'
import type { WriteQueue } from './writeQueue.js'

/** What a room needs from a connection. */
export interface Peer {
  /** Unique per relay; appears in logs. */
  readonly id: number
  /** False for read-only links: their writes are dropped. */
  readonly canWrite: boolean
  send(frame: Uint8Array): void
  close(reason: CloseReason): void
}

/** Shared services a room uses; owned by the relay. */
export interface RoomContext {
  storage: RelayStorage
  limits: RelayLimits
  metrics: RelayMetrics
  log: Logger
}

/** What a room gets from the registry that holds it. */
export interface RoomServices extends RoomContext {
  /** The relay's shared queue of appends. */
  writes: WriteQueue
  /** Forgets the room (without compacting it) after a failed write; it reloads from storage. */
  evict(room: Room): void
}

interface Held {
  updates: Uint8Array[]
  bytes: number
  timer: NodeJS.Timeout
}

/** A loaded room. Created by `RoomRegistry`, which unloads it when its last peer leaves. */
export class Room {
  readonly peers = new Set<Peer>()
  private readonly doc: RoomDocument
  private readonly awareness: Awareness
  private readonly owners = new Map<number, Peer>()
  private readonly held = new Map<Peer, Held>()
  private rows: number
  private frozen: boolean
  /** Set when the list was deleted for everyone: peers are closed on join. */
  private deleted: boolean
  /** Appends queued but not yet durable. */
  private unflushed = 0
  /** True once evicted after a failed write: queued forwards are dropped. */
  private evicted = false
  /** Whether storage holds the state vector of the room's first row (so a load decodes nothing). */
  private stateVectorStored: boolean

  /** Loads the room from storage synchronously, so no sync reply can precede the load. */
  constructor(
    readonly name: string,
    private readonly ctx: RoomServices,
  ) {
    const rows = ctx.storage.loadUpdates(name)
    this.rows = rows.length
    this.frozen = ctx.storage.isFrozen(name)
    this.deleted = ctx.storage.isDeleted(name)
    const stateVector = rows.length > 0 ? ctx.storage.loadCompactedStateVector(name) : null
    this.stateVectorStored = stateVector !== null
    this.doc = new RoomDocument(rows, stateVector)
    this.awareness = new Awareness(new Y.Doc({ gc: true }))
    this.awareness.setLocalState(null)
    this.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      const changed = [...added, ...updated, ...removed]
      const frame = encodeAwareness(encodeAwarenessUpdate(this.awareness, changed))
      for (const peer of this.peers) if (peer !== origin) peer.send(frame)
    })
  }

  /** Stored size of the room in bytes. */
  get size(): number {
    return this.doc.size
  }

  /** Whether the room refuses writes because its list moved. */
  get isFrozen(): boolean {
    return this.frozen
  }

  /** Marks the room frozen (already stored by the caller) and drops updates waiting for dependencies. */
  freeze(): void {
    this.frozen = true
    for (const peer of [...this.held.keys()]) this.dropHeld(peer)
  }

  /** Marks the room deleted (already dropped from storage by the caller) and closes every peer. */
  closeAsDeleted(): void {
    this.deleted = true
    this.evicted = true
    for (const peer of [...this.peers]) peer.close(CLOSE.deleted)
  }

  /** Adds a peer and sends it everyone's presence; a deleted room closes it instead. */
  join(peer: Peer): void {
    if (this.deleted) return peer.close(CLOSE.deleted)
    this.peers.add(peer)
    const clients = [...this.awareness.getStates().keys()]
    if (clients.length > 0) peer.send(encodeAwareness(encodeAwarenessUpdate(this.awareness, clients)))
  }

  /** Removes a peer, drops what it held and announces that its presence is gone. */
  leave(peer: Peer): void {
    if (!this.peers.delete(peer)) return
    this.dropHeld(peer)
    const owned = [...this.owners].filter(([, owner]) => owner === peer).map(([client]) => client)
    for (const client of owned) this.owners.delete(client)
    if (owned.length > 0) removeAwarenessStates(this.awareness, owned, null)
  }

  /** Sync step 1 from a peer: reply with what it lacks, then the room's own state vector. */
  syncStep1(peer: Peer, stateVector: Uint8Array): void {
    this.writeQueued()
    if (this.evicted) return peer.close(CLOSE.tryLater)
    let diff: Uint8Array
    try {
      diff = this.doc.diff(stateVector)
    } catch {
      peer.close(CLOSE.badFrame)
      return
    }
    peer.send(encodeSyncStep2(diff))
    peer.send(encodeSyncStep1(this.doc.stateVector()))
  }

  /** An update (sync step 2 or live) from a peer: validated, stored, then forwarded. */
  write(peer: Peer, update: Uint8Array): void {
    if (!peer.canWrite) return
    const check = this.doc.check(update)
    if (check.kind === 'malformed') {
      this.ctx.log('warn', 'relay.bad_update', { room: this.name, peer: peer.id, error: check.reason })
      peer.close(CLOSE.badFrame)
    } else if (this.frozen && check.kind !== 'redundant') {
      this.ctx.log('info', 'relay.frozen_write', { room: this.name, peer: peer.id })
      peer.close(CLOSE.frozen)
    } else if (check.kind === 'waiting') {
      this.hold(peer, update)
    } else if (check.kind === 'ready') {
      if (this.commit(peer, update, check.types, check.clocks)) this.retryHeld()
    }
  }

  /** A presence update: only entries for client ids this peer owns (or may claim) are applied. */
  awarenessUpdate(peer: Peer, update: Uint8Array): void {
    const entries = decodeAwarenessEntries(update)
    const mine = entries.filter((entry) => {
      const owner = this.owners.get(entry.clientId)
      if (owner === peer) return true
      if (owner !== undefined) return false
      const ownedByPeer = [...this.owners.values()].filter((o) => o === peer).length
      if (ownedByPeer >= this.ctx.limits.maxAwarenessClientsPerConnection) return false
      this.owners.set(entry.clientId, peer)
      return true
    })
    if (mine.length === 0) return
    applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(mine), peer)
  }

  /** A peer asked for everyone's presence. */
  queryAwareness(peer: Peer): void {
    const clients = [...this.awareness.getStates().keys()]
    peer.send(encodeAwareness(encodeAwarenessUpdate(this.awareness, clients)))
  }

  /**
   * Merges the stored rows into one when they pile up (also called, forced, on unload). A
   * forced compaction of a single row still stores its state vector if storage lacks it.
   */
  compact(force = false): void {
    this.writeQueued()
    if (this.evicted || this.rows === 0) return
    const due = force ? this.rows > 1 || !this.stateVectorStored : this.rows >= this.ctx.limits.compactAfterRows
    if (!due) return
    this.ctx.storage.replaceUpdates(this.name, this.doc.compacted(), this.doc.stateVector())
    this.rows = 1
    this.stateVectorStored = true
  }

  /** Releases memory and timers; the registry calls this when the room unloads. */
  destroy(): void {
    for (const peer of [...this.held.keys()]) this.dropHeld(peer)
    this.awareness.destroy()
  }

  private commit(peer: Peer, update: Uint8Array, types: readonly Y.ID[], clocks: ReadonlyMap<number, number>): boolean {
    if (this.ctx.storage.hasRoomFor?.(update.length) === false) return (peer.close(CLOSE.storageFull), false)
    if (this.doc.size + update.length > this.ctx.limits.maxRoomBytes) {
      this.ctx.log('warn', 'relay.room_full', { room: this.name, peer: peer.id, size: this.doc.size })
      peer.close(CLOSE.roomFull)
      return false
    }
    this.doc.apply(update, types, clocks)
    this.rows += 1
    this.unflushed += 1
    this.ctx.writes.push({
      room: this.name,
      update,
      stored: () => this.forward(peer, update),
      failed: (error) => this.writeFailed(peer, error),
    })
    return true
  }

  /** Sends a durable update to every peer but its sender. */
  private forward(from: Peer, update: Uint8Array): void {
    this.unflushed -= 1
    if (this.evicted) return
    const frame = encodeUpdate(update)
    for (const other of this.peers) if (other !== from) other.send(frame)
    if (this.unflushed === 0) this.compact()
  }

  /** Writes this room's queued appends now (the queue is shared, so others' go too). */
  private writeQueued(): void {
    if (this.unflushed > 0) this.ctx.writes.flush()
  }

  /** A batch with this room's updates was not stored: forget the room and let its peers reconnect. */
  private writeFailed(peer: Peer, error: unknown): void {
    this.ctx.log('error', 'relay.storage_write_failed', { room: this.name, peer: peer.id, error })
    this.evicted = true
    this.ctx.evict(this)
    for (const other of [...this.peers]) other.close(CLOSE.tryLater)
  }

  private hold(peer: Peer, update: Uint8Array): void {
    let held = this.held.get(peer)
    if (!held) {
      const timer = setTimeout(() => {
        this.ctx.log('warn', 'relay.missing_deps', { room: this.name, peer: peer.id })
        peer.close(CLOSE.missingDeps)
      }, this.ctx.limits.missingDepsTimeoutMs)
      timer.unref()
      held = { updates: [], bytes: 0, timer }
      this.held.set(peer, held)
    }
    held.updates.push(update)
    held.bytes += update.length
    if (held.bytes > this.ctx.limits.maxHeldBytes) peer.close(CLOSE.missingDeps)
  }

  private dropHeld(peer: Peer): void {
    const held = this.held.get(peer)
    if (!held) return
    clearTimeout(held.timer)
    this.held.delete(peer)
  }

  private retryHeld(): void {
    let progress = true
    while (progress && this.held.size > 0) {
      progress = false
      for (const [peer, held] of [...this.held]) {
        const waiting: Uint8Array[] = []
        for (const update of held.updates) {
          const check = this.doc.check(update)
          if (check.kind === 'ready') {
            if (!this.commit(peer, update, check.types, check.clocks)) return
            progress = true
          } else if (check.kind === 'waiting') {
            waiting.push(update)
          } else if (check.kind === 'malformed') {
            this.ctx.log('warn', 'relay.bad_update', { room: this.name, peer: peer.id, error: check.reason })
            this.dropHeld(peer)
            peer.close(CLOSE.badFrame)
            break
          }
        }
        if (!this.held.has(peer)) continue
        held.updates = waiting
        held.bytes = waiting.reduce((sum, u) => sum + u.length, 0)
        if (waiting.length === 0) this.dropHeld(peer)
      }
    }
  }
}
