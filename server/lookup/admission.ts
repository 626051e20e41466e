/**
 * Who may start a lookup now: per-address caps, so one address cannot occupy the upstream
 * queues however many requests it sends.
 *
 * Each address (an IPv6 address counts by its /64, as one host usually holds a whole /64)
 * may have at most `maxRequests` lookups in flight, and spends tokens from a bucket for the
 * ids that need an upstream call (ids answered from the cache are free, but every request
 * costs at least one token). A refusal says how long to wait, for `Retry-After`.
 */

/** Per-address limits. */
export interface AdmissionLimits {
  /** Lookups one address may have waiting at once. */
  maxRequests: number
  /** Upstream ids one address may ask for in a burst. */
  burstIds: number
  /** Upstream ids per second one address may ask for, sustained. */
  idsPerSecond: number
  /** Addresses tracked at most; beyond it, idle ones are forgotten first, then new ones are refused. */
  maxAddresses: number
}

/** Defaults: 4 requests of ≤ 50 ids in flight, 200 ids at once and 3 ids/s (10,800 an hour) per address. */
export const DEFAULT_ADMISSION: AdmissionLimits = { maxRequests: 4, burstIds: 200, idsPerSecond: 3, maxAddresses: 10_000 }

/** The outcome of asking to start a lookup. */
export type Admission =
  | { ok: true; release: () => void }
  | { ok: false; reason: 'too-many-requests' | 'rate'; retryAfterSeconds: number }

interface AddressState {
  inFlight: number
  tokens: number
  refilledAt: number
}

/** Per-address admission for the lookup route (see the module note). */
export class LookupAdmission {
  private readonly addresses = new Map<string, AddressState>()

  constructor(
    private readonly limits: AdmissionLimits,
    private readonly now: () => number,
  ) {}

  /**
   * Admits a lookup from `address` costing `upstreamIds` tokens (at least 1), or refuses it.
   * The caller must call `release()` once the lookup is answered or abandoned.
   */
  admit(address: string, upstreamIds: number): Admission {
    const state = this.stateOf(addressKey(address))
    if (!state) return { ok: false, reason: 'too-many-requests', retryAfterSeconds: 5 }
    if (state.inFlight >= this.limits.maxRequests) return { ok: false, reason: 'too-many-requests', retryAfterSeconds: 5 }
    const cost = Math.min(this.limits.burstIds, Math.max(1, upstreamIds))
    this.refill(state)
    if (state.tokens < cost) {
      return { ok: false, reason: 'rate', retryAfterSeconds: Math.max(1, Math.ceil((cost - state.tokens) / this.limits.idsPerSecond)) }
    }
    state.tokens -= cost
    state.inFlight++
    let released = false
    return {
      ok: true,
      release: () => {
        if (released) return
        released = true
        state.inFlight--
      },
    }
  }

  private refill(state: AddressState): void {
    const now = this.now()
    state.tokens = Math.min(this.limits.burstIds, state.tokens + ((now - state.refilledAt) / 1000) * this.limits.idsPerSecond)
    state.refilledAt = now
  }

  /** The state of `key`, created if room; forgets idle, refilled addresses when the map is full. */
  private stateOf(key: string): AddressState | null {
    const known = this.addresses.get(key)
    if (known) return known
    if (this.addresses.size >= this.limits.maxAddresses) this.sweep()
    if (this.addresses.size >= this.limits.maxAddresses) return null
    const state = { inFlight: 0, tokens: this.limits.burstIds, refilledAt: this.now() }
    this.addresses.set(key, state)
    return state
  }

  /** Drops addresses with nothing in flight and a full bucket: they are indistinguishable from new ones. */
  private sweep(): void {
    for (const [key, state] of this.addresses) {
      if (state.inFlight > 0) continue
      this.refill(state)
      if (state.tokens >= this.limits.burstIds) this.addresses.delete(key)
    }
  }
}

/**
 * The fairness key of a client address: IPv4 as is (also when IPv4-mapped), IPv6 by its
 * first four groups (the /64 a single host or home usually gets).
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped) return mapped[1]!
  if (!address.includes(':')) return address
  const [head = '', tail = ''] = address.toLowerCase().split('::', 2)
  const headGroups = head ? head.split(':') : []
  const tailGroups = tail ? tail.split(':') : []
  const groups = address.includes('::')
    ? [...headGroups, ...Array<string>(Math.max(0, 8 - headGroups.length - tailGroups.length)).fill('0'), ...tailGroups]
    : headGroups
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`
}
