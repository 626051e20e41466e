/**
 * The `shortlist:first-rows` performance mark: set once per opened list, when its first rows
 * are in the page (from the cached view or from the document, whichever comes first). The
 * bench reads it; `shortlist:render-list` still marks the list rendered from its document.
 */
const FIRST_ROWS = 'shortlist:first-rows'
let marked = false

/** Starts a new list opening: the next rows put in the page set the mark again. */
export function expectFirstRows(): void {
  marked = false
  performance.clearMarks?.(FIRST_ROWS)
}

/** Marks that the first rows are in the page (once per opening). */
export function markFirstRows(): void {
  if (marked) return
  marked = true
  performance.mark?.(FIRST_ROWS)
}
