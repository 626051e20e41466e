/**
 * Deferring work past the next paint, so it never lands in the task that follows a paint
 * (where it would hold up the first input and anything queued behind it).
 */

/** Runs `then` after the next frame has been laid out and painted; returns a canceller. */
export function afterPaint(then: () => void): () => void {
  let cancelled = false
  const run = () => {
    if (!cancelled) then()
  }
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(run, 0))
  else setTimeout(run, 0)
  return () => {
    cancelled = true
  }
}

/** Runs `then` once the next frame has painted and the page is idle (at most `timeoutMs` later); returns a canceller. */
export function afterPaintWhenIdle(then: () => void, timeoutMs: number): () => void {
  let cancelled = false
  const run = () => {
    if (!cancelled) then()
  }
  const cancelPaint = afterPaint(() => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: timeoutMs })
    else setTimeout(run, 0)
  })
  return () => {
    cancelled = true
    cancelPaint()
  }
}
