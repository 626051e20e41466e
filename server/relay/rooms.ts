import { Room, type Peer, type RoomContext, type RoomServices } from './room.js'
import type { FanoutRooms } from '../cluster/fanout.js'
import { WriteQueue } from './writeQueue.js'

/**
 * The relay's loaded rooms. A room loads (synchronously) on its first peer and unloads,
 * compacted, when its last peer leaves; so memory follows active rooms only.
 */
export class RoomRegistry implements FanoutRooms {
  private readonly rooms = new Map<string, Room>()
  private readonly services: RoomServices

  constructor(private readonly ctx: RoomContext) {
    const bounds = { maxBatch: ctx.limits.writeBatchMaxUpdates, maxWaitMs: ctx.limits.writeBatchMaxWaitMs }
    const writes = new WriteQueue(ctx.storage, (seconds) => ctx.metrics.storageWriteSeconds.observe(seconds), bounds)
    this.services = { ...ctx, writes, evict: (room) => this.evict(room) }
  }

  /** Writes every queued append now (shutdown, tests). */
  flushWrites(): void {
    this.services.writes.flush()
  }

  /** Number of rooms in memory. */
  get loaded(): number {
    return this.rooms.size
  }

  /** Stored bytes of the rooms in memory (a sum over at most `maxLoadedRooms` rooms). */
  loadedBytes(): number {
    let bytes = 0
    for (const room of this.rooms.values()) bytes += room.size
    return bytes
  }

  /** The loaded room of that name, if any (for tests and diagnostics). */
  get(name: string): Room | undefined {
    return this.rooms.get(name)
  }

  /** Names of the rooms in memory. */
  names(): string[] {
    return [...this.rooms.keys()]
  }

  /**
   * The room of that name, loaded synchronously from storage if needed. The caller must
   * `join` a peer right away (in the same tick), or the room stays loaded with no peer.
   */
  acquire(name: string): Room {
    let room = this.rooms.get(name)
    if (!room) {
      const started = performance.now()
      room = new Room(name, this.services)
      this.ctx.metrics.storeLoadSeconds.observe((performance.now() - started) / 1000)
      this.rooms.set(name, room)
      this.ctx.metrics.roomsLoaded.set(this.rooms.size)
      this.ctx.log('debug', 'relay.room_loaded', { room: name, bytes: room.size })
    }
    return room
  }

  /**
   * Freezes a room in storage and, if it is loaded, in memory. Returns false if the room
   * was never claimed.
   */
  freeze(name: string): boolean {
    if (!this.ctx.storage.freeze(name)) return false
    this.rooms.get(name)?.freeze()
    this.ctx.roomEvents?.(name, 'frozen')
    return true
  }

  /** Another relay froze the room (already stored): freeze it here too. */
  frozenElsewhere(name: string): void {
    this.rooms.get(name)?.freeze()
  }

  /** Another relay deleted the room (already dropped from storage): close it here too. */
  deletedElsewhere(name: string): void {
    const room = this.rooms.get(name)
    if (!room) return
    this.rooms.delete(name)
    room.closeAsDeleted()
    room.destroy()
    this.ctx.metrics.roomsLoaded.set(this.rooms.size)
  }

  /**
   * Deletes a room for everyone: writes what is queued, drops the room's data in storage,
   * closes its peers with `CLOSE.deleted` and forgets it without compacting (compaction
   * would store its content again). Returns false if the room was never claimed.
   */
  delete(name: string): boolean {
    this.flushWrites()
    if (!this.ctx.storage.deleteRoom(name)) return false
    this.ctx.roomEvents?.(name, 'deleted')
    const room = this.rooms.get(name)
    if (!room) return true
    this.rooms.delete(name)
    room.closeAsDeleted()
    room.destroy()
    this.ctx.metrics.roomsLoaded.set(this.rooms.size)
    return true
  }

  /** Removes a peer; unloads (and compacts) the room if it was the last one. */
  leave(room: Room, peer: Peer): void {
    room.leave(peer)
    if (room.peers.size > 0 || this.rooms.get(room.name) !== room) return
    this.unload(room)
  }

  /** Compacts and unloads every room (shutdown). */
  unloadAll(): void {
    this.flushWrites()
    for (const room of [...this.rooms.values()]) this.unload(room)
  }

  /** Forgets a room without compacting it (its memory may hold what storage does not). */
  private evict(room: Room): void {
    if (this.rooms.get(room.name) !== room) return
    this.rooms.delete(room.name)
    room.destroy()
    this.ctx.metrics.roomsLoaded.set(this.rooms.size)
    this.ctx.log('warn', 'relay.room_evicted', { room: room.name })
  }

  private unload(room: Room): void {
    this.rooms.delete(room.name)
    try {
      room.compact(true)
    } catch (error) {
      this.ctx.log('error', 'relay.compact_failed', { room: room.name, error })
    }
    room.destroy()
    this.ctx.metrics.roomsLoaded.set(this.rooms.size)
    this.ctx.log('debug', 'relay.room_unloaded', { room: room.name })
  }
}
