/**
 * One loaded room: its document bytes, its peers, their presence, and the write path.
 *
 * Write path (the durability rule): check the update -> add it to the in-memory document ->
 * queue its append (`WriteQueue`: the appends of one event-loop turn share one transaction;
 * on a shared store the commit does not block the event loop) -> once the append is durable,
 * forward it to the other peers. A sync reply, which may
 * contain queued updates, first writes the queue. A crash loses nothing that was forwarded;
 * if a write fails, the room drops its memory, closes its peers with `CLOSE.tryLater` and is
 * loaded again from storage by the next peer. Updates whose dependencies are not in the room
 * yet are held per peer (`HeldUpdates`: not stored, not forwarded, bounded in count per peer
 * and per room) until the clock they wait for arrives, or until the grace period ends and
 * that peer is closed.
 *
 * Sync reply (`syncStep1`): what the peer lacks goes out in pieces of at most about
 * `ROW_BYTES` (`RoomDocument.replyPieces`), each computed only once the previous frame has
 * been written to the socket, so a reader that stops reading stops the reply and one reply
 * never costs more than one piece at a time. All but the last piece go as `update` messages;
 * the last goes as sync step 2 (which marks a y-websocket client synced), followed by the
 * room's state vector (the relay's own step 1). A room within `ROW_BYTES` answers in one
 * step 2, as before. A new step 1 from the same peer ends its previous reply.
 *
 * A frozen room (its list moved to a new link) still answers sync step 1 and presence, but
 * any write that would change it closes its sender with `CLOSE.frozen`; writes that add
 * nothing (a reconnecting client's state) are ignored as before.
 *
 * A deleted room (a writer deleted its list for everyone) holds nothing and closes every
 * peer that joins with `CLOSE.deleted`.
 *
 * On a storage several relays share (`storage.shared`, PostgreSQL), the room loads its rows
 * and the room's counter in one snapshot, learns the counter of each of its own commits, and
 * takes other relays' committed updates in counter order (`receiveCommitted`, fed by
 * `cluster/fanout.ts`); presence changes of its own peers go out through the same fan-out.
 * Compaction is then the store's (`SharedStorage.compactRoom`), run in the background.
 */
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness'
import * as Y from 'yjs'
import type { RelayLimits } from '../config.js'
import type { Logger } from '../log.js'
import type { RelayMetrics } from '../metrics.js'
import { StoreUnavailableError, type RelayStorage } from '../storage/storage.js'
import { CLOSE, type CloseReason } from '../../src/protocol/closeCodes.js'
import { decodeAwarenessEntries, encodeAwareness, encodeAwarenessEntries, encodeSyncStep1, encodeSyncStep2, encodeUpdate } from './protocol.js'
import { HeldUpdates, type HeldUpdate } from './heldUpdates.js'
import { ROW_BYTES, RoomDocument, TYPE_INDEX_CLOCK } from './roomDocument.js'
import type { MissingClock } from './updateChecks.js'
import type { DeletedRange } from './yjsStructs.js'
import { RoomDeletedError, type WriteQueue } from './writeQueue.js'

/** Most presence states from other relays kept per room: every relay bounds its own peers, and this bounds their sum here. */
const MAX_REMOTE_PRESENCE = 4_096

/** What a room needs from a connection. */
export interface Peer {
  /** Unique per relay; appears in logs. */
  readonly id: number
  /** False for read-only links: their writes are dropped. */
  readonly canWrite: boolean
  /** Sends a frame; `sent` runs once it is written to the socket (never, if the peer is gone). */
  send(frame: Uint8Array, sent?: (error?: Error) => void): void
  close(reason: CloseReason): void
}

/** Where a room's committed updates and presence changes go to reach the other relays. */
export interface ClusterOutlet {
  /** An update of this relay, committed under `counter`. */
  committed(room: string, counter: number, update: Uint8Array): void
  /** A presence change (an awareness update) of this relay's peers. */
  presence(room: string, update: Uint8Array): void
}

