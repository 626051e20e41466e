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

  /** True when the bucket has refilled completely (its state can be forgotten). */
  isFull(): boolean {
    return this.tokens + ((this.now() - this.last) / 1000) * this.perSecond >= this.burst
  }
}
