/**
 * What the first script hands to the app: the cached view it painted (for the list in the
 * address) and the votes tapped on those rows before the app ran. Kept in a module of its own,
 * free of Solid and Yjs, so the first script stays small; the app takes it once.
 */
import type { CachedView } from '../sync/cachedView.js'

/** A list painted by the first script, before the app's code was loaded. */
export interface EarlyStart {
  listId: string
  /** The address's query (`location.search`) the view was painted for. */
  query: string
  view: CachedView
  /** The reader's wanted vote per paper id, in the order tapped (the same map the app's vote intents use). */
  wants: Map<string, boolean>
  /** The paper whose vote button has focus now, or null. */
  focusedPaperId: () => string | null
  /** The paper whose vote button had focus when the app emptied the page (`clearForApp`), or null. */
  focusAtHandover?: string | null
}

let painted: EarlyStart | null = null
let appStarted = false

/** True once the app has started its first render: from then on the page is the app's to paint. */
export const appHasStarted = (): boolean => appStarted

/** Records the list the first script painted (replacing any before). */
export function setEarlyStart(start: EarlyStart): void {
  painted = start
}

/**
 * The early start for this list and query, handed over once: the app's cached page takes its
 * view and taps, and the first script's rows leave the page in the same task.
 */
export function takeEarlyStart(listId: string, query: string): EarlyStart | null {
  const start = painted
  if (!start || start.listId !== listId || start.query !== query) return null
  painted = null
  return start
}

/**
 * Empties the app's root for its first render, in the same task as that render (so no frame
 * shows neither the first script's rows nor the app's), noting which early row had focus.
 * Returns what to call once the app has rendered: it puts the page back where the reader had
 * scrolled it (emptying the page lets the browser move the scroll position).
 */
export function clearForApp(root: HTMLElement): () => void {
  appStarted = true
  if (!painted) {
    root.textContent = ''
    return () => {}
  }
  painted.focusAtHandover = painted.focusedPaperId()
  const { scrollX, scrollY } = window
  root.textContent = ''
  return () => {
    if (window.scrollX !== scrollX || window.scrollY !== scrollY) window.scrollTo(scrollX, scrollY)
  }
}