/** Shared services a room uses; owned by the relay. */
export interface RoomContext {
  storage: RelayStorage
  limits: RelayLimits
  metrics: RelayMetrics
  log: Logger
  /** Present when other relays share the storage. */
  cluster?: ClusterOutlet
  /** Present when other relays share the storage: tells them a room was frozen or deleted here. */
  roomEvents?: (room: string, kind: 'frozen' | 'deleted') => void
}

/** Origin of presence changes that came from other relays (they are not sent back out). */
const FROM_OTHER_RELAY = Symbol('other relay')

/** How `receiveCommitted` took an update. */
export type Received = 'applied' | 'known' | 'early'


/** What a room gets from the registry that holds it. */
export interface RoomServices extends RoomContext {
  /** The relay's shared queue of appends. */
  writes: WriteQueue
  /** Forgets the room (without compacting it) after a failed write; it reloads from storage. */
  evict(room: Room): void
}

/** A loaded room. Created by `RoomRegistry`, which unloads it when its last peer leaves. */
export class Room {
  readonly peers = new Set<Peer>()
  private readonly doc: RoomDocument
  private readonly awareness: Awareness
  private readonly owners = new Map<number, Peer>()
  private readonly held: HeldUpdates<Peer>
  /** Per peer holding updates: closes it when they have waited too long. */
  private readonly heldTimers = new Map<Peer, NodeJS.Timeout>()
  /** The sync reply each peer is being sent; a new step 1 replaces it. */
  private readonly replies = new Map<Peer, object>()
  private frozen: boolean
  /** Set when the list was deleted for everyone: peers are closed on join. */
  private deleted: boolean
  /** Appends queued but not yet durable. */
  private unflushed = 0
  /** True once evicted after a failed write: queued forwards are dropped. */
  private evicted = false
  /** True once unloaded: background steps stop. */
  private destroyed = false
  /** Whether the type index is being built a row per turn (see `RoomDocument`). */
  private buildingTypeIndex = false
  /** How many of the room's first rows the state vector in storage covers (a load reads none of them). */
  private stateVectorThrough: number
  /** Shared storage: every committed update up to this counter is in the document. */
  private counter = 0
  /** Shared storage: counters of this relay's own commits above `counter`. */
  private readonly ownAhead = new Set<number>()
  /**
   * Client ids whose presence came from another relay. Clients echo every presence change
   * they receive, so a peer here may claim such an id only with a newer clock (the client
   * itself, moved here from another relay), never with the clock already known (an echo).
   * Bounded by the room's presence states: an id leaves with its state.
   */
  private readonly remoteClients = new Set<number>()
  /** Shared storage: a background compaction is running. */
  private compacting = false
  /**
   * Shared storage: this relay committed a row whose counter is a multiple of
   * `compactAfterRows`, so the store's compaction of the room is its turn (each counter is
   * committed by one relay, so one relay compacts per that many rows, not every relay).
   */
  private storeCompactionDue = false

