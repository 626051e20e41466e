/**
 * A balance refilled at `perSecond` up to `burst`, the one clock both limits below run on.
 * Starts full.
 */
abstract class RefillingBalance {
  protected balance: number
  private last: number

  constructor(
    protected readonly perSecond: number,
    protected readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.balance = burst
    this.last = now()
  }

  /** Adds what has accrued since the last look (never above `burst`) and returns the balance. */
  protected refill(): number {
    const now = this.now()
    this.balance = Math.min(this.burst, this.balance + ((now - this.last) / 1000) * this.perSecond)
    this.last = now
    return this.balance
  }
}

/** A token bucket: `take()` is false once more than `burst` tokens were taken faster than `perSecond`. */
export class TokenBucket extends RefillingBalance {
  /** Takes one token if there is one. */
  take(): boolean {
    if (this.refill() < 1) return false
    this.balance -= 1
    return true
  }

  /** Whether a token is there to take (takes none). */
  canTake(): boolean {
    return this.refill() >= 1
  }

  /** True when the bucket has refilled completely (its state can be forgotten). */
  isFull(): boolean {
    return this.refill() >= this.burst
  }
}

/**
 * A byte budget: spending may take it into debt (a reply's size is known only once it is
 * built), and nothing more is allowed until the debt is repaid at `perSecond`. Holds at most
 * `burst` bytes of credit.
 */
export class ByteBudget extends RefillingBalance {
  /** Whether the budget is out of debt. */
  hasCredit(): boolean {
    return this.refill() > 0
  }

  /** Spends `bytes` (the budget may go negative). */
  spend(bytes: number): void {
    this.balance = this.refill() - bytes
  }

  /** Milliseconds until the budget is out of debt (0 if it is). */
  msUntilCredit(): number {
    const credit = this.refill()
    return credit > 0 ? 0 : Math.ceil(((1 - credit) / this.perSecond) * 1000)
  }
}
