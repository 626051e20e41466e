/**
 * Marks `shortlist:first-rows` (a performance mark) once the first list row is painted: in
 * the frame after an `article.paper-row` first enters the page, after layout
 * (`requestAnimationFrame`, then a task). The bench and anyone profiling read it; it does not
 * depend on how the list renders its rows, only on the row's element.
 */

/** The mark's name. */
export const FIRST_ROWS_MARK = 'shortlist:first-rows'

/** A page that shows no list row this long after start (the home page, say) stops watching. */
const WATCH_MS = 30_000

/** Watches `root` until the first list row appears (or `WATCH_MS` pass), then marks the paint after it. */
export function markFirstRows(root: Node, selector = 'article.paper-row'): void {
  if (typeof MutationObserver === 'undefined' || typeof requestAnimationFrame === 'undefined') return
  const observer = new MutationObserver(() => {
    if (!(root as ParentNode).querySelector(selector)) return
    stop()
    requestAnimationFrame(() => setTimeout(() => performance.mark(FIRST_ROWS_MARK), 0))
  })
  const timer = setTimeout(() => stop(), WATCH_MS)
  const stop = () => {
    observer.disconnect()
    clearTimeout(timer)
  }
  observer.observe(root, { childList: true, subtree: true })
}
