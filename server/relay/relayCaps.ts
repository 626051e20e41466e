/**
 * Relay-wide caps that bound state per relay: rooms and room bytes held in memory, total
 * stored bytes, and new rooms per client address per hour. Each refusal names the close
 * code its socket gets.
 */
import type { RelayLimits } from '../config.js'
import { CLOSE, type CloseReason } from '../../src/protocol/closeCodes.js'
import type { GuardedStorage } from '../storage/guardedStorage.js'
import type { RelayStorage } from '../storage/storage.js'
import { TokenBucket } from './rateLimit.js'
import type { RoomRegistry } from './rooms.js'

/** Thrown from a claim the caps refuse; carries the close code for the socket. */
export class RoomRefused extends Error {
  override name = 'RoomRefused'
  constructor(readonly reason: CloseReason) {
    super(reason.reason)
  }
}

/** The relay's caps on loaded rooms, stored bytes and new rooms per address. */
export class RelayCaps {
  /** New-room budget per address; addresses with a full bucket are swept (so at most one entry per recently active address). */
  private readonly newRooms = new Map<string, TokenBucket>()

  constructor(
    private readonly limits: RelayLimits,
    private readonly storage: GuardedStorage,
    private readonly rooms: RoomRegistry,
  ) {}

  /** Why room `name` may not be loaded now, or null (an already loaded room is always fine). */
  refuseLoad(name: string): CloseReason | null {
    if (this.rooms.get(name)) return null
    if (this.rooms.loaded >= this.limits.maxLoadedRooms) return CLOSE.relayBusy
    if (this.rooms.loadedBytes() >= this.limits.maxLoadedBytes) return CLOSE.relayBusy
    return null
  }

  /**
   * The storage as one connection's access check sees it: a claim (a new room) is refused
   * with `RoomRefused` when storage is at its total cap or `address` used up its new rooms
   * for the hour. Only a claim that succeeds uses up one of the address's new rooms.
   */
  forAddress(address: string): RelayStorage {
    const storage = this.storage
    return {
      ...storage,
      claim: (room, access) => {
        // a new room must be able to store at least one full frame
        if (!storage.hasRoomFor(this.limits.maxFrameBytes)) throw new RoomRefused(CLOSE.storageFull)
        const budget = this.budget(address)
        if (!budget.canTake()) throw new RoomRefused(CLOSE.tooManyNewRooms)
        const claimed = storage.claim(room, access)
        if (claimed) budget.take()
        return claimed
      },
    }
  }

  /** Forgets addresses whose budget is full again (called periodically). */
  sweep(): void {
    for (const [address, bucket] of this.newRooms) if (bucket.isFull()) this.newRooms.delete(address)
  }

  private budget(address: string): TokenBucket {
    let bucket = this.newRooms.get(address)
    if (!bucket) {
      const perHour = this.limits.newRoomsPerHourPerAddress
      bucket = new TokenBucket(perHour / 3600, perHour)
      this.newRooms.set(address, bucket)
    }
    return bucket
  }
}
