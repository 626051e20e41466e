/**
 * A tiny concurrency limit: at most `max` calls of the wrapped function run at once, the
 * rest wait their turn in order. Keeps one busy list from opening dozens of sockets to
 * Crossref or Hugging Face.
 */

/** Wraps `task` so that at most `max` calls are in flight together. */
export function limitConcurrency<A extends unknown[], R>(max: number, task: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  let running = 0
  const queue: (() => void)[] = []
  const next = () => {
    running--
    queue.shift()?.()
  }
  return (...args: A) =>
    new Promise<R>((resolve, reject) => {
      const start = () => {
        running++
        task(...args).then(resolve, reject).finally(next)
      }
      if (running < max) start()
      else queue.push(start)
    })
}
