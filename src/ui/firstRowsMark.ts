/**
 * Marks `shortlist:first-rows` (a performance mark) once the first list row is painted: in
 * the frame after an `article.paper-row` first enters the page, after layout
 * (`requestAnimationFrame`, then a task). The bench and anyone profiling read it; it does not
 * depend on how the list renders its rows (the first script's plain rows or the app's), only
 * on the row's element. One watch per page: the first script starts it, the app joins it.
 */

/** The mark's name. */
export const FIRST_ROWS_MARK = 'shortlist:first-rows'

/** A page that shows no list row this long after start (the home page, say) stops watching. */
const WATCH_MS = 30_000

/** Work that waits for the first rows is let go this long after start on a page that shows none yet. */
const AFTER_START_MS = 3_000

let watching = false
let released = false
/** Work waiting for the first rows; bound: one entry per caller (the first script and the app's entry). */
const waiting: (() => void)[] = []

function release(): void {
  if (released) return
  released = true
  for (const then of waiting.splice(0)) then()
}

/**
 * Watches `root` until the first list row appears (or `WATCH_MS` pass), then marks the paint
 * after it. `afterFirstRows` runs once, after that paint or `AFTER_START_MS` after the watch
 * started, whichever comes first: work that must not compete with the first rows (the service
 * worker's registration) waits for it. A later call only adds its `afterFirstRows` (run at
 * once when the rows have painted already): the page is marked once.
 */
export function markFirstRows(root: Node, afterFirstRows: () => void = () => {}, selector = 'article.paper-row'): void {
  if (released) afterFirstRows()
  else waiting.push(afterFirstRows)
  if (watching) return
  watching = true
  setTimeout(release, AFTER_START_MS)
  if (typeof MutationObserver === 'undefined' || typeof requestAnimationFrame === 'undefined') return release()
  const marked = () => {
    requestAnimationFrame(() => setTimeout(() => {
      performance.mark(FIRST_ROWS_MARK)
      release()
    }, 0))
  }
  if ((root as ParentNode).querySelector(selector)) return marked()
  const observer = new MutationObserver(() => {
    if (!(root as ParentNode).querySelector(selector)) return
    stop()
    marked()
  })
  const timer = setTimeout(() => stop(), WATCH_MS)
  const stop = () => {
    observer.disconnect()
    clearTimeout(timer)
  }
  observer.observe(root, { childList: true, subtree: true })
}
