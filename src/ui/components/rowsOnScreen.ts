/**
 * Which rows of a rendered list are on screen, read from the DOM (the rows' real boxes, so
 * rows of any height count right). Bounded by the rows in the DOM down to the screen's bottom
 * (a plain list has at most `VIRTUALIZE_FROM`; the windowed list renders a few dozen).
 */
import type { PaperId } from '../../doc/ids.js'

/** The ids of the list's rows (`li[data-row-id]`) that show at least a pixel in the viewport, top to bottom. */
export function rowIdsOnScreen(list: HTMLElement): PaperId[] {
  const height = window.innerHeight
  const ids: PaperId[] = []
  for (const row of list.children) {
    const id = (row as HTMLElement).dataset['rowId']
    if (!id) continue
    const box = row.getBoundingClientRect()
    // rows run top to bottom: the first one below the screen ends the scan
    if (box.top >= height) break
    if (box.bottom > 0 && box.height > 0) ids.push(id as PaperId)
  }
  return ids
}

/** A row's top relative to the viewport, or null when it is not in the DOM. */
export function rowTop(list: HTMLElement, id: PaperId): number | null {
  for (const row of list.children) if ((row as HTMLElement).dataset['rowId'] === id) return row.getBoundingClientRect().top
  return null
}
