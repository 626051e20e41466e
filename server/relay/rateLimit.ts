/** A token bucket: `take()` is false once more than `burst` tokens were taken faster than `perSecond`. */
export class TokenBucket {
  private tokens: number
  private last: number

  /** A full bucket refilled at `perSecond`, holding at most `burst`. */
  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst
    this.last = now()
  }

  /** Takes one token if there is one. */
  take(): boolean {
    const now = this.now()
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond)
    this.last = now
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }

  /** Whether a token is there to take (takes none). */
  canTake(): boolean {
    const now = this.now()
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond)
    this.last = now
    return this.tokens >= 1
  }

  /** True when the bucket has refilled completely (its state can be forgotten). */
  isFull(): boolean {
    return this.tokens + ((this.now() - this.last) / 1000) * this.perSecond >= this.burst
  }
}

/**
 * A byte budget: spending may take it into debt (a reply's size is known only once it is
 * built), and nothing more is allowed until the debt is repaid at `perSecond`. Holds at most
 * `burst` bytes of credit.
 */
export class ByteBudget {
  private credit: number
  private last: number

  /** A full budget refilled at `perSecond` bytes per second, holding at most `burst`. */
  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.credit = burst
    this.last = now()
  }

  /** Whether the budget is out of debt. */
  hasCredit(): boolean {
    return this.refill() > 0
  }

  /** Spends `bytes` (the budget may go negative). */
  spend(bytes: number): void {
    this.credit = this.refill() - bytes
  }

  /** Milliseconds until the budget is out of debt (0 if it is). */
  msUntilCredit(): number {
    const credit = this.refill()
    return credit > 0 ? 0 : Math.ceil(((1 - credit) / this.perSecond) * 1000)
  }

  private refill(): number {
    const now = this.now()
    this.credit = Math.min(this.burst, this.credit + ((now - this.last) / 1000) * this.perSecond)
    this.last = now
    return this.credit
  }
}
