/**
 * Updates that wait for dependencies the room does not hold yet ("held"), per peer, indexed
 * by the clock each one waits for. When the room's clock for a client moves, only the held
 * updates waiting on that client, and whose awaited clock it now passes, come back to be
 * checked again (`takeSatisfied`): a commit never re-checks updates it cannot have unblocked.
 *
 * Bounded per peer (count and bytes) and per room (count); `hold` says which bound an update
 * would pass, and the caller closes a peer: the sender, or for the room's bound the peer
 * holding the most (`largestHolder`), so one member filling the room's quota cannot get an
 * honest member's held update refused.
 */
import type { MissingClock } from './updateChecks.js'

/** One held update and what it waits for. */
export interface HeldUpdate<P> {
  peer: P
  update: Uint8Array
  missing: MissingClock
}

/** The bounds on held updates (`RelayLimits` gives them). */
export interface HeldBounds {
  perPeerUpdates: number
  perPeerBytes: number
  perRoomUpdates: number
}

/** Why an update could not be held. */
export type HoldRefusal = 'peer-count' | 'peer-bytes' | 'room-count'

interface PeerHeld<P> {
  entries: Set<HeldUpdate<P>>
  bytes: number
}

/** The held updates of one room. */
export class HeldUpdates<P> {
  private readonly byPeer = new Map<P, PeerHeld<P>>()
  /** client -> held updates waiting for a clock of that client. */
  private readonly byClient = new Map<number, Set<HeldUpdate<P>>>()
  private total = 0

  constructor(private readonly bounds: HeldBounds) {}

  /** Number of held updates in the room. */
  get size(): number {
    return this.total
  }

  /** Whether the peer holds anything. */
  holds(peer: P): boolean {
    return this.byPeer.has(peer)
  }

  /** Holds an update, or says which bound it would pass (nothing is held then). */
  hold(peer: P, update: Uint8Array, missing: MissingClock): HoldRefusal | null {
    const mine = this.byPeer.get(peer)
    if ((mine?.entries.size ?? 0) >= this.bounds.perPeerUpdates) return 'peer-count'
    if ((mine?.bytes ?? 0) + update.length > this.bounds.perPeerBytes) return 'peer-bytes'
    if (this.total >= this.bounds.perRoomUpdates) return 'room-count'
    this.add({ peer, update, missing })
    return null
  }

  /** The peer holding the most updates, with its count (null when nothing is held). */
  largestHolder(): { peer: P; count: number } | null {
    let largest: { peer: P; count: number } | null = null
    for (const [peer, mine] of this.byPeer) if (!largest || mine.entries.size > largest.count) largest = { peer, count: mine.entries.size }
    return largest
  }

  /** Holds again an update taken by `takeSatisfied` that still waits (for `missing`). Not counted against the bounds twice. */
  holdAgain(entry: HeldUpdate<P>, missing: MissingClock): void {
    this.add({ ...entry, missing })
  }

  /**
   * Removes and returns, oldest first, the held updates waiting on one of `clients` whose
   * awaited clock the room now holds (`clockOf` returns the room's clock). Costs the number of
   * updates held on those clients, and returns only those that can have become ready.
   */
  takeSatisfied(clients: Iterable<number>, clockOf: (client: number) => number): Array<HeldUpdate<P>> {
    const taken: Array<HeldUpdate<P>> = []
    for (const client of clients) {
      const waiting = this.byClient.get(client)
      if (!waiting) continue
      const clock = clockOf(client)
      for (const entry of waiting) if (clock > entry.missing.clock) taken.push(entry)
    }
    for (const entry of taken) this.remove(entry)
    return taken
  }

  /** Forgets everything a peer holds. */
  drop(peer: P): void {
    const mine = this.byPeer.get(peer)
    if (!mine) return
    for (const entry of [...mine.entries]) this.remove(entry)
  }

  private add(entry: HeldUpdate<P>): void {
    let mine = this.byPeer.get(entry.peer)
    if (!mine) this.byPeer.set(entry.peer, (mine = { entries: new Set(), bytes: 0 }))
    mine.entries.add(entry)
    mine.bytes += entry.update.length
    let waiting = this.byClient.get(entry.missing.client)
    if (!waiting) this.byClient.set(entry.missing.client, (waiting = new Set()))
    waiting.add(entry)
    this.total += 1
  }

  private remove(entry: HeldUpdate<P>): void {
    const mine = this.byPeer.get(entry.peer)
    if (mine?.entries.delete(entry)) {
      mine.bytes -= entry.update.length
      this.total -= 1
      if (mine.entries.size === 0) this.byPeer.delete(entry.peer)
    }
    const waiting = this.byClient.get(entry.missing.client)
    waiting?.delete(entry)
    if (waiting?.size === 0) this.byClient.delete(entry.missing.client)
  }
}
