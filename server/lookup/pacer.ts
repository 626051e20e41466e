/**
 * One gate for calls to an upstream that asks for a least gap between calls (arXiv: one call
 * every 3 s, for all users of this relay together). Calls run one at a time, in the order they
 * asked; each starts no sooner than `intervalMs` after the previous one ended, so a slow call
 * never lets the next one follow too closely. The id batches and the title searches share one.
 */

/** What a pacer needs: the gap and a clock it can be tested with. */
export interface PacerOptions {
  intervalMs: number
  now: () => number
  sleep: (ms: number) => Promise<void>
}

/** A paced gate: `run` waits its turn and the gap, then calls `task`. */
export interface Pacer {
  /** Runs `task` in turn; its result or error is passed through. */
  run<T>(task: () => Promise<T>): Promise<T>
  /** Calls made so far (for tests and figures). */
  readonly calls: number
}

/** Makes an idle pacer. */
export function makePacer(options: PacerOptions): Pacer {
  let lastEnd = Number.NEGATIVE_INFINITY
  let tail: Promise<unknown> = Promise.resolve()
  let calls = 0
  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      const turn = tail.then(async () => {
        const wait = lastEnd + options.intervalMs - options.now()
        if (wait > 0) await options.sleep(wait)
        calls++
        try {
          return await task()
        } finally {
          lastEnd = options.now()
        }
      })
      tail = turn.catch(() => {})
      return turn
    },
    get calls() {
      return calls
    },
  }
}