  /** Loads the room from storage synchronously, so no sync reply can precede the load. */
  constructor(
    readonly name: string,
    private readonly ctx: RoomServices,
  ) {
    const shared = ctx.storage.shared
    const snapshot = shared ? shared.loadRoom(name) : null
    const rows = snapshot ? snapshot.rows : ctx.storage.loadUpdates(name)
    this.counter = snapshot?.head ?? 0
    this.held = new HeldUpdates({
      perPeerUpdates: ctx.limits.maxHeldUpdatesPerConnection,
      perPeerBytes: ctx.limits.maxHeldBytes,
      perRoomUpdates: ctx.limits.maxHeldUpdatesPerRoom,
    })
    this.frozen = ctx.storage.isFrozen(name)
    this.deleted = ctx.storage.isDeleted(name)
    const stored = snapshot ? snapshot.stateVectorThrough : rows.length > 0 ? ctx.storage.loadStateVectorThrough(name) : null
    this.stateVectorThrough = stored?.rows ?? 0
    this.doc = new RoomDocument(rows, stored?.stateVector ?? null, stored?.rows ?? 0)
    this.awareness = new Awareness(new Y.Doc({ gc: true }))
    this.awareness.setLocalState(null)
    this.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      for (const client of removed) this.remoteClients.delete(client)
      const changed = [...added, ...updated, ...removed]
      const frame = encodeAwareness(encodeAwarenessUpdate(this.awareness, changed))
      for (const peer of this.peers) if (peer !== origin) peer.send(frame)
      if (origin !== FROM_OTHER_RELAY && ctx.cluster) ctx.cluster.presence(this.name, encodeAwarenessUpdate(this.awareness, changed))
    })
  }

  /** Shared storage: the counter up to which every committed update is in the document. */
  get committedThrough(): number {
    return this.counter
  }

  /** Whether the room was evicted or unloaded (the fan-out stops feeding it). */
  get gone(): boolean {
    return this.evicted || this.destroyed
  }

  /**
   * Another relay's committed update (shared storage), taken in counter order: the next one
   * is applied and sent to every peer here; one already in the document is `known`; one past
   * a gap is `early` (the caller keeps it until the gap is filled), unless it was read from the
   * store (`fromStore`: a row there holds every counter back to the previous row). An update that does not
   * fit the document (which order makes impossible) evicts the room, so it reloads from the store.
   */
  receiveCommitted(counter: number, update: Uint8Array, fromStore = false): Received {
    if (counter <= this.counter || this.ownAhead.has(counter)) return 'known'
    if (counter > this.counter + 1 && !fromStore) return 'early'
    this.counter = counter
    for (const own of this.ownAhead) if (own <= counter) this.ownAhead.delete(own)
    if (!this.gone && !this.deleted) {
      // the relay that committed it checked it against the same rows (counter order)
      const check = this.doc.check(update, true)
      if (check.kind === 'ready') {
        this.doc.apply(update, check.types, check.clocks, check.deletes)
        const frame = encodeUpdate(update)
        for (const peer of this.peers) peer.send(frame)
        this.retryHeld(check.clocks.keys())
        if (this.unflushed === 0) this.compact()
      } else if (check.kind !== 'redundant') {
        this.ctx.log('error', 'relay.committed_update_did_not_fit', { room: this.name, counter, check: check.kind })
        this.evictAndClose(CLOSE.tryLater)
      }
    }
    this.skipOwn()
    return 'applied'
  }

  /** Presence changes from another relay: applied, except for client ids a peer here owns. */
  receivePresence(update: Uint8Array): void {
    if (this.gone) return
    // a new presence from another relay past MAX_REMOTE_PRESENCE is dropped; removals always apply
    const entries = decodeAwarenessEntries(update).filter((entry) => {
      if (this.owners.has(entry.clientId)) return false
      if (entry.state === 'null' || this.remoteClients.has(entry.clientId)) return true
      if (this.remoteClients.size >= MAX_REMOTE_PRESENCE) return false
      this.remoteClients.add(entry.clientId)
      return true
    })
    if (entries.length === 0) return
    applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(entries), FROM_OTHER_RELAY)
  }

  /** Moves `counter` past own commits that directly follow it. */
  private skipOwn(): void {
    while (this.ownAhead.delete(this.counter + 1)) this.counter += 1
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
    for (const peer of [...this.heldTimers.keys()]) this.dropHeld(peer)
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
    this.replies.delete(peer)
    const owned = [...this.owners].filter(([, owner]) => owner === peer).map(([client]) => client)
    for (const client of owned) this.owners.delete(client)
    if (owned.length > 0) removeAwarenessStates(this.awareness, owned, null)
  }

  /** Sync step 1 from a peer: reply with what it lacks, piece by piece, then the room's own state vector. */
  syncStep1(peer: Peer, stateVector: Uint8Array): void {
    this.writeQueued()
    if (this.evicted) return peer.close(CLOSE.tryLater)
    let pieces: Array<() => Uint8Array>
    try {
      pieces = this.doc.replyPieces(stateVector)
    } catch {
      peer.close(CLOSE.badFrame)
      return
    }
    const reply = {}
    this.replies.set(peer, reply)
    this.sendPiece(peer, reply, pieces, 0)
  }

  /**
   * Sends piece `index` of a sync reply; the next one goes from this send's callback, which
   * runs outside any frame handler, so a failure here closes only this peer.
   */
  private sendPiece(peer: Peer, reply: object, pieces: ReadonlyArray<() => Uint8Array>, index: number): void {
    if (this.replies.get(peer) !== reply || this.evicted) return
    let piece: Uint8Array
    try {
      piece = pieces[index]!()
    } catch (error) {
      this.ctx.log('error', 'relay.reply_failed', { room: this.name, peer: peer.id, error })
      this.replies.delete(peer)
      peer.close(CLOSE.tryLater)
      return
    }
    if (index < pieces.length - 1) {
      peer.send(encodeUpdate(piece), (error) => {
        if (!error) this.sendPiece(peer, reply, pieces, index + 1)
      })
      return
    }
    this.replies.delete(peer)
    peer.send(encodeSyncStep2(piece))
    // the state vector must not promise updates that are not durable yet
    this.writeQueued()
    if (this.evicted) return peer.close(CLOSE.tryLater)
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
      this.hold(peer, update, check.missing)
    } else if (check.kind === 'ready') {
      if (this.commit(peer, update, check.types, check.clocks, check.deletes)) this.retryHeld(check.clocks.keys())
    }
  }

  /** A presence update: only entries for client ids this peer owns (or may claim) are applied. */
  awarenessUpdate(peer: Peer, update: Uint8Array): void {
    // structural bounds (entries, depth, values) are checked here; a bad state throws ProtocolError
    const entries = decodeAwarenessEntries(update)
    let ownedByPeer = 0
    for (const owner of this.owners.values()) if (owner === peer) ownedByPeer += 1
    const mine = entries.filter((entry) => {
      const owner = this.owners.get(entry.clientId)
      if (owner === peer) return true
      if (owner !== undefined) return false
      if (this.remoteClients.has(entry.clientId) && entry.clock <= (this.awareness.meta.get(entry.clientId)?.clock ?? 0)) return false
      if (ownedByPeer >= this.ctx.limits.maxAwarenessClientsPerConnection) return false
      this.remoteClients.delete(entry.clientId)
      this.owners.set(entry.clientId, peer)
      ownedByPeer += 1
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
   * Merges the trailing rows into one, in a bounded step (`RoomDocument.settle`), once
   * `compactAfterRows` rows or `ROW_BYTES` have been appended since the last time (and, forced,
   * on unload). The room's state vector is stored beside the last row, so the next load reads
   * none of the rows it covers; forced, it is stored even when nothing could be merged.
   */
  compact(force = false): void {
    this.writeQueued()
    if (this.evicted || this.doc.rowCount === 0) return
    if (this.ctx.storage.shared) return this.compactShared(force)
    const unsettled = this.doc.unsettled
    const due = force
      ? unsettled.rows > 0 || this.stateVectorThrough < this.doc.rowCount
      : unsettled.rows >= this.ctx.limits.compactAfterRows || (unsettled.rows > 1 && unsettled.bytes >= ROW_BYTES)
    if (!due) return
    const settled = this.doc.settle()
    if (settled) {
      this.ctx.storage.replaceLastUpdates(this.name, settled.rows, settled.merged, this.doc.stateVector())
      this.stateVectorThrough = this.doc.rowCount
    } else if (force && this.stateVectorThrough < this.doc.rowCount) {
      // nothing to merge (the last row alone fills a row): rewrite it, at most one frame, with the state vector
      this.ctx.storage.replaceLastUpdates(this.name, 1, this.doc.lastRow!, this.doc.stateVector())
      this.stateVectorThrough = this.doc.rowCount
    }
  }

  /**
   * Shared storage: settles the document's rows in memory (bounded, as above) once
   * `compactAfterRows` rows have come in since the last time, and lets the store merge the
   * stored rows in the background when this relay committed the row that made another
   * `compactAfterRows` (so one relay per that many rows does it), or on unload.
   */
  private compactShared(force: boolean): void {
    const unsettled = this.doc.unsettled
    const due = force ? unsettled.rows > 1 : unsettled.rows >= this.ctx.limits.compactAfterRows
    if (due) this.doc.settle()
    if (!(force ? due : this.storeCompactionDue) || this.compacting) return
    this.storeCompactionDue = false
    this.compacting = true
    this.ctx.storage.shared!.compactRoom(this.name, ROW_BYTES).then(
      () => (this.compacting = false),
      (error: unknown) => {
        this.compacting = false
        this.ctx.log('warn', 'relay.compact_failed', { room: this.name, error })
      },
    )
  }

  /** Releases memory and timers; the registry calls this when the room unloads. */
  destroy(): void {
    this.destroyed = true
    for (const peer of [...this.heldTimers.keys()]) this.dropHeld(peer)
    this.replies.clear()
    this.awareness.destroy()
  }

  private commit(peer: Peer, update: Uint8Array, types: readonly Y.ID[], clocks: ReadonlyMap<number, number>, deletes: readonly DeletedRange[]): boolean {
    if (this.ctx.storage.hasRoomFor?.(update.length) === false) return (peer.close(CLOSE.storageFull), false)
    if (this.doc.size + update.length > this.ctx.limits.maxRoomBytes) {
      this.ctx.log('warn', 'relay.room_full', { room: this.name, peer: peer.id, size: this.doc.size })
      peer.close(CLOSE.roomFull)
      return false
    }
    this.doc.apply(update, types, clocks, deletes)
    this.unflushed += 1
    this.ctx.writes.push({
      room: this.name,
      update,
      stored: (counter) => {
        if (counter !== undefined) this.committedHere(counter, update)
        this.forward(peer, update)
      },
      failed: (error) => this.writeFailed(peer, error),
    })
    return true
  }

  /** Shared storage: notes the counter of an own commit and hands the update to the other relays. */
  private committedHere(counter: number, update: Uint8Array): void {
    if (counter % this.ctx.limits.compactAfterRows === 0) this.storeCompactionDue = true
    if (counter === this.counter + 1) {
      this.counter = counter
      this.skipOwn()
    } else if (counter > this.counter) {
      this.ownAhead.add(counter)
    }
    this.ctx.cluster?.committed(this.name, counter, update)
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
    if (error instanceof RoomDeletedError) {
      this.ctx.log('info', 'relay.write_to_deleted_room', { room: this.name, peer: peer.id })
      return this.evictAndClose(CLOSE.deleted)
    }
    this.ctx.log('error', 'relay.storage_write_failed', { room: this.name, peer: peer.id, error })
    this.evictAndClose(error instanceof StoreUnavailableError ? CLOSE.storeUnavailable : CLOSE.tryLater)
  }

  /** Forgets the room (it reloads from storage on the next join) and closes its peers. */
  private evictAndClose(reason: CloseReason): void {
    this.evicted = true
    this.ctx.evict(this)
    for (const other of [...this.peers]) other.close(reason)
  }

  /** Holds an update that waits for `missing`; closes its peer when a bound on held updates would be passed. */
  private hold(peer: Peer, update: Uint8Array, missing: MissingClock): void {
    let refused = this.held.hold(peer, update, missing)
    if (refused === 'room-count') {
      // the room's quota is full: close whoever holds the most (the sender only if that is it)
      const largest = this.held.largestHolder()
      if (largest && largest.peer !== peer) {
        this.ctx.log('warn', 'relay.too_many_held', { room: this.name, peer: largest.peer.id, bound: refused })
        this.dropHeld(largest.peer)
        largest.peer.close(CLOSE.missingDeps)
        refused = this.held.hold(peer, update, missing)
      }
    }
    if (refused) {
      this.ctx.log('warn', 'relay.too_many_held', { room: this.name, peer: peer.id, bound: refused })
      this.dropHeld(peer)
      peer.close(CLOSE.missingDeps)
      return
    }
    if (missing.client === TYPE_INDEX_CLOCK.client) this.buildTypeIndex()
    if (this.heldTimers.has(peer)) return
    const timer = setTimeout(() => {
      this.ctx.log('warn', 'relay.missing_deps', { room: this.name, peer: peer.id })
      this.dropHeld(peer)
      peer.close(CLOSE.missingDeps)
    }, this.ctx.limits.missingDepsTimeoutMs)
    timer.unref()
    this.heldTimers.set(peer, timer)
  }

  private dropHeld(peer: Peer): void {
    this.held.drop(peer)
    clearTimeout(this.heldTimers.get(peer))
    this.heldTimers.delete(peer)
  }

  /**
   * After a commit raised the clocks of `clients`: checks again only the held updates that
   * waited for one of those clocks and can now have what they waited for; those that commit
   * raise more clocks in turn. Each re-check is paid for by a clock that moved past what the
   * update waited for, and the held updates are bounded in count, so a commit costs at most
   * `maxHeldUpdatesPerRoom` checks.
   */
  private retryHeld(clients: Iterable<number>): void {
    const raised = new Set(clients)
    const clockOf = (client: number) => this.clockOf(client)
    while (raised.size > 0 && this.held.size > 0) {
      const due: Array<HeldUpdate<Peer>> = this.held.takeSatisfied(raised, clockOf)
      raised.clear()
      for (const entry of due) {
        if (!this.held.holds(entry.peer) && !this.heldTimers.has(entry.peer)) continue // its peer was closed meanwhile
        const check = this.doc.check(entry.update)
        if (check.kind === 'ready') {
          if (!this.commit(entry.peer, entry.update, check.types, check.clocks, check.deletes)) return
          for (const client of check.clocks.keys()) raised.add(client)
        } else if (check.kind === 'waiting') {
          this.held.holdAgain(entry, check.missing)
          if (check.missing.client === TYPE_INDEX_CLOCK.client) this.buildTypeIndex()
        } else if (check.kind === 'malformed') {
          this.ctx.log('warn', 'relay.bad_update', { room: this.name, peer: entry.peer.id, error: check.reason })
          this.dropHeld(entry.peer)
          entry.peer.close(CLOSE.badFrame)
        }
      }
      for (const peer of [...this.heldTimers.keys()]) if (!this.held.holds(peer)) this.dropHeld(peer)
    }
  }

  /**
   * Builds the room's type index a row per event-loop turn (each step at most about
   * `ROW_BYTES` of decoding), then re-checks the updates that waited for it.
   */
  private buildTypeIndex(): void {
    if (this.buildingTypeIndex) return
    this.buildingTypeIndex = true
    const step = () => {
      if (this.destroyed || this.evicted) return
      try {
        if (!this.doc.buildTypeIndexStep()) return void setImmediate(step)
      } catch (error) {
        this.ctx.log('error', 'relay.type_index_failed', { room: this.name, error })
        return
      }
      this.buildingTypeIndex = false
      this.retryHeld([TYPE_INDEX_CLOCK.client])
    }
    setImmediate(step)
  }

  private clockOf(client: number): number {
    return this.doc.clockOf(client)
  }
}
