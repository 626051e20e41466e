import { TokenBucket } from './rateLimit.js'

interface AddressState {
  open: number
  handshakes: TokenBucket
}

/**
 * Per-address caps: open sockets and handshakes per minute. Entries for addresses with no
 * open socket and a full bucket are swept, so the map follows active addresses only.
 */
export class AddressLimits {
  private readonly addresses = new Map<string, AddressState>()

  constructor(
    private readonly maxOpen: number,
    private readonly handshakesPerMinute: number,
  ) {}

  /** Admits a handshake from `address`, or says why not. Call `opened` once the socket is up. */
  admit(address: string): 'ok' | 'too-many-connections' | 'too-many-handshakes' {
    let state = this.addresses.get(address)
    if (!state) {
      const perSecond = this.handshakesPerMinute / 60
      state = { open: 0, handshakes: new TokenBucket(perSecond, Math.max(1, Math.ceil(this.handshakesPerMinute / 2))) }
      this.addresses.set(address, state)
    }
    if (state.open >= this.maxOpen) return 'too-many-connections'
    if (!state.handshakes.take()) return 'too-many-handshakes'
    return 'ok'
  }

  /** Counts an open socket for `address`. */
  opened(address: string): void {
    const state = this.addresses.get(address)
    if (state) state.open += 1
  }

  /** Counts a closed socket for `address`. */
  closed(address: string): void {
    const state = this.addresses.get(address)
    if (state) state.open = Math.max(0, state.open - 1)
  }

  /** Forgets idle addresses (called periodically). */
  sweep(): void {
    for (const [address, state] of this.addresses) if (state.open === 0 && state.handshakes.isFull()) this.addresses.delete(address)
  }
}
